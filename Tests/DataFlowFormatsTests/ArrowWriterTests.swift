import DataFlowColumnar
import Foundation
import DataFlowTestSupport
import Testing
@testable import DataFlowFormats

/// A validity bitmap with only row `i` null.
func nullAt(_ i: Int, of n: Int) -> Buffer {
    let v = Bitmap.allValid(n)
    Bitmap.set(v.pointer(UInt8.self), i, false)
    return v
}

@Suite struct ArrowWriterTests {
    static let schema = Schema([Field("id", .int64), Field("name", .string), Field("score", .float64), Field("ok", .boolean),
                                Field("price", .decimal(precision: 10, scale: 2)), Field("big", .decimal(precision: 30, scale: 3)),
                                Field("day", .date), Field("at", .timestamp), Field("n", .int32), Field("z", .null),
                                Field("l", .array(.int64)), Field("ls", .array(.string))])
    static func batch(_ k: Int64) -> RecordBatch {
        RecordBatch(schema: schema, columns: [
            .int64([k, nil, 3, 4, 5, 6, 7, 8, 9]),
            .string(["a", nil, "", "é😀", "x\ny", "f", "g", "h", "i"]),
            .float64([1.5, .nan, nil, -.infinity, 0, -0.0, 1e300, 5e-324, 2]),
            .boolean([true, false, nil, true, true, false, true, false, true]),
            .decimal([12345, -5, nil, 0, 1, 2, 3, 4, 5], precision: 10, scale: 2),
            .decimal([Decimal128.pow10(27) + 7, nil, -1, 0, 1, 2, 3, 4, 5], precision: 30, scale: 3),
            .date([days(2024, 1, 2), nil, -1, 0, 1, 2, 3, 4, 5]),
            .timestamp([micros(2024, 1, 2, 3, 4, 5, 678_901), nil, -1, 0, 1, 2, 3, 4, 5]),
            .int32([nil, -7, 0, 1, 2, 3, 4, 5, Int32.max]),
            Column.nulls(.null, count: 9),
            Column.array(offsets: [0, 2, 2, 3, 3, 3, 3, 4, 4, 5], elements: .int64([k, nil, 7, 8, 9]),
                         validity: nullAt(3, of: 9)),
            Column.array(offsets: [0, 1, 2, 2, 2, 2, 2, 2, 2, 3], elements: .string(["a", nil, "é"])),
        ])
    }

    @Test(arguments: [false, true])
    func roundTripsThroughTheReader(stream: Bool) throws {
        let batches = [Self.batch(1), Self.batch(100)]
        let path = makeTempDir() + (stream ? "/t.arrows" : "/t.arrow")
        var o = ArrowWriteOptions()
        try o.set("arrowFormat", stream ? "stream" : "file")
        try ArrowWriter.write(batches, schema: Self.schema, to: path, options: o)
        let file = try ArrowFile(path: path)
        #expect(file.isStream == stream)
        #expect(file.schema == Self.schema)
        #expect(canonicalRows(try file.readAll()) == canonicalRows(batches))
    }

    @Test func dictionaryColumnsAreWrittenPlain() throws {
        let dict = Column.string(["red", "green"])
        let col = Column(type: .string, count: 3, values: Buffer.of([Int32(1), 0, 1]), dictionary: DictionaryBox(dict))
        let b = RecordBatch(schema: Schema([Field("c", .string)]), columns: [col])
        let bytes = ArrowWriter.encode([b], schema: b.schema, stream: false)
        let file = try ArrowFile(path: writeTemp(bytes, name: "d.arrow"))
        #expect(canonicalRows(try file.readAll()) == [["s:green"], ["s:red"], ["s:green"]])
    }

