import DataFlow
import Testing

/// Grouping keys through every group-table path (packed integer/string keys, their repacking when ranges
/// grow, the byte-encoded fallback, doubles), over several morsels and two workers, against plain Swift.
@Suite struct GroupKeyTests {
    /// Groups `data` by the first `keys` columns with count(*) and sum of the last column, and compares
    /// with a dictionary computed here.
    /// `morsel`: split the rows into batches of that many rows (one morsel each), else one batch.
    func check(_ data: [[Value]], _ schema: Schema, keys: Int, threads: Int = 2, morsel: Int? = nil) throws {
        let s = Session(threads: threads)
        var df = try s.createDataFrame(data, schema: schema)
        if let morsel {
            var batches: [RecordBatch] = []
            for start in stride(from: 0, to: data.count, by: morsel) {
                let part = Array(data[start..<min(data.count, start + morsel)])
                batches += try s.createDataFrame(part, schema: schema).collectBatches()
            }
            df = s.createDataFrame(batches, schema: schema)
        }
        let names = schema.fields.prefix(keys).map(\.name)
        let v = schema.fields[schema.fields.count - 1].name
        let out = try df.groupBy(names.map { col($0) }).agg(count().as("n"), sum(v).as("s")).collect()
        var expected: [[Value]: (Int64, Int64)] = [:]
        for r in data {
            let k = Array(r.prefix(keys))
            let old = expected[k] ?? (0, 0)
            expected[k] = (old.0 + 1, old.1 + (r[r.count - 1].int64Value ?? 0))
        }
        #expect(out.count == expected.count)
        var mismatches = 0
        for r in out {
            let k = Array(r.values.prefix(keys))
            guard let e = expected[k], r.values[keys] == .int64(e.0), r.values[keys + 1] == .int64(e.1) else {
                mismatches += 1
                continue
            }
        }
        #expect(mismatches == 0)
    }

    /// Three string columns (low, high cardinality, NULL and "" distinct) and three integers: packs into one word.
    @Test func mixedStringAndIntegerKeys() throws {
        var data: [[Value]] = []
        for i in 0..<150_000 {
            let a: Value = i % 11 == 0 ? .null : (i % 11 == 1 ? .string("") : .string("id\(i % 7)"))
            let b: Value = .string("k\(i % 5)")
            let c: Value = i % 13 == 0 ? .null : .string("id\((i * 31) % 4001)")
            let d: Value = i % 17 == 0 ? .null : .int32(Int32(i % 9) - 4)
            let e: Value = .int64(Int64(i % 3))
            let f: Value = .bool(i % 2 == 0)
            data.append([a, b, c, d, e, f, .int64(Int64(i % 100))])
        }
        let schema = Schema([Field("a", .string), Field("b", .string), Field("c", .string), Field("d", .int32),
                             Field("e", .int64), Field("f", .boolean), Field("v", .int64)])
        try check(data, schema, keys: 6)
        try check(data, schema, keys: 6, threads: 1)
        try check(data, schema, keys: 2)
        try check(data, schema, keys: 1)
    }

    /// Ranges that grow from morsel to morsel (keys repacked) and then need more than 64 bits (byte keys).
    @Test func keysCrossingPackedWidth() throws {
        var data: [[Value]] = []
        for i in 0..<200_000 {
            // x: small at first, then wide; y: a few values until the last morsel brings both extremes.
            let x = Int64(i < 70_000 ? i % 50 : (i % 50) * 1_000_003)
            let y: Value = i < 140_000 ? .int64(Int64(i % 3)) : (i % 3 == 0 ? .int64(Int64.min) : (i % 3 == 1 ? .int64(Int64.max) : .null))
            data.append([.int64(x), y, .string("s\(i % 4)"), .int64(1)])
        }
        let schema = Schema([Field("x", .int64), Field("y", .int64), Field("z", .string), Field("v", .int64)])
        try check(data, schema, keys: 3)
        try check(data, schema, keys: 2)
        // Only the repacking (no 64-bit overflow).
        try check(Array(data.prefix(140_000)), schema, keys: 3)
        // Dates and int32 extremes: each column alone fits, together they do not.
        var edges: [[Value]] = []
        for i in 0..<100_000 {
            let a: Int32 = i % 2 == 0 ? Int32.min : Int32.max - Int32(i % 5)
            let c: Int64 = Int64(i % 7) << 40
            let row: [Value] = [.int32(a), .date(Int32(i % 400)), .int64(c), .int64(c | 5), .int64(2)]
            edges.append(row)
        }
        try check(edges, Schema([Field("a", .int32), Field("b", .date), Field("c", .int64), Field("d", .int64), Field("v", .int64)]), keys: 4)
    }

