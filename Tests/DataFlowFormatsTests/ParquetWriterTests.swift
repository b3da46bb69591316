import DataFlowColumnar
import Foundation
import DataFlowTestSupport
import Testing
@testable import DataFlowFormats

/// Files written here: read back here, by pyarrow and by DuckDB, for every type, codec and page version.
@Suite struct ParquetWriterTests {
    static let schema = Schema([
        Field("b", .boolean), Field("i", .int32), Field("l", .int64, nullable: false), Field("f", .float64),
        Field("s", .string), Field("d", .date), Field("t", .timestamp),
        Field("d9", .decimal(precision: 9, scale: 2)), Field("d18", .decimal(precision: 18, scale: 3)),
        Field("d38", .decimal(precision: 38, scale: 6)),
    ])

    /// 50 rows with nulls in every nullable column, empty and non-ASCII strings, edge dates.
    static func batch(rows n: Int = 50, offset: Int = 0) -> RecordBatch {
        let strings = ["", "héllo", "日本語", "plain", "🎉 party"]
        func null(_ i: Int, _ k: Int) -> Bool { i % k == k - 1 }
        let cols: [Column] = [
            .boolean((0..<n).map { null($0, 7) ? nil : ($0 + offset) % 3 == 0 }),
            .int32((0..<n).map { null($0, 5) ? nil : Int32(($0 + offset) * 37 % 1000 - 500) }),
            .int64((0..<n).map { Int64($0 + offset) * 1_000_000_007 - 20_000_000_000 }),
            .float64((0..<n).map { null($0, 6) ? nil : Double($0 + offset) * 0.25 - 3 }),
            .string((0..<n).map { null($0, 4) ? nil : strings[($0 + offset) % strings.count] + String($0 % 3) }),
            .date((0..<n).map { null($0, 8) ? nil : [days(2024, 2, 29), days(1969, 12, 31), Int32(0), Int32(-100_000)][($0 + offset) % 4] }),
            .timestamp((0..<n).map { null($0, 9) ? nil : Int64($0 + offset) * 3_600_000_123 - 86_400_000_000 }),
            .decimal((0..<n).map { null($0, 5) ? nil : Int128(($0 + offset) * 12345 - 300_000) }, precision: 9, scale: 2),
            .decimal((0..<n).map { null($0, 6) ? nil : Int128(($0 + offset) - 25) * 123_456_789_012_345 }, precision: 18, scale: 3),
            .decimal((0..<n).map { null($0, 7) ? nil : Int128(($0 + offset) - 25) * 12_345_678_901_234_567_890_123_456_789 }, precision: 38, scale: 6),
        ]
        return RecordBatch(schema: schema, columns: cols)
    }

    static let variants: [(String, Int, Bool)] = [
        ("none", 1, true), ("snappy", 1, true), ("gzip", 1, true), ("zstd", 1, true),
        ("snappy", 2, true), ("zstd", 2, false), ("none", 2, false), ("snappy", 1, false),
    ]

    static func options(_ v: (String, Int, Bool), rowGroupRows: Int = 20) throws -> ParquetWriteOptions {
        var o = ParquetWriteOptions()
        try o.set("compression", v.0)
        try o.set("dataPageVersion", String(v.1))
        try o.set("dictionary", v.2 ? "true" : "false")
        try o.set("rowGroupRows", String(rowGroupRows))
        return o
    }

    @Test(arguments: 0..<variants.count)
    func roundTrip(_ v: Int) throws {
        let path = tempParquetPath()
        let b = Self.batch()
        let summary = try ParquetWriter.write([b], schema: Self.schema, to: path, options: Self.options(Self.variants[v]))
        #expect(summary.rowCount == 50)
        let f = try ParquetFile(path: path)
        #expect(f.schema == Self.schema)
        #expect(f.rowGroups.map(\.rowCount) == [20, 20, 10])
        #expect(f.createdBy == "DataFlow version 0.1")
        let back = try f.readAll()
        #expect(back.rows == b.rows)
        // Summary statistics agree with the data.
        for c in 0..<Self.schema.count {
            let vals = b.columns[c].scalars.filter { !$0.isNull }
            #expect(summary.columns[c].nullCount == 50 - vals.count, "\(Self.schema[c].name)")
            let lo = vals.min(by: ValueOrder.less), hi = vals.max(by: ValueOrder.less)
            #expect(summary.columns[c].min == lo && summary.columns[c].max == hi, "\(Self.schema[c].name): \(String(describing: summary.columns[c].min))")
        }
    }

