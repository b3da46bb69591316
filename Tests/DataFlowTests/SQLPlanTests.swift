import DataFlow
import Testing

/// How SQL shapes plans: CTEs used more than once are computed once per run.
@Suite struct CTEReuseTests {
    let s: Session = {
        let s = Session(threads: 2)
        return s
    }()

    @Test func cteUsedTwiceIsComputedOnce() throws {
        let q = """
            WITH g AS (SELECT id % 3 AS k, count(*) AS n FROM range(30) GROUP BY id % 3)
            SELECT x.k, x.n + y.n AS twice FROM g x JOIN g y ON x.k = y.k ORDER BY x.k
            """
        let df = try s.sql(q)
        #expect(try rows(df) == [[.int64(0), .int64(20)], [.int64(1), .int64(20)], [.int64(2), .int64(20)]])
        let plan = try df.explainString(extended: true)
        #expect(plan.contains("SharedSubplan g"))
        // Used once: inlined (no shared node), so filters reach into it.
        let once = try s.sql("WITH g AS (SELECT id % 3 AS k, count(*) AS n FROM range(30) GROUP BY id % 3) SELECT * FROM g WHERE k = 1")
        #expect(try rows(once) == [[.int64(1), .int64(10)]])
        #expect(!(try once.explainString(extended: true)).contains("SharedSubplan"))
    }

    @Test func sharedCTEGivesOneAnswerToEveryReference() throws {
        // A scalar subquery over the same CTE: max(v) matches exactly one row.
        let q2 = """
            WITH r AS (SELECT id, sum(id * 0.1) AS v FROM range(1000) GROUP BY id)
            SELECT count(*) FROM r WHERE v = (SELECT max(v) FROM r)
            """
        #expect(try rows(s.sql(q2)) == [[.int64(1)]])
        #expect(try s.sql(q2).explainString(extended: true).contains("SharedSubplan r"))
    }
}
