import DataFlow
import Testing

/// The integer-key fast paths (group-by and join) must agree with the general byte-key paths, which the
/// same queries take when the key is cast to a string. Data spans several batches so that two workers
/// build separate tables that are then merged.
@Suite struct FastPathTests {
    /// k: int with NULLs (every 7th row), v: double; `batches` batches of `n` rows.
    func table(_ s: Session, batches: Int = 5, n: Int = 3000) throws -> DataFrame {
        var parts: [RecordBatch] = []
        let schema = Schema([Field("k", .int32), Field("v", .float64)])
        for b in 0..<batches {
            let rows: [[Value]] = (0..<n).map { i in
                let r = b * n + i
                return [r % 7 == 0 ? .null : .int32(Int32(r % 113)), .double(Double(r % 10))]
            }
            parts += try s.createDataFrame(rows, schema: schema).collectBatches()
        }
        return s.createDataFrame(parts, schema: schema)
    }

    @Test(arguments: [1, 2]) func groupByIntKeyMatchesGeneralPath(threads: Int) throws {
        let s = Session(threads: threads)
        let t = try table(s)
        let fast = try bag(t.groupBy("k").agg(count().as("n"), sum("v").as("s")))
        let general = try bag(t.groupBy(col("k").cast("string").as("k")).agg(count().as("n"), sum("v").as("s")))
        #expect(fast.count == 114)  // 113 keys + the NULL group
        #expect(fast == general)
        let nullRow = try t.groupBy("k").agg(count().as("n")).filter(col("k").isNull).collect()
        #expect(nullRow.count == 1 && nullRow[0].int64("n") == Int64((0..<15000).filter { $0 % 7 == 0 }.count))
    }

    @Test(arguments: [1, 2]) func joinIntKeyMatchesGeneralPath(threads: Int) throws {
        let s = Session(threads: threads)
        let t = try table(s, batches: 2, n: 500)
        let dim = try s.createDataFrame((0..<120).map { [$0 % 10 == 0 ? .null : .int32(Int32($0)), .string("d\($0)")] },
                                        schema: Schema([Field("k", .int32), Field("name", .string)]))
        for how in [JoinType.inner, .left, .full, .leftSemi, .leftAnti] {
            let fast = try bag(t.join(dim, on: t.col("k") == dim.col("k"), how: how))
            let general = try bag(t.join(dim, on: t.col("k").cast("string") == dim.col("k").cast("string"), how: how))
            #expect(fast == general, "join \(how)")
        }
    }
}

@Suite struct StringKeyFastPathTests {
    @Test(arguments: [1, 2]) func groupByStringKeyMatchesGeneralPath(threads: Int) throws {
        let s = Session(threads: threads)
        let schema = Schema([Field("k", .string), Field("v", .int64)])
        var parts: [RecordBatch] = []
        for b in 0..<4 {
            var rows: [[Value]] = []
            for i in 0..<2500 {
                let r = b * 2500 + i
                var k = Value.string("k\(r % 101)é")
                if r % 13 == 0 { k = .string("") }
                if r % 9 == 0 { k = .null }
                rows.append([k, .int64(Int64(r))])
            }
            parts += try s.createDataFrame(rows, schema: schema).collectBatches()
        }
        let t = s.createDataFrame(parts, schema: schema)
        // Two keys (string + constant) take the general byte-encoded path.
        let fast = try bag(t.groupBy("k").agg(count().as("n"), sum("v").as("s")))
        let general = try bag(t.groupBy(col("k"), lit(1).as("one")).agg(count().as("n"), sum("v").as("s")).select("k", "n", "s"))
        #expect(fast == general)
        #expect(fast.count == 103)  // 101 keys, the empty string, NULL
        let nulls = try t.groupBy("k").agg(count().as("n")).filter(col("k").isNull).collect()
        let empties = try t.groupBy("k").agg(count().as("n")).filter(col("k") == "").collect()
        #expect(nulls.count == 1 && empties.count == 1)
        var expectedNulls: Int64 = 0, expectedEmpty: Int64 = 0
        for r in 0..<10000 {
            if r % 9 == 0 { expectedNulls += 1 } else if r % 13 == 0 { expectedEmpty += 1 }
        }
        #expect(nulls[0].int64("n") == expectedNulls)
        #expect(empties[0].int64("n") == expectedEmpty)
    }
}

@Suite struct OneRowTests {
    /// Every operator on a single row.
    @Test func singleRowThroughEveryOperator() throws {
        let one = try session.createDataFrame([[.int32(7), .string("x"), .double(1.5)]],
                                              schema: Schema([Field("k", .int32), Field("s", .string), Field("v", .float64)]))
        #expect(try rows(one.filter(col("v") > 1)) == [[.int32(7), .string("x"), .double(1.5)]])
        #expect(try rows(one.filter(col("v") > 2)).isEmpty)
        #expect(try rows(one.groupBy("s").agg(sum("v"), count(), stddev(col("v")))) == [[.string("x"), .double(1.5), .int64(1), .null]])
        #expect(try rows(one.join(one, on: "k").select("k")) == [[.int32(7)]])
        #expect(try rows(one.join(one, on: "k", how: .leftAnti)).isEmpty)
        #expect(try rows(one.orderBy(desc("v")).limit(5).select("k")) == [[.int32(7)]])
        #expect(try rows(one.union(one).distinct().select("s")) == [[.string("x")]])
        #expect(try one.count() == 1)
        #expect(try one.first()?.string("s") == "x")
        #expect(try one.showString() == "+---+---+---+\n|  k|  s|  v|\n+---+---+---+\n|  7|  x|1.5|\n+---+---+---+\n")
    }
}