    /// Canonical text of a file as pyarrow or DuckDB read it (one line per row, tab-separated).
    static let pyarrowScript = """
    import sys, pyarrow.parquet as pq, datetime as dt
    t = pq.read_table(sys.argv[1])
    E = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    def c(v):
        if v is None: return 'NULL'
        if isinstance(v, bool): return 'true' if v else 'false'
        if isinstance(v, dt.datetime): d = v - E; return str(d.days * 86400000000 + d.seconds * 1000000 + d.microseconds)
        if isinstance(v, dt.date): return v.isoformat()
        if isinstance(v, float): return repr(v)
        return str(v)
    print(t.schema.types)
    for r in t.to_pylist(): print('\\t'.join(c(v) for v in r.values()))
    """

    static let duckdbScript = """
    import sys, duckdb
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    rows = con.execute("SELECT b::VARCHAR, i::VARCHAR, l::VARCHAR, f, s, d::VARCHAR, epoch_us(t)::VARCHAR, d9::VARCHAR, d18::VARCHAR, d38::VARCHAR FROM read_parquet(?)", [sys.argv[1]]).fetchall()
    for r in rows: print('\\t'.join('NULL' if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in r))
    """

    static func expectedText(_ b: RecordBatch) -> [String] {
        (0..<b.rowCount).map { r in
            b.columns.map { col -> String in
                let v = col.value(r)
                if case .double(let d) = v { return "\(d)" }
                return canonical(v) ?? "NULL"
            }.joined(separator: "\t")
        }
    }

    @Test(arguments: 0..<variants.count)
    func pyarrowReadsOurFiles(_ v: Int) throws {
        guard let py = python(with: "pyarrow") else { print("skipping: no python3 with pyarrow (set DATAFLOW_PYTHON)"); return }
        let path = tempParquetPath()
        let b = Self.batch()
        try ParquetWriter.write([b], schema: Self.schema, to: path, options: Self.options(Self.variants[v]))
        let r = try runProgram(py, ["-c", Self.pyarrowScript, path])
        #expect(r.status == 0, "\(r.stderr)")
        var lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        #expect(lines.first == "[DataType(bool), DataType(int32), DataType(int64), DataType(double), DataType(string), DataType(date32[day]), TimestampType(timestamp[us, tz=UTC]), Decimal128Type(decimal128(9, 2)), Decimal128Type(decimal128(18, 3)), Decimal128Type(decimal128(38, 6))]")
        #expect(Array(lines.dropFirst()) == Self.expectedText(b))
    }

