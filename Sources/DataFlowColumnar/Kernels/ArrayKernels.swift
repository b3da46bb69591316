import Foundation

/// Compares values of two columns of one type by row index, with Spark's ordering (NaN greatest and equal
/// to itself, -0.0 equal to 0.0, strings by UTF-8 bytes, arrays element by element). NULLs are the
/// caller's business: `compare` reads only the values. Pass the same column twice to compare within it.
/// Built once per batch; comparisons read raw buffers, no `Value` per element.
public struct ElementComparator: @unchecked Sendable {
    private let cmp: (Int, Int) -> Int
    /// Kept alive for the raw pointers the closure reads.
    private let retained: (Column, Column)

    public init(_ a: Column, _ b: Column) {
        let a = a.decoded(), b = b.decoded()
        retained = (a, b)
        switch a.type {
        case .int32, .date:
            let p = a.values.pointer(Int32.self), q = b.values.pointer(Int32.self)
            cmp = { p[$0] < q[$1] ? -1 : (p[$0] > q[$1] ? 1 : 0) }
        case .int64, .timestamp:
            let p = a.values.pointer(Int64.self), q = b.values.pointer(Int64.self)
            cmp = { p[$0] < q[$1] ? -1 : (p[$0] > q[$1] ? 1 : 0) }
        case .boolean:
            let p = a.values.pointer(UInt8.self), q = b.values.pointer(UInt8.self)
            cmp = { p[$0] < q[$1] ? -1 : (p[$0] > q[$1] ? 1 : 0) }
        case .float64:
            let p = a.values.pointer(Double.self), q = b.values.pointer(Double.self)
            cmp = { i, j in
                let x = p[i], y = q[j]
                if x.isNaN { return y.isNaN ? 0 : 1 }
                if y.isNaN { return -1 }
                return x < y ? -1 : (x > y ? 1 : 0)
            }
        case .decimal(let prec, _):
            if prec <= 18 {
                let p = a.values.pointer(Int64.self), q = b.values.pointer(Int64.self)
                cmp = { p[$0] < q[$1] ? -1 : (p[$0] > q[$1] ? 1 : 0) }
            } else {
                let p = a.values.pointer(Int128.self), q = b.values.pointer(Int128.self)
                cmp = { p[$0] < q[$1] ? -1 : (p[$0] > q[$1] ? 1 : 0) }
            }
        case .string:
            let oa = a.offsets, ob = b.offsets
            let da = a.data.map { UnsafeRawPointer($0.raw) }, db = b.data.map { UnsafeRawPointer($0.raw) }
            cmp = { i, j in
                let sa = Int(oa[i]), la = Int(oa[i &+ 1]) &- sa
                let sb = Int(ob[j]), lb = Int(ob[j &+ 1]) &- sb
                let n = min(la, lb)
                if n > 0, let da, let db {
                    let r = memcmp(da + sa, db + sb, n)
                    if r != 0 { return r < 0 ? -1 : 1 }
                }
                return la < lb ? -1 : (la > lb ? 1 : 0)
            }
        case .null:
            cmp = { _, _ in 0 }
        case .array, .map:
            // Nested arrays are rare: compare as scalars.
            cmp = { i, j in Value.order(a.value(i), b.value(j)) }
        }
    }

    /// < 0, 0 or > 0 as value `i` of the first column orders before, with or after value `j` of the second.
    @inline(__always) public func compare(_ i: Int, _ j: Int) -> Int { cmp(i, j) }
    @inline(__always) public func equal(_ i: Int, _ j: Int) -> Bool { cmp(i, j) == 0 }
}

/// Builds an array column whose elements are picked (by row index) from one source column: most array
/// functions select, reorder or repeat existing elements, so they gather once at the end instead of
/// converting values.
public struct ArrayAssembler {
    public private(set) var offsets: [Int32] = [0]
    public var picks: [Int32] = []
    private var valid: [Bool] = []
    private var anyNull = false

    public init(capacity: Int) {
        offsets.reserveCapacity(capacity + 1)
        valid.reserveCapacity(capacity)
    }

    /// Closes the current row's array (after its elements were appended to `picks`).
    public mutating func endRow() {
        offsets.append(Int32(truncatingIfNeeded: picks.count))
        valid.append(true)
    }

    public mutating func appendNull() {
        offsets.append(Int32(truncatingIfNeeded: picks.count))
        valid.append(false)
        anyNull = true
    }

    /// The array column, elements gathered from `source` (an index of -1 gives a NULL element).
    public func finish(elementsFrom source: Column) -> Column {
        let elements = picks.withUnsafeBufferPointer { source.take($0) }
        var validity: Buffer? = nil
        if anyNull {
            let vb = Buffer(byteCount: Bitmap.byteCount(for: valid.count), zeroed: true)
            let p = vb.pointer(UInt8.self)
            for (i, v) in valid.enumerated() where v { Bitmap.set(p, i, true) }
            validity = vb
        }
        return Column.array(offsets: offsets, elements: elements, validity: validity)
    }
}

extension Column {
    /// An array column's elements (an empty column of the element type when there is none).
    public var elementColumn: Column {
        elements?.column ?? Column.nulls(type.elementType ?? .null, count: 0)
    }

    /// A column that repeats each row `i` `counts[i]` times (a generator's other columns).
    public func repeated(_ counts: UnsafeBufferPointer<Int32>) -> Column {
        var idx: [Int32] = []
        idx.reserveCapacity(counts.reduce(0) { $0 + Int($1) })
        for i in 0..<counts.count where counts[i] > 0 {
            for _ in 0..<counts[i] { idx.append(Int32(i)) }
        }
        return idx.withUnsafeBufferPointer { take($0) }
    }
}
