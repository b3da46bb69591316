import DataFlow
import Testing

/// The Swift API of the aggregates and hash functions added with the function library (their SQL
/// answers are checked against Spark by `aggregate.sql` / `hash.sql` in SparkFunctionFixtureTests).
@Suite struct AggregateAndHashFunctionTests {
    /// k: "a" → (x 1, s "p", b true), (3, "q", false), (3, "r", NULL); "b" → (NULL, "z", NULL), (-2, "y", false).
    func data(_ s: Session = session) throws -> DataFrame {
        let rows: [[Value]] = [
            [.string("a"), .int32(1), .string("p"), .bool(true)],
            [.string("b"), .null, .string("z"), .null],
            [.string("a"), .int32(3), .string("q"), .bool(false)],
            [.string("b"), .int32(-2), .string("y"), .bool(false)],
            [.string("a"), .int32(3), .string("r"), .null],
        ]
        return try s.createDataFrame(rows, schema: Schema([Field("k", .string), Field("x", .int32), Field("s", .string), Field("b", .boolean)]))
    }

    @Test func groupedAggregates() throws {
        let r = try data().groupBy("k").agg(
            count_if(col("x") > 1).as("ci"), mode(col("x")).as("mo"), bool_and(col("b")).as("ba"), bool_or(col("b")).as("bo"),
            max_by(col("s"), col("x")).as("mb"), min_by(col("s"), col("x")).as("nb"), first(col("x"), ignoreNulls: true).as("f"),
            last(col("b"), ignoreNulls: true).as("l"), any_value(col("x")).as("av"), sum_distinct(col("x")).as("sd"),
            count_distinct(col("x")).as("cd"), approx_count_distinct(col("s")).as("acd")
        ).orderBy("k").collect()
        #expect(r.count == 2)
        #expect(r[0].values == [.string("a"), .int64(2), .int32(3), .bool(false), .bool(true), .string("q"), .string("p"),
                                .int32(1), .bool(false), .int32(1), .int64(4), .int64(2), .int64(3)])
        #expect(r[1].values == [.string("b"), .int64(0), .int32(-2), .bool(false), .bool(false), .string("y"), .string("y"),
                                .int32(-2), .bool(false), .null, .int64(-2), .int64(1), .int64(2)])
    }

    @Test func momentsAndCorrelation() throws {
        let df = try session.createDataFrame([[.double(1), .double(2)], [.double(2), .double(4)], [.double(10), .double(7)]],
                                             schema: Schema([Field("x", .float64), Field("y", .float64)]))
        let r = try df.agg(skewness(col("x")), kurtosis(col("x")), corr(col("x"), col("y")), covar_samp(col("x"), col("y")),
                           covar_pop(col("x"), col("y")), stddev_samp(col("x")), var_samp(col("x"))).collect()[0]
        // Spark's answers: skewness 0.674555484545766, kurtosis -1.5.
        #expect(approx(r.values[0].doubleValue, 0.674555484545766))
        #expect(approx(r.values[1].doubleValue, -1.5))
        // x mean 13/3, y mean 13/3: Σdx·dy = 71/3, Σdx² = 146/3, Σdy² = 38/3.
        #expect(approx(r.values[2].doubleValue, (71.0 / 3) / ((146.0 / 3) * (38.0 / 3)).squareRoot()))
        #expect(approx(r.values[3].doubleValue, 71.0 / 6))
        #expect(approx(r.values[4].doubleValue, 71.0 / 9))
        #expect(approx(r.values[5].doubleValue, (73.0 / 3).squareRoot()))
        #expect(approx(r.values[6].doubleValue, 73.0 / 3))
    }

    @Test func regressionAndMultiColumnCount() throws {
        let df = try session.createDataFrame([[.int32(1), .int32(1)], [.int32(3), .int32(2)], [.int32(5), .int32(3)], [.null, .int32(9)], [.int32(5), .int32(3)]],
                                             schema: Schema([Field("y", .int32), Field("x", .int32)]))
        let r = try df.agg(regr_count(col("y"), col("x")), regr_slope(col("y"), col("x")), regr_intercept(col("y"), col("x")),
                           regr_r2(col("y"), col("x")), regr_avgx(col("y"), col("x")), count(col("y"), col("x")),
                           count_distinct(col("y"), col("x"))).collect()[0]
        // y = 2x − 1 exactly on the four complete rows (one repeated).
        #expect(r.values[0] == .int64(4))
        #expect(approx(r.values[1].doubleValue, 2) && approx(r.values[2].doubleValue, -1) && approx(r.values[3].doubleValue, 1))
        #expect(approx(r.values[4].doubleValue, 9.0 / 4))
        #expect(r.values[5] == .int64(4))
        #expect(r.values[6] == .int64(3))
    }

    /// Partial states merged across workers give the single-worker answers.
    @Test func parallelMergeMatchesSerial() throws {
        func run(_ threads: Int) throws -> [Value] {
            let s = Session(threads: threads)
            let df = s.range(0, 300_000).select((col("id") % 7).as("k"), (col("id") % 1000).as("v"), (col("id") * 0.001).as("d"))
            return try df.groupBy("k").agg(
                approx_count_distinct(col("v")).as("acd"), mode(col("v") % 13).as("mo"), count_if(col("v") > 500).as("ci"),
                max_by(col("v"), col("d")).as("mb"), bool_or(col("v") == 999).as("bo"), skewness(col("d")).as("sk"),
                kurtosis(col("d")).as("ku")
            ).orderBy("k").collect().flatMap(\.values)
        }
        let one = try run(1), two = try run(2)
        #expect(one.count == two.count && one.count == 7 * 8)
        for (a, b) in zip(one, two) {
            if case .double(let x) = a, case .double(let y) = b { #expect(approx(x, y, tol: 1e-9)) } else { #expect(a == b) }
        }
    }

    @Test func hashFunctions() throws {
        let df = try session.createDataFrame([[.int32(1), .string("abc")], [.null, .string("")], [.int32(-7), .null]],
                                             schema: Schema([Field("x", .int32), Field("s", .string)]))
        let r = try df.select(hash(col("x")), hash(col("s")), xxhash64(col("x")), hash(col("x"), col("s"))).collect()
        // Spark's values: hash(1) = -559580957, hash('abc') = 1322437556, hash('') = 142593372, hash(-7) = -1618159745,
        // xxhash64(1) = -6698625589789238999, xxhash64(-7) = 4987848727247274714; NULL leaves the seed 42.
        #expect(r.map(\.values[0]) == [.int32(-559580957), .int32(42), .int32(-1618159745)])
        #expect(r.map(\.values[1]) == [.int32(1322437556), .int32(142593372), .int32(42)])
        #expect(r.map(\.values[2]) == [.int64(-6698625589789238999), .int64(42), .int64(4987848727247274714)])
        // Chained: hash(x, s) seeds the second hash with the first; a NULL argument is skipped.
        #expect(r[1].values[3] == .int32(142593372))
        #expect(r[2].values[3] == .int32(-1618159745))
    }
}