    /// Many groups (every few rows a new one) across morsels and workers: exercises the merge of worker tables.
    @Test func manyGroups() throws {
        var data: [[Value]] = []
        for i in 0..<160_000 {
            data.append([.string("id\(String(i % 60_000))"), .int64(Int64(i % 60_000) * 7), .int64(Int64(i))])
        }
        try check(data, Schema([Field("s", .string), Field("k", .int64), Field("v", .int64)]), keys: 2)
        try check(data, Schema([Field("s", .string), Field("k", .int64), Field("v", .int64)]), keys: 1)
    }

    /// NULL is its own group; "" is another; a single string key.
    @Test func nullAndEmptyStrings() throws {
        let s = Session(threads: 2)
        let df = try s.createDataFrame([[.string("")], [.null], [.string("")], [.string("a")], [.null], [.null]],
                                       schema: Schema([Field("k", .string)]))
        #expect(try bag(df.groupBy("k").count()) == ["[,2]", "[NULL,3]", "[a,1]"])
        let two = try s.createDataFrame([[.string(""), .null], [.null, .string("")], [.string(""), .null], [.null, .null]],
                                        schema: Schema([Field("a", .string), Field("b", .string)]))
        let r = try two.groupBy("a", "b").count().collect().map { $0.values }
        #expect(r.count == 3)
        #expect(r.contains([.string(""), .null, .int64(2)]))
        #expect(r.contains([.null, .string(""), .int64(1)]))
        #expect(r.contains([.null, .null, .int64(1)]))
    }

    /// -0.0 groups with 0.0 and every NaN with every other NaN (Spark's normalisation), with a string key too.
    @Test func doubleKeysNormalised() throws {
        let s = Session(threads: 2)
        let nan2 = Double(bitPattern: 0x7FF8_0000_0000_0001)
        let vals: [Double?] = [0.0, -0.0, .nan, nan2, -.nan, 1.5, nil, 1.5, nil]
        let df = try s.createDataFrame(vals.map { [$0.map(Value.double) ?? .null, .string("x")] },
                                       schema: Schema([Field("d", .float64), Field("s", .string)]))
        for keys in [["d"], ["d", "s"]] {
            let r = try df.groupBy(keys.map { col($0) }).count().collect()
            #expect(r.count == 4)
            var counts: [String: Int64] = [:]
            for row in r {
                let d = row.values[0].doubleValue
                let name = d == nil ? "null" : (d!.isNaN ? "nan" : (d! == 0 ? "zero" : "\(d!)"))
                counts[name] = row.values[keys.count].int64Value
            }
            #expect(counts == ["zero": 2, "nan": 3, "1.5": 2, "null": 2])
        }
    }

