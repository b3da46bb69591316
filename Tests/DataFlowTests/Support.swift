import DataFlow
import Foundation
import Testing

/// One shared two-thread session for most tests (sessions are cheap, but this keeps the output stable).
let session = Session(threads: 2)

/// Every row's values.
func rows(_ df: DataFrame) throws -> [[Value]] { try df.collect().map(\.values) }

/// Rows as sorted strings, for comparing results whose order is not specified.
func bag(_ df: DataFrame) throws -> [String] { try df.collect().map(\.description).sorted() }

/// The error class of what `body` throws, or nil when it does not throw.
func errorClass(_ body: () throws -> Void) -> String? {
    do { try body() } catch let e as DataFlowError { return e.errorClass } catch { return "non-DataFlowError: \(error)" }
    return nil
}

/// The DataFlowError `body` throws.
func dataFlowError(_ body: () throws -> Void) -> DataFlowError? {
    do { try body() } catch let e as DataFlowError { return e } catch { return nil }
    return nil
}

func approx(_ a: Double?, _ b: Double, tol: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return Swift.abs(a - b) <= tol * Swift.max(1, Swift.abs(b))
}

/// A fresh empty temp folder path (not created).
func tempPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}

/// people(id int, name string, age int, score double): small table with NULLs.
func people(_ s: Session = session) throws -> DataFrame {
    try s.createDataFrame([
        [.int32(1), .string("alice"), .int32(30), .double(1.5)],
        [.int32(2), .string("bob"), .null, .double(2.5)],
        [.int32(3), .null, .int32(25), .null],
        [.int32(4), .string("dave"), .int32(40), .double(4.0)],
    ], schema: Schema([Field("id", .int32), Field("name", .string), Field("age", .int32), Field("score", .float64)]))
}
