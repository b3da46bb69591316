import DataFlow
import Foundation
import Synchronization
import Testing

/// Swift UDFs and UDAFs: DataFrame positions, nulls, types, errors, registration for SQL, parallel runs.
@Suite struct UDFTests {
    /// ages(id bigint, age int, score double, name string) with NULLs.
    static func ages(_ s: Session = session) throws -> DataFrame {
        try s.createDataFrame([
            [.int64(1), .int32(30), .double(1.5), .string("alice")],
            [.int64(2), .null, .double(2.5), .string("bob")],
            [.int64(3), .int32(25), .null, .null],
            [.int64(4), .int32(40), .double(4.0), .string("dave")],
        ], schema: Schema([Field("id", .int64), Field("age", .int32), Field("score", .float64), Field("name", .string)]))
    }

    static let weighted = udf("weighted") { (score: Double, age: Int64) -> Double in score * Double(age) }

    @Test func selectAndWithColumn() throws {
        let df = try Self.ages()
        let out = try rows(df.select(col("id"), Self.weighted(col("score"), col("age")).as("w")).orderBy("id"))
        #expect(out.map { $0[1] } == [.double(45), .null, .null, .double(160)])
        let named = try df.withColumn("w", Self.weighted(col("score"), col("age")))
        #expect(try named.schema.fields.map(\.name) == ["id", "age", "score", "name", "w"])
        #expect(try named.schema.fields.first { $0.name == "w" }?.type == .float64)
        #expect(try rows(named.filter(col("id") == 1)).first?[4] == .double(45))
        // The default column name is the call, as Spark names it.
        #expect(try df.select(Self.weighted(col("score"), col("age"))).schema.fields[0].name == "weighted(score, age)")
    }

    @Test func filterGroupKeyAggArgumentAndOrderBy() throws {
        let df = try Self.ages()
        let older = udf { (age: Int32) -> Bool in age >= 30 }
        #expect(try rows(df.filter(older(col("age"))).select("id").orderBy("id")) == [[.int64(1)], [.int64(4)]])

        let decade = udf("decade") { (age: Int32) -> Int32 in age / 10 * 10 }
        let grouped = df.groupBy(decade(col("age")).as("d")).agg(count().as("n")).orderBy("d")
        #expect(try rows(grouped) == [[.null, .int64(1)], [.int32(20), .int64(1)], [.int32(30), .int64(1)], [.int32(40), .int64(1)]])

        let square = udf { (x: Int64) -> Int64 in x * x }
        #expect(try rows(df.agg(sum(square(col("id"))))) == [[.int64(1 + 4 + 9 + 16)]])

        let negate = udf { (x: Int64) -> Int64 in -x }
        #expect(try rows(df.orderBy(negate(col("id"))).select("id")).map { $0[0] } == [.int64(4), .int64(3), .int64(2), .int64(1)])
    }

    @Test func nullsSkipNonOptionalParametersAndReachOptionalOnes() throws {
        let df = try Self.ages()
        let calls = Counter()
        let strict = udf { (name: String) -> Int64 in calls.add(); return Int64(name.count) }
        #expect(try rows(df.select(strict(col("name"))).orderBy(col("id"))).map { $0[0] }.filter(\.isNull).count == 1)
        #expect(calls.value == 3, "the closure is not called for the NULL name")

        let greeting = udf { (name: String?) -> String in "hi \(name ?? "nobody")" }
        #expect(try rows(df.orderBy("id").select(greeting(col("name")))).map { $0[0] }
                == [.string("hi alice"), .string("hi bob"), .string("hi nobody"), .string("hi dave")])

        let young = udf { (age: Int32) -> Int32? in age < 35 ? age : nil }
        let out = try df.orderBy("id").select(young(col("age")).as("y"))
        #expect(try rows(out).map { $0[0] } == [.int32(30), .null, .int32(25), .null])
        #expect(try out.schema.fields.first { $0.name == "y" }?.nullable == true)

