import DataFlow
import Testing

/// The function library from a .dfs script under Spark's names: new scalar families, aggregates with the
/// Swift API's names, and time-window grouping.
@Suite struct FunctionLibraryScriptTests {
    @Test func sparkNamedFunctionsFromAScript() {
        let out = outputOf("""
        df = sql("SELECT * FROM VALUES ('a,b', 1), ('c', 1), ('d', 2) AS t(s, x)")
        r = df.select(concat_ws("-", s, lit("z")).alias("c"), lpad(s, 4, "*").alias("p"), split(s, ",").alias("parts")).first()
        print(r.c, r.p, r.parts)
        a = df.agg(sum_distinct(x).alias("sd"), count_distinct(x).alias("cd"), count_if(x > 1).alias("ci"), max_by(s, x).alias("mb")).first()
        print(a.sd, a.cd, a.ci, a.mb)
        print(df.select(sha2(s, 256).alias("h")).first().h)
        print(df.select(create_map(s, x).alias("m")).first().m)
        """)
        #expect(out == "a,b-z *a,b [\"a\", \"b\"]\n3 2 1 d\n1eb7c54d52831bbfe8942af0b1c56b7409523a59ed6ca99c1174fef7eb32c1b5\n{a,b -> 1}\n")
    }

    @Test func timeWindowsGroupFromAScriptAndFailElsewhere() {
        let out = outputOf("""
        e = sql("SELECT * FROM VALUES (TIMESTAMP '2024-01-01 10:07:00', 1), (TIMESTAMP '2024-01-01 10:08:00', 2), (TIMESTAMP '2024-01-01 10:12:00', 3) AS t(ts, v)")
        w = e.groupBy(window(ts, "5 minutes")).agg(sum(v).alias("total")).orderBy("window.start").collect()
        print(len(w), w[0].total, w[1].total)
        """)
        #expect(out == "2 3 3\n")
        #expect(throws: DataFlowError.self) {
            try Session(threads: 1).sql("SELECT window(TIMESTAMP '2024-01-01 10:07:00', '5 minutes')").collect()
        }
    }
}
