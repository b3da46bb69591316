import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

/// Files written by pyarrow and DuckDB (committed fixtures) read here, every value compared.
@Suite struct ParquetFixtureTests {
    static let expectedTypes: [String: DataType] = [
        "b": .boolean, "i32": .int32, "i64": .int64, "f64": .float64, "f32": .float64, "s": .string, "d": .date,
        "ts": .timestamp, "dec9": .decimal(precision: 9, scale: 2), "dec18": .decimal(precision: 18, scale: 4),
        "dec30": .decimal(precision: 30, scale: 5), "i8": .int32, "u16": .int32, "u32": .int64,
    ]

    static let files: [String] = [
        "basic_none.parquet", "basic_snappy.parquet", "basic_gzip.parquet", "basic_zstd.parquet", "v2_snappy.parquet",
        "v2_nodict_zstd.parquet", "nodict_none.parquet", "delta.parquet", "delta_byte_array.parquet", "rowgroups.parquet",
        "decimal_int.parquet", "ts_int96.parquet", "duckdb.parquet",
    ]

    @Test(arguments: files)
    func everyValueMatches(_ file: String) throws {
        let expected = try parquetExpected()
        let columns = expected["columns"] as! [String: [Any]]
        let f = try ParquetFile(path: parquetFixture(file))
        #expect(f.rowCount == 30)
        let batch = try f.readAll()
        #expect(batch.rowCount == 30)
        for (name, values) in columns {
            let idx = try #require(f.schema.index(of: name), "\(file) lacks column \(name)")
            #expect(f.schema[idx].type == Self.expectedTypes[name], "\(file) \(name): \(f.schema[idx].type)")
            let col = batch.columns[idx]
            for (r, e) in values.enumerated() {
                let a = col.value(r)
                #expect(matches(a, e), "\(file) \(name) row \(r): got \(a), want \(e)")
            }
        }
    }

    @Test func rowGroupsAndStatistics() throws {
        let f = try ParquetFile(path: parquetFixture("rowgroups.parquet"))
        #expect(f.rowGroups.map(\.rowCount) == [7, 7, 7, 7, 2])
        let i32 = try #require(f.schema.index(of: "i32"))
        let expected = try parquetExpected()["columns"] as! [String: [Any]]
        let vals = expected["i32"]!
        for (g, info) in f.rowGroups.enumerated() {
            let slice = vals[(g * 7)..<min(30, g * 7 + 7)].compactMap { $0 as? String }.compactMap { Int32($0) }
            let s = try #require(info.columns[i32])
            #expect(s.min == .int32(slice.min()!))
            #expect(s.max == .int32(slice.max()!))
            #expect(s.nullCount == (g * 7..<min(30, g * 7 + 7)).filter { $0 % 5 == 4 }.count)
        }
        // Reading part of a row group returns exactly those rows.
        let part = try f.readRowGroup(1, columns: [i32], rows: 2..<5)
        #expect(part.rowCount == 3)
        #expect((0..<3).allSatisfy { matches(part.columns[0].value($0), vals[7 + 2 + $0]) })
    }

    @Test func timestampUnits() throws {
        let f = try ParquetFile(path: parquetFixture("ts_units.parquet"))
        let expected = try parquetExpected()["ts_units"] as! [String: [Any]]
        let batch = try f.readAll()
        for (name, values) in expected {
            let idx = try #require(f.schema.index(of: name))
            #expect(f.schema[idx].type == .timestamp)
            for (r, e) in values.enumerated() {
                #expect(matches(batch.columns[idx].value(r), e), "\(name) row \(r)")
            }
        }
    }

    @Test func nestedColumnsAreNamedWhenSelectedAndReadableAsLeaves() throws {
        let f = try ParquetFile(path: parquetFixture("nested.parquet"))
        #expect(f.schema.names == ["id", "st", "lst", "m"])
        let ids = try f.readAll(columns: [0])
        #expect(ids.columns[0].scalars == (0..<5).map { Value.int64(Int64($0)) })
        for c in [1, 3] {
            #expect(throws: DataFlowError.self) { try f.readRowGroup(0, columns: [c]) }
        }
        do {
            _ = try f.readRowGroup(0, columns: [3])
            Issue.record("the map column read")
        } catch let e as DataFlowError {
            #expect(e.message.contains("column m") && e.message.contains("MAP"))
        }
        // list<double> reads as array<double>: [[1.5, 2.5], [], None, [None, 4.0], [5.0]]
        #expect(f.schema[2].type == .array(.float64))
        let lst = try f.readAll(columns: [2]).columns[0]
        #expect(lst.scalars == [.array([.double(1.5), .double(2.5)]), .array([]), .null, .array([.null, .double(4.0)]), .array([.double(5.0)])])
        // Leaf level: lst.list.element, with levels (optional list, repeated, optional element).
        let li = try #require(f.leaves.firstIndex { $0.path == ["lst", "list", "element"] })
        #expect(f.leaves[li].maxDefinitionLevel == 3 && f.leaves[li].maxRepetitionLevel == 1)
        let leaf = try f.readLeaf(rowGroup: 0, leaf: li)
        // [[1.5, 2.5], [], None, [None, 4.0], [5.0]]
        #expect(leaf.repetitionLevels == [0, 1, 0, 0, 0, 1, 0])
        #expect(leaf.definitionLevels == [3, 3, 1, 0, 2, 3, 3])
        guard case .double(let d) = leaf.values else { Issue.record("not doubles"); return }
        #expect(d == [1.5, 2.5, 4.0, 5.0])
        let sx = try #require(f.leaves.firstIndex { $0.path == ["st", "x"] })
        let x = try f.readLeaf(rowGroup: 0, leaf: sx)
        #expect(x.definitionLevels == [2, 0, 1, 2, 2])
        guard case .int32(let xs) = x.values else { Issue.record("not int32"); return }
        #expect(xs == [1, 4, 5])
    }
}