        // A non-optional result over non-null inputs is a non-nullable column.
        let plusOne = udf { (x: Int64) -> Int64 in x + 1 }
        #expect(try session.range(3).select(plusOne(col("id")).as("p")).schema.fields.first { $0.name == "p" }?.nullable == false)
    }

    @Test func everyColumnValueTypeAsArgumentAndResult() throws {
        let df = try session.createDataFrame([
            [.int32(7), .int64(8), .double(1.5), .bool(true), .string("ab"), .date(10), .timestamp(1_000_000),
             .decimal(1234, precision: 10, scale: 2)],
        ], schema: Schema([Field("i", .int32), Field("l", .int64), Field("d", .float64), Field("b", .boolean), Field("s", .string),
                           Field("dt", .date), Field("ts", .timestamp), Field("dec", .decimal(precision: 10, scale: 2))]))
        let asInt = udf { (x: Int) -> Int in x + 1 }
        let asInt32 = udf { (x: Int32) -> Int32 in x + 1 }
        let asInt64 = udf { (x: Int64) -> Int64 in x + 1 }
        let asDouble = udf { (x: Double) -> Double in x * 2 }
        let asFloat = udf { (x: Float) -> Float in x * 2 }
        let asBool = udf { (x: Bool) -> Bool in !x }
        let asString = udf { (x: String) -> String in x.uppercased() }
        let asLocalDate = udf { (x: LocalDate) -> LocalDate in LocalDate(daysSinceEpoch: x.daysSinceEpoch + 1) }
        let asDate = udf { (x: Date) -> Date in x.addingTimeInterval(1) }
        let asDecimal = udf { (x: Decimal) -> Decimal in x * 2 }
        let asOptional = udf { (x: Int64?) -> Int64? in x.map { $0 * 3 } }
        let out = try df.select(asInt(col("i")), asInt32(col("i")), asInt64(col("l")), asDouble(col("d")), asFloat(col("d")),
                                asBool(col("b")), asString(col("s")), asLocalDate(col("dt")), asDate(col("ts")),
                                asDecimal(col("dec")), asOptional(col("l")))
        #expect(try out.schema.fields.map(\.type) == [.int64, .int32, .int64, .float64, .float64, .boolean, .string, .date, .timestamp,
                                                      .decimal(precision: 38, scale: 18), .int64])
        let r = try rows(out)[0]
        #expect(Array(r[0..<9]) == [.int64(8), .int32(8), .int64(9), .double(3), .double(3), .bool(false), .string("AB"), .date(11),
                                    .timestamp(2_000_000)])
        #expect(approx(r[9].doubleValue, 24.68))
        #expect(r[10] == .int64(24))
        // The widenings the typed readers accept: an int column read as Int64, Double and Decimal, a date as Date.
        let widened = try rows(df.select(asInt64(col("i")), asDouble(col("l")), asDecimal(col("i")), asDate(col("dt"))))[0]
        #expect(Array(widened[0..<2]) == [.int64(8), .double(16)])
        #expect(approx(widened[2].doubleValue, 14))
        #expect(widened[3] == .timestamp(10 * 86_400_000_000 + 1_000_000))
    }

    @Test func everyArityUpToFive() throws {
        let df = session.range(1, 3)
        let x = col("id")
        let three = udf { (a: Int64, b: Int64, c: Int64) -> Int64 in a * 100 + b * 10 + c }
        let four = udf { (a: Int64, b: Int32, c: Double, d: String) -> String in "\(a)-\(b)-\(c)-\(d)" }
        let five = udf { (a: Int64, b: Int64, c: Int64, d: Int64, e: Int64?) -> Int64 in a + b + c + d + (e ?? 100) }
        let out = try rows(df.select(three(x, x, x), four(x, lit(7), x, lit("z")), five(x, x, x, x, lit(null: .int64))))
        #expect(out == [[.int64(111), .string("1-7-1.0-z"), .int64(104)], [.int64(222), .string("2-7-2.0-z"), .int64(108)]])
    }

    @Test func argumentsAreCoercedOrRejectedByName() throws {
        let df = try session.createDataFrame(columns: [("text", [.string("2.5"), .string("x")]), ("flag", [.bool(true), .bool(false)])])
        let half = udf("half") { (x: Double) -> Double in x / 2 }
        // A string argument to a Double parameter is cast as Spark casts it (ANSI: a bad number fails).
        #expect(try rows(df.limit(1).select(half(col("text")))) == [[.double(1.25)]])
        #expect(errorClass { _ = try df.select(half(col("text"))).collect() } == "CAST_INVALID_INPUT")

        let wrongType = dataFlowError { _ = try df.select(half(col("flag"))).collect() }
        #expect(wrongType?.errorClass == "DATATYPE_MISMATCH")
        #expect(wrongType?.message.contains("argument 1 (flag) is boolean") == true)
        #expect(wrongType?.message.contains("half: (double) => double") == true)

        let wrongCount = dataFlowError { _ = try df.select(half(col("text"), col("text"))).collect() }
        #expect(wrongCount?.errorClass == "WRONG_NUM_ARGS")
        #expect(wrongCount?.message.contains("`half: (double) => double` takes 1 argument(s) but got 2") == true)
    }

    struct BadNumber: Error, CustomStringConvertible {
        let text: String
        var description: String { "not a number: \(text)" }
    }

    @Test func thrownErrorsFailTheQueryWithTheSignature() throws {
        let df = try session.createDataFrame(columns: [("text", [.string("12"), .string("x1")])])
        let parse = udf("parse") { (s: String) throws -> Int64 in
            guard let v = Int64(s) else { throw BadNumber(text: s) }
            return v
        }
        let e = dataFlowError { _ = try df.select(parse(col("text"))).collect() }
        #expect(e?.errorClass == "FAILED_EXECUTE_UDF")
        #expect(e?.message == "User defined function (`parse: (string) => bigint`) failed due to: not a number: x1")
        #expect(try rows(df.limit(1).select(parse(col("text")))) == [[.int64(12)]])
    }

    @Test func explainShowsTheFunctionByName() throws {
        let text = try Self.ages().select(Self.weighted(col("score"), col("age")).as("w")).explainString()
        #expect(text.contains("weighted(score, age)"))
    }

    @Test func deterministicConstantsFoldButNondeterministicOnesDoNot() throws {
        let calls = Counter()
        let seven = udf("seven") { () -> Int64 in calls.add(); return 7 }
        let df = session.range(0, 5)
        #expect(try rows(df.select(seven().as("s"))).map { $0[0] } == Array(repeating: .int64(7), count: 5))
        #expect(calls.value < 5, "a deterministic call without arguments is folded at planning, not called per row")
        let fresh = Counter()
        let tick = udf("tick") { () -> Int64 in fresh.add() }.asNondeterministic()
        #expect(!tick.isDeterministic)
        let ticked = df.select(tick().as("t"))
        #expect(Set(try rows(ticked).map { $0[0] }).count == 5, "called once per row")
        #expect(try ticked.explainString().contains("tick()"))
    }

    @Test func registeredFunctionsInSQLAndByName() throws {
        let s = Session(threads: 2)
        try Self.ages(s).createOrReplaceTempView("people")
        let registered = s.udf.register("weigh", Self.weighted)
        #expect(registered.name == "weigh")
        s.udf.register("initial") { (name: String) -> String in String(name.prefix(1)) }
        #expect(s.udf.names == ["initial", "weigh"])
        #expect(s.udf.lookup("WEIGH")?.signature == "weigh: (double, bigint) => double")
        let q = try s.sql("SELECT id, weigh(score, age) AS w, initial(name) AS i FROM people WHERE weigh(score, age) > 50 ORDER BY id")
        #expect(try rows(q) == [[.int64(4), .double(160), .string("d")]])
        #expect(try rows(s.sql("SELECT initial(name) AS i, count(*) AS n FROM people GROUP BY initial(name) ORDER BY i")).count == 4)
        // By name from the DataFrame API.
        #expect(try rows(Self.ages(s).filter(col("id") == 1).select(call_udf("weigh", col("score"), col("age")))) == [[.double(45)]])
        #expect(errorClass { _ = try Self.ages(s).select(call_udf("nope", col("id"))).collect() } == "UNRESOLVED_ROUTINE")
        // A plan holds the function it was built with, whatever happens to the name later.
        s.udf.register("temporary") { (x: Int64) -> Int64 in x * 10 }
        let built = try Self.ages(s).filter(col("id") == 2).select(call_udf("temporary", col("id")))
        #expect(s.udf.unregister("temporary"))
        #expect(try rows(built) == [[.int64(20)]])
        // Registering again replaces; a registered name shadows a built-in in SQL.
        s.udf.register("initial") { (name: String) -> String in String(name.suffix(1)) }
        s.udf.register("upper") { (name: String) -> String in "<\(name)>" }
        #expect(try rows(s.sql("SELECT initial(name), upper(name) FROM people WHERE id = 1")) == [[.string("e"), .string("<alice>")]])
        #expect(s.udf.unregister("upper"))
        #expect(try rows(s.sql("SELECT upper(name) FROM people WHERE id = 1")) == [[.string("ALICE")]])
        // Another session does not see them.
        try Self.ages().createOrReplaceTempView("people_udf_probe")
        #expect(errorClass { _ = try session.sql("SELECT weigh(score, age) FROM people_udf_probe").collect() } == "UNRESOLVED_ROUTINE")
    }

    struct GeoMean: UserDefinedAggregate {
        var initial: State { State() }
        struct State { var logSum = 0.0; var n = 0 }
        func update(_ s: inout State, _ x: Double) { s.logSum += log(x); s.n += 1 }
        func merge(_ s: inout State, _ o: State) { s.logSum += o.logSum; s.n += o.n }
        func finish(_ s: State) -> Double? { s.n == 0 ? nil : exp(s.logSum / Double(s.n)) }
    }

    /// Counts NULLs too: an Optional input receives them.
    struct CountAll: UserDefinedAggregate {
        var initial: Int64 { 0 }
        func update(_ s: inout Int64, _ x: Int32?) { s += 1 }
        func merge(_ s: inout Int64, _ o: Int64) { s += o }
        func finish(_ s: Int64) -> Int64 { s }
    }

    struct Fails: UserDefinedAggregate {
        var initial: Int64 { 0 }
        func update(_ s: inout Int64, _ x: Int64) throws { if x == 3 { throw BadNumber(text: "three") }; s += x }
        func merge(_ s: inout Int64, _ o: Int64) { s += o }
        func finish(_ s: Int64) -> Int64 { s }
    }

    @Test func aggregatesInGroupByGlobalAggAndSQL() throws {
        let df = try session.createDataFrame(columns: [
            ("g", [.string("a"), .string("a"), .string("b"), .string("b"), .string("c")]),
            ("x", [.double(2), .double(8), .double(3), .null, .null]),
            ("k", [.int32(1), .null, .int32(2), .int32(3), .null]),
        ])
        let geomean = udaf("geomean", GeoMean())
        let counted = udaf(CountAll())
        let byGroup = try rows(df.groupBy("g").agg(geomean(col("x")).as("gm"), counted(col("k")).as("n")).orderBy("g"))
        #expect(byGroup.map { $0[0] } == [.string("a"), .string("b"), .string("c")])
        #expect(approx(byGroup[0][1].doubleValue, 4) && approx(byGroup[1][1].doubleValue, 3))
        #expect(byGroup[2][1] == .null, "only NULL inputs: finished from the initial state")
        #expect(byGroup.map { $0[2] } == [.int64(2), .int64(2), .int64(1)])

        let global = try rows(df.agg(geomean(col("x")), counted(col("k"))))
        #expect(approx(global[0][0].doubleValue, pow(48, 1.0 / 3)) && global[0][1] == .int64(5))
        let none = try rows(df.filter(col("g") == "zzz").agg(geomean(col("x")), counted(col("k"))))
        #expect(none == [[.null, .int64(0)]])

        let s = Session(threads: 2)
        try df.createOrReplaceTempView("t_udaf")
        try s.createDataFrame(columns: [("g", [.string("a"), .string("a")]), ("x", [.double(1), .double(4)])]).createOrReplaceTempView("t")
        s.udf.register("geomean", GeoMean())
        #expect(try rows(s.sql("SELECT g, geomean(x) AS gm FROM t GROUP BY g")) == [[.string("a"), .double(2)]])
        #expect(try rows(s.sql("SELECT geomean(x) * 10 AS gm FROM t")) == [[.double(20)]])

        // Over a window, from SQL and from the DataFrame API.
        let windowed = try rows(s.sql("SELECT x, geomean(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS w FROM t ORDER BY x"))
        #expect(windowed == [[.double(1), .double(1)], [.double(4), .double(2)]])
        let running = try rows(df.select(col("x"), geomean(col("x")).over(Window.partitionBy("g").orderBy("x")).as("w")).orderBy("x"))
        #expect(running.map { $0[1] }.compactMap(\.doubleValue).count == 3)
        #expect(running[2][1] == .double(2) && approx(running[4][1].doubleValue, 4), "\(running)")

        let e = dataFlowError { _ = try s.range(0, 10).agg(udaf("fails", Fails())(col("id"))).collect() }
        #expect(e?.errorClass == "FAILED_EXECUTE_UDF")
        #expect(e?.message.contains("(`fails: (bigint) => bigint`) failed due to: not a number: three") == true, "\(String(describing: e))")
    }

    @Test func parallelRunsOverManyBatchesAgreeWithBuiltins() throws {
        let s = Session(threads: 2)
        let df = s.range(0, 100_000)
        let twice = udf { (x: Int64) -> Int64 in x * 2 }
        let bucket = udf { (x: Int64) -> Int64 in x % 7 }
        struct SumSquares: UserDefinedAggregate {
            var initial: Int64 { 0 }
            func update(_ s: inout Int64, _ x: Int64) { s += x * x }
            func merge(_ s: inout Int64, _ o: Int64) { s += o }
            func finish(_ s: Int64) -> Int64 { s }
        }
        let squares = udaf(SumSquares())
        #expect(try rows(df.agg(sum(twice(col("id"))))) == [[.int64(9_999_900_000)]])
        #expect(try df.filter(bucket(col("id")) == 3).count() == 14_286)
        let mine = try rows(df.groupBy(bucket(col("id")).as("b")).agg(squares(col("id")).as("q")).orderBy("b"))
        let builtin = try rows(df.groupBy((col("id") % 7).as("b")).agg(sum(col("id") * col("id")).as("q")).orderBy("b"))
        #expect(mine.count == 7 && mine == builtin)
        #expect(try rows(df.agg(squares(col("id")))) == [[.int64(333_328_333_350_000)]])
    }

    // MARK: Docs/dsl.md examples

    @Test func docExampleScalar() throws {
        // doc-example: udf-scalar
        let score = udf("score") { (rating: Double, count: Int64) -> Double in
            rating * log(Double(count) + 1)
        }
        let movies = try session.createDataFrame(columns: [
            ("title", [.string("Heat"), .string("Ran"), .string("Up")]),
            ("rating", [.double(4.5), .double(4.0), .null]),
            ("n", [.int64(9), .int64(0), .int64(3)]),
        ])
        let scored = try movies.withColumn("score", score(col("rating"), col("n")))
        let best = scored.filter(score(col("rating"), col("n")) > 1).select("title")
        // end-doc-example
        #expect(try rows(scored).map { $0[3] } == [.double(4.5 * log(10)), .double(0), .null])
        #expect(try rows(best) == [[.string("Heat")]])
        #expect(score.signature == "score: (double, bigint) => double")
    }

    @Test func docExampleNulls() throws {
        // doc-example: udf-nulls
        let label = udf("label") { (title: String, year: Int64?) -> String in
            year.map { "\(title) (\($0))" } ?? title
        }
        let films = try session.createDataFrame(columns: [
            ("title", [.string("Heat"), .string("Ran"), .null]),
            ("year", [.int64(1995), .null, .int64(2009)]),
        ])
        let labels = films.select(label(col("title"), col("year")).as("label"))
        // end-doc-example
        #expect(try rows(labels) == [[.string("Heat (1995)")], [.string("Ran")], [.null]])
    }

    @Test func docExampleErrors() throws {
        // doc-example: udf-errors
        struct NotANumber: Error {}
        let parse = udf("parse") { (text: String) throws -> Int64 in
            guard let n = Int64(text) else { throw NotANumber() }
            return n
        }
        let input = try session.createDataFrame(columns: [("text", [.string("42"), .string("x")])])
        var failure: DataFlowError?
        do {
            _ = try input.select(parse(col("text"))).collect()
        } catch let error as DataFlowError {
            failure = error
        }
        // failure?.errorClass: FAILED_EXECUTE_UDF
        // failure?.message: User defined function (`parse: (string) => bigint`) failed due to: NotANumber()
        // end-doc-example
        #expect(failure?.errorClass == "FAILED_EXECUTE_UDF")
        #expect(failure?.message == "User defined function (`parse: (string) => bigint`) failed due to: NotANumber()")
    }

    @Test func docExampleAggregate() throws {
        // doc-example: udf-aggregate
        struct GeoMean: UserDefinedAggregate {
            struct State { var logSum = 0.0; var count = 0 }
            var initial: State { State() }
            func update(_ s: inout State, _ x: Double) { s.logSum += log(x); s.count += 1 }
            func merge(_ s: inout State, _ other: State) { s.logSum += other.logSum; s.count += other.count }
            func finish(_ s: State) -> Double? { s.count == 0 ? nil : exp(s.logSum / Double(s.count)) }
        }
        let geomean = udaf("geomean", GeoMean())
        let prices = try session.createDataFrame(columns: [
            ("shop", [.string("a"), .string("a"), .string("b")]),
            ("price", [.double(2), .double(8), .double(5)]),
        ])
        let perShop = prices.groupBy("shop").agg(geomean(col("price")).as("gm"))
        let overall = prices.agg(geomean(col("price")).as("gm"))
        // end-doc-example
        let shops = try rows(perShop.orderBy("shop"))
        #expect(shops.map { $0[0] } == [.string("a"), .string("b")])
        #expect(approx(shops[0][1].doubleValue, 4) && approx(shops[1][1].doubleValue, 5))
        #expect(approx(try rows(overall)[0][0].doubleValue, pow(80, 1.0 / 3)))
    }

    @Test func docExampleRegister() throws {
        // doc-example: udf-register
        let spark = Session()
        spark.udf.register("plus_one") { (x: Int64) -> Int64 in x + 1 }
        spark.udf.register("geomean", GeoMean())
        try spark.range(1, 5).createOrReplaceTempView("numbers")
        let next = try spark.sql("SELECT id, plus_one(id) AS next FROM numbers ORDER BY id")
        let means = try spark.sql("SELECT id % 2 AS odd, geomean(id) AS g FROM numbers GROUP BY id % 2")
        let byName = spark.range(1, 3).select(call_udf("plus_one", col("id")))
        // end-doc-example
        #expect(try rows(next).map { $0[1] } == [.int64(2), .int64(3), .int64(4), .int64(5)])
        let g = try rows(means.orderBy("odd"))
        #expect(approx(g[0][1].doubleValue, sqrt(8)) && approx(g[1][1].doubleValue, sqrt(3)))
        #expect(try rows(byName) == [[.int64(2)], [.int64(3)]])
    }
}

/// A thread-safe call counter for closures under test.
final class Counter: Sendable {
    private let count = Mutex<Int64>(0)
    @discardableResult func add() -> Int64 { count.withLock { $0 += 1; return $0 } }
    var value: Int64 { count.withLock { $0 } }
}
