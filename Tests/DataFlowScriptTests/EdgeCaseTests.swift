import DataFlow
import DataFlowScript
import Testing

/// Hostile arguments end in a ScriptError (or a result), never a crash or a hang.
@Suite struct EdgeCaseTests {
    @Test(arguments: [
        "ratings.limit(-1).show()", "ratings.show(-1)", "print(ratings.take(-1))", "ratings.offset(-3).show()",
        "ratings.sample(fraction: 2.0).count()", "ratings.sample(fraction: -1).count()", "range(0, 10, step: 0).show()",
        "range(10, 0).show()", "range(0, 10, step: -1).show()",
        "ratings.withColumn(\"x\", sum(rating).over(Window.rowsBetween(5, 1))).show()", "ratings.show(1, truncate: -5)",
        "print(ratings.select(substring(\"abc\", 0, -1) as s).first().s)", "ratings.na.drop(minNonNulls: -1).count()",
        "print(ratings.head(-2))", "ratings.limit(9223372036854775807).show()", "print(len(\"\"))",
        "ratings.describe().show()", "ratings.summary(\"count\", \"min\").show()", "ratings.dropDuplicates([\"userId\"]).count()",
        "ratings.join(ratings, on: \"nope\").show()", "ratings.join(ratings, how: \"sideways\").show()",
        "x = [][0]", "x = ratings.collect()[-100]", "ratings.orderBy().show()", "ratings.groupBy().count().show()",
        "ratings.select().show()", "print(ratings.select(rating / 0 as x).first().x)", "print(1e308 * 10, -1e308 * 10)",
        "print(int(1e300))", "print(-9223372036854775807 - 1)", "print(ratings.write)", "print(Window, read)",
        "ratings.write.mode(\"sideways\")", "ratings.write.csv(\"/proc/nope/x.csv\")", "read.format(\"parquet\").load(\"x\")",
        "print(date(\"0000-01-01\"), date(\"9999-12-31\"))", "ratings.filter(rating.cast(\"nonsense\") > 1).show()",
        "ratings.withColumn(\"\", rating).show()", "print(ratings.columns[3])", "print(str(ratings.first()))",
    ])
    func hostileInputs(_ script: String) {
        let r = runScript(script)
        if let e = r.error {
            #expect(e.line >= 1 && e.column >= 1, "\(script): \(e)")
            #expect(e.exitCode == 1)
        }
    }
}
