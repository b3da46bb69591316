import DataFlow
import DataFlowColumnar
@testable import DataFlowTables
import DataFlowTestSupport
import Foundation
import Testing

/// Tables written by the `deltalake` Python package read here, and tables written here read by it.
/// Skips (with a printed reason) when no Python with deltalake is available.
@Suite struct InteropTests {
    let session = Session(threads: 2)

    /// A cell as comparable text: numbers by value, strings, booleans, dates as ISO text.
    static func cell(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .number(let t): return "n:\(Double(t) ?? .nan)"
        case .string(let s): return "s:\(s)"
        case .bool(let b): return "b:\(b)"
        default: return v.text
        }
    }

    static func cell(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .int32(let x): return "n:\(Double(x))"
        case .int64(let x): return "n:\(Double(x))"
        case .double(let x): return "n:\(x)"
        case .string(let s): return "s:\(s)"
        case .bool(let b): return "b:\(b)"
        case .date(let d): return "s:\(DateTime.formatDate(d))"
        default: return "s:\(v.description)"
        }
    }

    static func expectedRows(_ v: JSONValue?) -> [String] {
        (v?["rows"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).map(cell).joined(separator: "|") }.sorted()
    }

    func ourRows(_ df: DataFrame) throws -> [String] {
        try df.collect().map { $0.values.map(Self.cell).joined(separator: "|") }.sorted()
    }

    @Test func tablesWrittenByDeltalakeReadHereAtEveryVersion() throws {
        let root = fixturesDir + "/delta"
        let expected = try JSONValue.parse(String(contentsOfFile: root + "/expected.json", encoding: .utf8))
        for name in ["history", "partitioned", "checkpointed"] {
            guard let e = expected[name], let latest = e["latest"]?.int64Value else {
                Issue.record("expected.json has no entry for \(name)")
                continue
            }
            let path = root + "/" + name
            #expect(try DeltaTable.forPath(session, path).version == latest, "\(name)")
            for (v, want) in e["versions"]?.objectValue ?? [] {
                let df = try session.read.format("delta").option("versionAsOf", v).load(path)
                #expect(try df.columns == (want["columns"]?.arrayValue ?? []).compactMap(\.stringValue), "\(name) v\(v)")
                #expect(try ourRows(df) == Self.expectedRows(want), "\(name) v\(v)")
            }
            let ops = try DeltaTable.forPath(session, path).history().collect()
            for row in ops {
                guard let v = row.values[0].int64Value else { continue }
                #expect(row.values[2].stringValue == e["operations"]?[String(v)]?.stringValue, "\(name) v\(v)")
            }
        }
        // The deltalake checkpoint (version 11) is what the snapshot starts from.
        let cp = DeltaLog(tablePath: root + "/checkpointed")
        #expect(try cp.listing().checkpoints.keys.sorted() == [11])
        #expect(try cp.snapshot().files.count == 13)
        // Data skipping on deltalake's stats.
        let scan = try DeltaTableStore(path: root + "/history", context: testContext()).scanTable()
        #expect(try session.table(scan).filter(col("id") == 11).count() == 1)
        #expect(scan.filesOpened == 1)
    }

    func readWithDeltalake(_ python: String, _ path: String, versions: [Int]) throws -> JSONValue {
        let r = try runProgram(python, [fixturesDir + "/read_with_deltalake.py", path] + versions.map(String.init))
        guard r.status == 0 else {
            Issue.record("deltalake failed to read \(path) (status \(r.status)): \(r.stdout)\(r.stderr)")
            return .null
        }
        let line = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONValue.parse(line)
    }

    @Test func tablesWrittenHereReadInDeltalake() throws {
        guard let python = python(with: "deltalake") else {
            print("InteropTests: skipped: no Python with the deltalake package (set DATAFLOW_PYTHON or pip install deltalake pyarrow)")
            return
        }
        let s = Schema([Field("id", .int64), Field("name", .string), Field("day", .date), Field("amount", .decimal(precision: 10, scale: 2))])
        func rows(_ ids: [Int64]) throws -> DataFrame {
            try session.createDataFrame(ids.map { [.int64($0), $0 == 3 ? .null : .string("n\($0)"), .date(Int32(19_000 + $0)),
                                                   .decimal(Int128($0) * 125, precision: 10, scale: 2)] }, schema: s)
        }
        // Several commits and a delete.
        let a = temporaryFolder("interop")
        try rows([1, 2, 3]).write.format("delta").save(a)
        try rows([4]).write.format("delta").mode(.append).save(a)
        try DeltaTable.forPath(session, a).delete(where: col("id") == 2)
        try DeltaTable.forPath(session, a).update(where: col("id") == 4, set: ["name": lit("four")])
        let got = try readWithDeltalake(python, a, versions: [0, 1, 2, 3])
        #expect(got["latest"]?.int64Value == 3)
        func ids(_ v: String) -> [Int64] { (got["versions"]?[v]?["rows"]?.arrayValue ?? []).compactMap { $0.arrayValue?.first?.int64Value }.sorted() }
        #expect(ids("0") == [1, 2, 3])
        #expect(ids("1") == [1, 2, 3, 4])
        #expect(ids("2") == [1, 3, 4])
        #expect(got["versions"]?["3"]?["rows"]?.text == #"[[1,"n1","2022-01-09","1.25"],[3,null,"2022-01-11","3.75"],[4,"four","2022-01-12","5.00"]]"#)
        #expect(got["operations"]?["2"]?.stringValue == "DELETE")
        #expect(got["operations"]?["3"]?.stringValue == "UPDATE")

        // Partitioned by a string (with a space and a null) and an int.
        let p = temporaryFolder("interop")
        let ps = Schema([Field("id", .int64), Field("year", .int32), Field("tag", .string)])
        try session.createDataFrame([[.int64(1), .int32(2023), .string("a b")], [.int64(2), .int32(2024), .null],
                                     [.int64(3), .int32(2024), .string("x/y")]], schema: ps)
            .write.format("delta").partitionBy("year", "tag").save(p)
        let gp = try readWithDeltalake(python, p, versions: [0])
        #expect(gp["versions"]?["0"]?["rows"]?.text == #"[[1,2023,"a b"],[2,2024,null],[3,2024,"x/y"]]"#)

        // A checkpoint: 11 commits, then the older commit files removed so only the checkpoint can serve.
        let c = temporaryFolder("interop")
        for k in 0..<11 { try rows([Int64(k)]).write.format("delta").mode(.append).save(c) }
        for v in 0..<10 { try FileManager.default.removeItem(atPath: DeltaLog(tablePath: c).commitPath(Int64(v))) }
        let gc = try readWithDeltalake(python, c, versions: [10])
        #expect(gc["latest"]?.int64Value == 10)
        #expect((gc["versions"]?["10"]?["rows"]?.arrayValue ?? []).compactMap { $0.arrayValue?.first?.int64Value }.sorted() == Array(0...10))
    }
}
