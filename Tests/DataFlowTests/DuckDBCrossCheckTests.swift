import DataFlow
import Testing

/// Reference answers computed by DuckDB with Scripts/fixtures/make_engine_fixtures.py (pasted output;
/// re-run the script and paste again if the table or the queries change).
enum DuckDBAnswers {
    // SELECT k::BIGINT, count(*)::BIGINT, count(DISTINCT s)::BIGINT, sum(v)::DOUBLE, avg(v)::DOUBLE, stddev_samp(v)::DOUBLE, median(v)::DOUBLE, min(v)::DOUBLE, max(v)::DOUBLE FROM t GROUP BY k ORDER BY k NULLS FIRST
    static let byK: [[Value]] = [
        [.null, .int64(19), .int64(5), .double(128.25), .double(6.75), .double(4.220485754033533), .double(6.75), .double(0.0), .double(13.5)],
        [.int64(0), .int64(26), .int64(5), .double(341.0), .double(13.115384615384615), .double(7.403455534151187), .double(14.0), .double(0.75), .double(24.75)],
        [.int64(1), .int64(26), .int64(5), .double(327.0), .double(12.576923076923077), .double(7.471870325015428), .double(12.875), .double(0.25), .double(24.25)],
        [.int64(2), .int64(26), .int64(5), .double(363.5), .double(13.98076923076923), .double(7.361359615221591), .double(14.375), .double(0.5), .double(25.0)],
        [.int64(3), .int64(27), .int64(5), .double(339.25), .double(12.564814814814815), .double(7.5719601010623245), .double(13.0), .double(0.0), .double(24.0)],
        [.int64(4), .int64(25), .int64(5), .double(319.25), .double(12.77), .double(7.340640299047489), .double(13.75), .double(0.25), .double(24.75)],
        [.int64(5), .int64(25), .int64(5), .double(346.5), .double(13.86), .double(7.55813579308196), .double(14.0), .double(1.0), .double(25.0)],
        [.int64(6), .int64(26), .int64(5), .double(337.5), .double(12.98076923076923), .double(7.321858738367968), .double(12.875), .double(0.5), .double(24.5)],
    ]
    // SELECT s, count(*)::BIGINT, count(label)::BIGINT, sum(v)::DOUBLE FROM t LEFT JOIN w USING (k) GROUP BY s ORDER BY s
    static let bySLeftJoin: [[Value]] = [
        [.string("g0"), .int64(46), .int64(23), .double(631.5)],
        [.string("g1"), .int64(45), .int64(20), .double(540.75)],
        [.string("g2"), .int64(45), .int64(21), .double(521.25)],
        [.string("g3"), .int64(46), .int64(22), .double(570.25)],
        [.string("g4"), .int64(44), .int64(19), .double(565.5)],
    ]
    // SELECT i::BIGINT, k::BIGINT, v::DOUBLE FROM t ORDER BY v DESC, i ASC LIMIT 5
    static let top5: [[Value]] = [
        [.int64(30), .int64(2), .double(25.0)],
        [.int64(131), .int64(5), .double(25.0)],
        [.int64(60), .int64(4), .double(24.75)],
        [.int64(161), .int64(0), .double(24.75)],
        [.int64(90), .int64(6), .double(24.5)],
    ]
    // SELECT count(*)::BIGINT, count(k)::BIGINT, count(DISTINCT k)::BIGINT, sum(v)::DOUBLE, stddev_samp(v)::DOUBLE, var_samp(v)::DOUBLE, median(v)::DOUBLE FROM t
    static let global: [[Value]] = [
        [.int64(200), .int64(181), .int64(7), .double(2502.25), .double(7.327895413655092), .double(53.698051193467336), .double(12.5)],
    ]
}

/// The script's table: for i in 0..<200, k = i % 7 (NULL when i % 11 == 0), v = (i * 37 % 101) / 4.0,
/// s = "g" + (i % 5); and w(k, label) with a duplicate and a NULL key.
func fixtureTables(_ s: Session) throws -> (t: DataFrame, w: DataFrame) {
    var rows: [[Value]] = []
    for i in 0..<200 {
        let k: Value = i % 11 == 0 ? .null : .int32(Int32(i % 7))
        let v = Double(i * 37 % 101) / 4.0
        rows.append([.int32(Int32(i)), k, .double(v), .string("g\(i % 5)")])
    }
    let t = try s.createDataFrame(rows, schema: Schema([Field("i", .int32), Field("k", .int32), Field("v", .float64), Field("s", .string)]))
    let w = try s.createDataFrame([
        [.int32(0), .string("zero")], [.int32(1), .string("one")], [.int32(1), .string("uno")], [.int32(3), .string("three")], [.null, .string("none")],
    ], schema: Schema([Field("k", .int32), Field("label", .string)]))
    return (t, w)
}

/// Integers compare by value whatever their width; doubles to 1e-9 relative.
func sameAnswer(_ actual: [[Value]], _ expected: [[Value]]) -> Bool {
    guard actual.count == expected.count else { return false }
    for (a, e) in zip(actual, expected) {
        guard a.count == e.count else { return false }
        for (x, y) in zip(a, e) {
            switch y {
            case .null: if !x.isNull { return false }
            case .int64(let n): if x.int64Value != n || x.type == .float64 { return false }
            case .double(let d): if x.type != .float64 || !approx(x.doubleValue, d) { return false }
            default: if x != y { return false }
            }
        }
    }
    return true
}

@Suite struct DuckDBCrossCheckTests {
    @Test(arguments: [1, 2]) func matchesDuckDB(threads: Int) throws {
        let s = Session(threads: threads)
        let (t, w) = try fixtureTables(s)
        let byK = try rows(t.groupBy("k").agg(count(), countDistinct("s"), sum("v"), avg("v"), stddev("v"), median("v"), min("v"), max("v")).orderBy("k"))
        #expect(sameAnswer(byK, DuckDBAnswers.byK), "\(byK)")
        let joined = try t.join(w, on: "k", how: "left").groupBy("s").agg(count(), count("label"), sum("v")).orderBy("s")
        let bySLeftJoin = try rows(joined)
        #expect(sameAnswer(bySLeftJoin, DuckDBAnswers.bySLeftJoin), "\(bySLeftJoin)")
        let top5 = try rows(t.orderBy(desc("v"), asc("i")).limit(5).select("i", "k", "v"))
        #expect(sameAnswer(top5, DuckDBAnswers.top5), "\(top5)")
        let global = try rows(t.agg(count(), count("k"), countDistinct("k"), sum("v"), stddev("v"), variance("v"), median("v")))
        #expect(sameAnswer(global, DuckDBAnswers.global), "\(global)")
    }
}
