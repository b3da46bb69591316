import DataFlow
import DataFlowColumnar

/// The data column type (`DataFlow.Column` is the expression type).
typealias ColumnData = DataFlowColumnar.Column

/// How vectors are stored in a column.
///
/// - dense: `array<double>` (Arrow's List layout: offsets + one child column of all values);
/// - sparse: `map<int, double>` (offsets + index keys + values), indices ascending. A sparse vector column
///   always holds an explicit entry at the vector's last index (0.0 when that entry is zero), so the
///   vector's size travels with each row: the map `{1 -> 2.0, 4 -> 0.0}` is the vector `(5,[1],[2.0])`.
public enum VectorColumn {
    public static let denseType: DataType = .array(.float64)
    public static let sparseType: DataType = .map(.int32, .float64)

    /// True for the two vector layouts.
    public static func isVector(_ type: DataType) -> Bool { type == denseType || type == sparseType }

    /// A column of vectors (nil = null): dense layout when every vector is dense, else sparse.
    public static func make(_ vectors: [Vector?]) -> DataFlowColumnar.Column {
        var b = VectorColumnBuilder(sparse: vectors.contains { $0?.isSparse == true }, capacity: vectors.count)
        for v in vectors {
            guard let v else { b.appendNull(); continue }
            v.forEachActive { i, x in b.add(i, x) }
            b.endRow(size: v.size)
        }
        return b.finish()
    }

    /// A dense vector column from a row-major `rows × width` matrix (no per-row allocation).
    public static func dense(rows: Int, width: Int, rowMajor values: [Double]) -> DataFlowColumnar.Column {
        precondition(values.count == rows * width, "dense(rows:width:) needs rows*width values")
        let offsets = (0...rows).map { Int32($0 * width) }
        return .array(offsets: offsets, elements: float64Column(values))
    }

    static func float64Column(_ v: [Double]) -> DataFlowColumnar.Column {
        DataFlowColumnar.Column(type: .float64, count: v.count, values: Buffer.of(v))
    }

    static func int32Column(_ v: [Int32]) -> DataFlowColumnar.Column {
        DataFlowColumnar.Column(type: .int32, count: v.count, values: Buffer.of(v))
    }

    /// A validity bitmap (nil when every row is valid).
    static func validity(_ valid: [Bool]) -> Buffer? {
        if valid.allSatisfy({ $0 }) { return nil }
        let b = Buffer(byteCount: (valid.count + 7) / 8, zeroed: true)
        let p = b.pointer(UInt8.self)
        for (i, ok) in valid.enumerated() where ok { p[i >> 3] |= UInt8(1 << (i & 7)) }
        return b
    }

    /// Reads the vectors of a column in either layout; `what` names the column in errors.
    public static func reader(_ column: DataFlowColumnar.Column, _ what: String) throws -> VectorReader {
        try VectorReader(column, what)
    }
}

/// Reads the vectors of one column (dense or sparse layout) without copying the column.
public struct VectorReader {
    let column: DataFlowColumnar.Column
    let sparse: Bool
    let keys: UnsafePointer<Int32>?
    let values: UnsafePointer<Double>
    let what: String

    init(_ column: DataFlowColumnar.Column, _ what: String) throws {
        self.what = what
        self.column = column
        switch column.type {
        case VectorColumn.denseType:
            guard let e = column.elements?.column else { throw MLError.invalidInput("\(what): array column without elements") }
            if e.hasNulls { throw MLError.invalidInput("\(what): a vector holds a null element") }
            sparse = false; keys = nil
            values = UnsafePointer(e.values.pointer(Double.self))
        case VectorColumn.sparseType:
            guard let k = column.elements?.column, let v = column.mapValues?.column else {
                throw MLError.invalidInput("\(what): map column without keys or values")
            }
            if v.hasNulls { throw MLError.invalidInput("\(what): a sparse vector holds a null value") }
            sparse = true
            keys = UnsafePointer(k.values.pointer(Int32.self))
            values = UnsafePointer(v.values.pointer(Double.self))
        default:
            throw MLError.invalidInput("\(what) must be a vector column (array<double> or map<int,double>), not \(column.type.sqlName)")
        }
    }