    /// median over many groups and morsels (flat per-group values, quickselect), NaN last, against sorting.
    @Test func medianManyGroups() throws {
        let s = Session(threads: 2)
        var data: [[Value]] = []
        var byGroup: [Int64: [Double]] = [:]
        for i in 0..<150_000 {
            let g = Int64(i % 301), h = Int64(i % 2)
            let x: Double? = i % 1009 == 0 ? nil : (i % 7919 == 0 ? .nan : Double((i * 7919) % 1013) - 500.5)
            data.append([.int64(g), .int64(h), x.map(Value.double) ?? .null])
            if let x { byGroup[g * 2 + h, default: []].append(x) }
        }
        let df = try s.createDataFrame(data, schema: Schema([Field("g", .int64), Field("h", .int64), Field("x", .float64)]))
        let out = try df.groupBy("g", "h").agg(median("x").as("m"), percentile_approx(col("x"), 0.9).as("p")).collect()
        #expect(out.count == byGroup.count)
        var mismatches = 0
        for r in out {
            guard let g = r.values[0].int64Value, let h = r.values[1].int64Value, let l = byGroup[g * 2 + h] else { mismatches += 1; continue }
            let sorted = l.sorted { $0 < $1 || ($1.isNaN && !$0.isNaN) }
            let pos = 0.5 * Double(sorted.count - 1)
            let lo = Int(pos.rounded(.down)), hi = Int(pos.rounded(.up))
            let med = sorted[lo] + (pos - Double(lo)) * (sorted[hi] - sorted[lo])
            let p90 = sorted[max(0, Int((0.9 * Double(sorted.count)).rounded(.up)) - 1)]
            let m = r.values[2].doubleValue, p = r.values[3].doubleValue
            if !(m == med || (m?.isNaN == true && med.isNaN)) || !(p == p90 || (p?.isNaN == true && p90.isNaN)) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// Nearly one group per row over many morsels: the radix-partitioned strategy (rows split by key hash,
    /// each partition aggregated once). String keys shorter and longer than 16 bytes, long ones sharing a
    /// prefix, "" and NULL distinct; keys repeating in later morsels; several key shapes (packed, one
    /// integer, doubles through byte-encoded keys).
    @Test func partitionedNearlyUniqueKeys() throws {
        var data: [[Value]] = []
        for i in 0..<90_000 {
            let j = i % 70_000
            let str: Value = j % 997 == 0 ? .null : (j % 991 == 0 ? .string("")
                : (j % 2 == 0 ? .string("k\(j)") : .string("a-shared-prefix-longer-than-16-bytes-\(j % 35_000)")))
            let n: Value = j % 1009 == 0 ? .null : .int64(Int64(j) * 3)
            let d: Value = .double(j % 2 == 0 ? Double(j) * 0.5 : -0.0)
            data.append([str, n, d, .int64(Int64(i % 7))])
        }
        let schema = Schema([Field("s", .string), Field("n", .int64), Field("d", .float64), Field("v", .int64)])
        try check(data, schema, keys: 2, morsel: 8_192)
        try check(data, schema, keys: 1, morsel: 8_192)
        try check(data, schema, keys: 3, morsel: 8_192)
        try check(data.map { [$0[1], $0[3]] }, Schema([Field("n", .int64), Field("v", .int64)]), keys: 1, morsel: 8_192)
        try check(data.map { [$0[2], $0[1], $0[3]] }, Schema([Field("d", .float64), Field("n", .int64), Field("v", .int64)]),
                  keys: 2, morsel: 8_192)
        try check(data, schema, keys: 2, threads: 1, morsel: 8_192)
    }

    /// Integer keys that differ only in their high bits (the one-integer-key table hashes every bit).
    @Test func keysDifferingInHighBits() throws {
        var data: [[Value]] = []
        for i in 0..<60_000 {
            let j = Int64(i % 20_000)
            let k: Value = i % 4_999 == 0 ? .null : .int64((j << 44) | (i % 3 == 0 ? 0 : 1 << 40))
            data.append([k, .int32(Int32(truncatingIfNeeded: j << 20)), .int64(Int64(i % 5))])
        }
        let schema = Schema([Field("k", .int64), Field("m", .int32), Field("v", .int64)])
        try check(data, schema, keys: 1)
        try check(data.map { [$0[1], $0[2]] }, Schema([Field("m", .int32), Field("v", .int64)]), keys: 1)
        try check(data, schema, keys: 1, morsel: 4_096)
        try check(data, schema, keys: 2, morsel: 4_096)
    }
}