    @Test(arguments: 0..<variants.count)
    func duckdbReadsOurFiles(_ v: Int) throws {
        guard let py = python(with: "duckdb") else { print("skipping: no python3 with duckdb (set DATAFLOW_PYTHON)"); return }
        let path = tempParquetPath()
        let b = Self.batch()
        try ParquetWriter.write([b], schema: Self.schema, to: path, options: Self.options(Self.variants[v]))
        let r = try runProgram(py, ["-c", Self.duckdbScript, path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines == Self.expectedText(b))
    }

    @Test func statisticsAsPyarrowSeesThem() throws {
        guard let py = python(with: "pyarrow") else { print("skipping: no python3 with pyarrow"); return }
        let path = tempParquetPath()
        let b = Self.batch()
        try ParquetWriter.write([b], schema: Self.schema, to: path, options: Self.options(Self.variants[1], rowGroupRows: 100))
        let script = """
        import sys, pyarrow.parquet as pq
        m = pq.ParquetFile(sys.argv[1]).metadata.row_group(0)
        for i in range(m.num_columns):
            s = m.column(i).statistics
            print(m.column(i).path_in_schema, s.null_count, s.min, s.max)
        """
        let r = try runProgram(py, ["-c", script, path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 10)
        #expect(lines.first == "b 7 False True")
        #expect(lines[1] == "i 10 -500 499")  // row 0: 0 * 37 % 1000 - 500
        #expect(lines[4] == "s 12 0 🎉 party2")  // "" + "0" is the smallest; U+1F389 sorts last in UTF-8
        #expect(lines[5] == "d 6 1696-03-17 2024-02-29")
    }

    @Test func optionsByName() throws {
        var o = ParquetWriteOptions()
        try o.set("parquet.writer.version", "v2")
        try o.set("parquet.block.size.rows", "7")
        try o.set("parquet.enable.dictionary", "false")
        try o.set("COMPRESSION", "uncompressed")
        #expect(o.dataPageVersion == 2 && o.rowGroupRows == 7 && !o.dictionary && o.compression == .uncompressed)
        #expect(throws: DataFlowError.self) { try o.set("compression", "lzo") }
        do { try o.set("bogus", "1"); Issue.record("no error") } catch let e as DataFlowError {
            #expect(e.message.contains("bogus"))
        }
    }

    @Test func dictionaryFallsBackToPlainWhenLarge() throws {
        // 3000 distinct 500-byte strings: ~1.5 MB of dictionary, past the 1 MB limit.
        let n = 3000
        let s = Column.string((0..<n).map { String(repeating: "x", count: 490) + String(format: "%010d", $0) })
        let schema = Schema([Field("s", .string)])
        let path = tempParquetPath()
        try ParquetWriter.write([RecordBatch(schema: schema, columns: [s])], schema: schema, to: path)
        let f = try ParquetFile(path: path)
        let back = try f.readAll()
        #expect(back.columns[0].dictionary == nil)
        #expect(back.rows == RecordBatch(schema: schema, columns: [s]).rows)
        // A small-cardinality column stays dictionary-encoded through the reader.
        let few = Column.string((0..<n).map { ["a", "b", nil][$0 % 3] })
        let p2 = tempParquetPath()
        try ParquetWriter.write([RecordBatch(schema: schema, columns: [few])], schema: schema, to: p2)
        let back2 = try ParquetFile(path: p2).readAll()
        #expect(back2.columns[0].dictionary != nil)
        #expect(back2.columns[0].scalars == few.scalars)
    }

    @Test func emptyAndManyPages() throws {
        let path = tempParquetPath()
        try ParquetWriter.write([], schema: Self.schema, to: path)
        let f = try ParquetFile(path: path)
        #expect(f.rowCount == 0 && f.schema == Self.schema)
        #expect(try f.readAll().rowCount == 0)
        // Many pages per chunk: 300k int64 (2.4 MB) with small pages.
        let n = 300_000
        let schema = Schema([Field("x", .int64)])
        let col = Column.int64((0..<n).map { $0 % 1000 == 0 ? nil : Int64($0) })
        let p2 = tempParquetPath()
        try ParquetWriter.write([RecordBatch(schema: schema, columns: [col])], schema: schema, to: p2)
        let f2 = try ParquetFile(path: p2)
        let back = try f2.readAll()
        #expect(back.rowCount == n)
        #expect(back.columns[0].scalars == col.scalars)
        let mid = try f2.readRowGroup(0, columns: [0], rows: 150_000..<150_010)
        let want: [Value] = (150_000..<150_010).map { (i: Int) -> Value in i % 1000 == 0 ? Value.null : Value.int64(Int64(i)) }
        #expect(mid.columns[0].scalars == want)
    }

    @Test func arraysRoundTripAndReadInPyarrowAndDuckDB() throws {
        let schema = Schema([Field("id", .int32), Field("xs", .array(.float64)), Field("tags", .array(.string)),
                             Field("ds", .array(.decimal(precision: 20, scale: 2)))])
        let xs: [Value] = [.array([.double(1.5), .double(-2)]), .array([]), .null, .array([.null, .double(4)]), .array([.double(0.25)])]
        let tags: [Value] = [.array([.string("a")]), .null, .array([.string(""), .null, .string("日本")]), .array([]), .array([.string("z")])]
        let ds: [Value] = [.null, .array([.decimal(12345, precision: 20, scale: 2)]), .array([]), .array([.decimal(-1, precision: 20, scale: 2), .null]), .null]
        let b = RecordBatch(schema: schema, columns: [
            .int32([1, 2, 3, 4, 5]), .from(xs, type: schema[1].type), .from(tags, type: schema[2].type), .from(ds, type: schema[3].type),
        ])
        for v in [Self.variants[0], Self.variants[4]] {
            let path = tempParquetPath()
            try ParquetWriter.write([b], schema: schema, to: path, options: Self.options(v, rowGroupRows: 3))
            let f = try ParquetFile(path: path)
            #expect(f.schema == schema)
            let back = try f.readAll()
            #expect(back.rows == b.rows)
            #expect(try f.readRowGroup(0, columns: [1], rows: 1..<3).columns[0].scalars == Array(xs[1..<3]))
            if let py = python(with: "pyarrow") {
                let r = try runProgram(py, ["-c", "import sys, pyarrow.parquet as pq; t = pq.read_table(sys.argv[1]); print(t.schema.types); print(t.to_pydict())", path])
                #expect(r.status == 0, "\(r.stderr)")
                #expect(r.stdout == "[DataType(int32), ListType(list<element: double>), ListType(list<element: string>), ListType(list<element: decimal128(20, 2)>)]\n{'id': [1, 2, 3, 4, 5], 'xs': [[1.5, -2.0], [], None, [None, 4.0], [0.25]], 'tags': [['a'], None, ['', None, '日本'], [], ['z']], 'ds': [None, [Decimal('123.45')], [], [Decimal('-0.01'), None], None]}\n")
            } else { print("skipping pyarrow check: no pyarrow") }
            if let py = python(with: "duckdb") {
                let r = try runProgram(py, ["-c", "import sys, duckdb; print(duckdb.sql(f\"SELECT id, xs, tags FROM read_parquet('{sys.argv[1]}') ORDER BY id\").fetchall())", path])
                #expect(r.status == 0, "\(r.stderr)")
                #expect(r.stdout == "[(1, [1.5, -2.0], ['a']), (2, [], None), (3, None, ['', None, '日本']), (4, [None, 4.0], []), (5, [0.25], ['z'])]\n")
            } else { print("skipping duckdb check: no duckdb") }
        }
    }

    @Test func nestedLeafRoundTrip() throws {
        // id: required int64; tags: optional list<optional string>; kv: optional map<string, int32>.
        let fields: [ParquetSchemaNode] = [
            .leaf("id", .int64, .required),
            .list("tags", element: .string("element")),
            .map("kv", key: .string("key"), value: .leaf("value", .int32)),
            .group("st", .optional, [.leaf("x", .int32), .string("y")]),
        ]
        let path = tempParquetPath()
        let w = try ParquetFileWriter(path: path, fields: fields)
        #expect(w.leaves.map(\.dottedPath) == ["id", "tags.list.element", "kv.key_value.key", "kv.key_value.value", "st.x", "st.y"])
        // Rows: tags [["a","b"], [], nil, [nil, "c"]]; kv [{"k":1}, nil, {}, {"z": nil}]; st [(1,"p"), nil, (nil,"q"), (4,nil)]
        func bytes(_ s: [String]) -> ParquetValues {
            var o: [Int32] = [0], b: [UInt8] = []
            for x in s { b += Array(x.utf8); o.append(Int32(b.count)) }
            return .byteArray(offsets: o, bytes: b)
        }
        let data: [ParquetLeafData] = [
            ParquetLeafData(values: .int64([1, 2, 3, 4])),
            ParquetLeafData(values: bytes(["a", "b", "c"]), definitionLevels: [3, 3, 1, 0, 2, 3], repetitionLevels: [0, 1, 0, 0, 0, 1]),
            ParquetLeafData(values: bytes(["k", "z"]), definitionLevels: [2, 0, 1, 2], repetitionLevels: [0, 0, 0, 0]),
            ParquetLeafData(values: .int32([1]), definitionLevels: [3, 0, 1, 2], repetitionLevels: [0, 0, 0, 0]),
            ParquetLeafData(values: .int32([1, 4]), definitionLevels: [2, 0, 1, 2]),
            ParquetLeafData(values: bytes(["p", "q"]), definitionLevels: [2, 0, 2, 1]),
        ]
        try w.writeRowGroup(rowCount: 4, data)
        try w.close()
        let f = try ParquetFile(path: path)
        for (i, d) in data.enumerated() {
            let back = try f.readLeaf(rowGroup: 0, leaf: i)
            let sameDefs: Bool = back.definitionLevels == d.definitionLevels
            let sameReps: Bool = back.repetitionLevels == d.repetitionLevels
            #expect(sameDefs, "leaf \(i) definition levels")
            #expect(sameReps, "leaf \(i) repetition levels")
            #expect(String(describing: back.values) == String(describing: d.values), "leaf \(i)")
        }
        guard let py = python(with: "pyarrow") else { print("skipping pyarrow check: no pyarrow"); return }
        let r = try runProgram(py, ["-c", "import sys, pyarrow.parquet as pq; print(pq.read_table(sys.argv[1]).to_pylist())", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[{'id': 1, 'tags': ['a', 'b'], 'kv': [('k', 1)], 'st': {'x': 1, 'y': 'p'}}, {'id': 2, 'tags': [], 'kv': None, 'st': None}, {'id': 3, 'tags': None, 'kv': [], 'st': {'x': None, 'y': 'q'}}, {'id': 4, 'tags': [None, 'c'], 'kv': [('z', None)], 'st': {'x': 4, 'y': None}}]")
    }
}