    public var count: Int { column.count }
    public func isNull(_ i: Int) -> Bool { column.isNull(i) }

    /// The size of vector `i` (a sparse vector's last stored index + 1).
    public func size(_ i: Int) -> Int {
        let r = column.arrayRange(i)
        if !sparse { return r.count }
        return r.isEmpty ? 0 : Int(keys![r.upperBound - 1]) + 1
    }

    /// Calls `body` with each stored entry of row `i` (every entry of a dense vector).
    public func forEachActive(_ i: Int, _ body: (Int, Double) throws -> Void) rethrows {
        let r = column.arrayRange(i)
        if let keys {
            for k in r { try body(Int(keys[k]), values[k]) }
        } else {
            let start = r.lowerBound
            for k in r { try body(k - start, values[k]) }
        }
    }

    /// Writes row `i` densely into `out` (which must hold `size(i)` values); zero-fills first for sparse rows.
    public func copyDense(_ i: Int, into out: UnsafeMutableBufferPointer<Double>) {
        if sparse { out.update(repeating: 0) }
        forEachActive(i) { k, v in if k < out.count { out[k] = v } }
    }

    /// Vector `i` (nil when null).
    public func vector(_ i: Int) -> Vector? {
        if column.isNull(i) { return nil }
        let r = column.arrayRange(i)
        if !sparse { return .dense(Array(UnsafeBufferPointer(start: values + r.lowerBound, count: r.count))) }
        var idx: [Int] = [], vals: [Double] = []
        for k in r where values[k] != 0 { idx.append(Int(keys![k])); vals.append(values[k]) }
        return .sparse(size: size(i), indices: idx, values: vals)
    }
}

/// Builds a dense (`array<double>`) or sparse (`map<int,double>`) vector column row by row, writing
/// straight into the column's buffers (no `Vector` value per row).
struct VectorColumnBuilder {
    let sparse: Bool
    private var offsets: [Int32] = [0]
    private var keys: [Int32] = []
    private var values: [Double] = []
    private var valid: [Bool] = []
    private var lastKey = -1

    init(sparse: Bool, capacity: Int = 0) {
        self.sparse = sparse
        offsets.reserveCapacity(capacity + 1)
        valid.reserveCapacity(capacity)
    }

    /// Adds entry `i` of the current row: dense rows take every entry in order; sparse rows take
    /// ascending indices (zeros are not stored).
    @inline(__always) mutating func add(_ i: Int, _ v: Double) {
        if sparse {
            if v != 0 { keys.append(Int32(truncatingIfNeeded: i)); values.append(v); lastKey = i }
        } else {
            values.append(v)
        }
    }

    /// Ends the current row; a sparse row of `size` keeps an explicit entry at `size - 1`.
    @inline(__always) mutating func endRow(size: Int) {
        if sparse {
            if size > 0 && lastKey != size - 1 { keys.append(Int32(truncatingIfNeeded: size - 1)); values.append(0) }
            offsets.append(Int32(truncatingIfNeeded: keys.count))
        } else {
            offsets.append(Int32(truncatingIfNeeded: values.count))
        }
        lastKey = -1
        valid.append(true)
    }

    mutating func appendNull() {
        offsets.append(offsets[offsets.count - 1])
        valid.append(false)
        lastKey = -1
    }

    func finish() -> DataFlowColumnar.Column {
        if sparse {
            return .map(offsets: offsets, keys: VectorColumn.int32Column(keys), values: VectorColumn.float64Column(values),
                        validity: VectorColumn.validity(valid))
        }
        return .array(offsets: offsets, elements: VectorColumn.float64Column(values), validity: VectorColumn.validity(valid))
    }
}