    @Test func sharedDictionariesAreWrittenEncoded() throws {
        let dict = Column.string(["red", nil, "green"])
        func batch(_ idx: [Int32], _ nulls: [Bool]) -> RecordBatch {
            var v = ColumnBuilder(type: .int32)
            for (i, n) in zip(idx, nulls) { if n { v.appendNull() } else { v.append(i) } }
            let ix = v.finish()
            let col = Column(type: .string, count: idx.count, values: ix.values, validity: ix.validity, dictionary: DictionaryBox(dict))
            return RecordBatch(schema: Schema([Field("c", .string), Field("n", .int64)]), columns: [col, .int64(idx.map { Int64($0) })])
        }
        let box = DictionaryBox(dict)
        func shared(_ b: RecordBatch) -> RecordBatch {
            let c = b.columns[0]
            return RecordBatch(schema: b.schema, columns: [Column(type: .string, count: c.count, values: c.values, validity: c.validity, dictionary: box), b.columns[1]])
        }
        let batches = [shared(batch([2, 0, 1], [false, false, false])), shared(batch([0, 2, 0], [true, false, false]))]
        for stream in [false, true] {
            var o = ArrowWriteOptions()
            try o.set("dictionary", "true")
            o.stream = stream
            let path = makeTempDir() + "/d.arrow"
            try ArrowWriter.write(batches, schema: batches[0].schema, to: path, options: o)
            let file = try ArrowFile(path: path)
            let back = try file.readAll()
            #expect(back[0].columns[0].dictionary != nil)
            #expect(canonicalRows(back) == [["s:green", "i:2"], ["s:red", "i:0"], [nil, "i:1"], [nil, "i:0"], ["s:green", "i:2"], ["s:red", "i:0"]])
            if let py = python(with: "pyarrow") {
                let script = "import sys, pyarrow.ipc as ipc, pyarrow as pa\nsrc = pa.memory_map(sys.argv[1])\n"
                    + "t = (ipc.open_stream(src) if \(stream ? "True" : "False") else ipc.open_file(src)).read_all()\n"
                    + "t.validate(full=True)\nprint(t.schema.field('c').type)\nprint(t.column('c').to_pylist())\n"
                let sp = makeTempDir() + "/r.py"
                try script.write(toFile: sp, atomically: true, encoding: .utf8)
                let run = try runProgram(py, [sp, path]); let (status, out) = (run.status, run.stdout)
                #expect(status == 0)
                #expect(out == "dictionary<values=string, indices=int32, ordered=0>\n['green', 'red', None, None, 'green', 'red']\n")
            }
        }
    }

    /// pyarrow reads what we write, value by value (skipped without pyarrow).
    @Test(arguments: [false, true])
    func pyarrowReadsOurFiles(stream: Bool) throws {
        guard let py = python(with: "pyarrow") else { return }
        let batches = [Self.batch(1), Self.batch(100)]
        let path = makeTempDir() + "/py.arrow"
        var o = ArrowWriteOptions()
        o.stream = stream
        try ArrowWriter.write(batches, schema: Self.schema, to: path, options: o)
        let script = """
        import sys, struct, decimal, pyarrow as pa, pyarrow.ipc as ipc
        src = pa.memory_map(sys.argv[1])
        t = (ipc.open_stream(src) if \(stream ? "True" : "False") else ipc.open_file(src)).read_all()
        t.validate(full=True)
        print("|".join(f"{f.name}:{f.type}" for f in t.schema))
        def canon(v, ty):
            if v is None: return "None"
            if pa.types.is_boolean(ty): return "b:" + ("true" if v else "false")
            if pa.types.is_integer(ty): return "i:%d" % v
            if pa.types.is_floating(ty): return "f:%d" % struct.unpack("<q", struct.pack("<d", v))[0]
            if pa.types.is_decimal(ty): return "dec:%d" % int(v.scaleb(ty.scale, context=decimal.Context(prec=100)))
            if pa.types.is_date32(ty): return "d:%d" % v
            if pa.types.is_timestamp(ty): return "t:%d" % v
            if pa.types.is_list(ty): return "a:[" + ",".join("null" if x is None else canon(x, ty.value_type) for x in v) + "]"
            return "s:" + v
        cols = []
        for c in t.columns:
            ty = c.type
            vals = c.cast(pa.int32()).to_pylist() if pa.types.is_date32(ty) else c.cast(pa.int64()).to_pylist() if pa.types.is_timestamp(ty) else c.to_pylist()
            cols.append([canon(v, ty) for v in vals])
        for r in zip(*cols): print(repr(list(r)))
        """
        let scriptPath = makeTempDir() + "/read.py"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let run = try runProgram(py, [scriptPath, path]); let (status, out) = (run.status, run.stdout)
        #expect(status == 0)
        var lines = out.split(separator: "\n").map(String.init)
        let header = lines.isEmpty ? "" : lines.removeFirst()
        #expect(header == "id:int64|name:string|score:double|ok:bool|price:decimal128(10, 2)|big:decimal128(30, 3)|day:date32[day]|at:timestamp[us, tz=UTC]|n:int32|z:null|l:list<item: int64>|ls:list<item: string>")
        let ours = canonicalRows(batches).map { r in "[" + r.map { $0.map { "'" + $0.replacingOccurrences(of: "\n", with: "\\n") + "'" } ?? "'None'" }.joined(separator: ", ") + "]" }
        #expect(lines == ours)
    }
}
