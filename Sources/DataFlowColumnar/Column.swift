/// Boxes a column so that a `Column` can refer to another one (a dictionary, an array's elements).
public final class DictionaryBox: Sendable {
    public let column: Column
    public init(_ column: Column) { self.column = column }
}

/// A boxed child column.
public typealias ColumnBox = DictionaryBox

/// One column of a record batch in Arrow's layout.
///
/// - `validity`: bit-packed, 1 = valid; `nil` means no nulls.
/// - `values`: fixed-width values (`Int32`, `Int64`, `Double`, `Int64`/`Int128` decimals, `Int32` days,
///   `Int64` microseconds); booleans are one byte per value (0 or 1) so that kernels stay branch-free,
///   converted to Arrow's bit-packed form only at Arrow I/O; strings store `count + 1` `Int32` offsets
///   into `data` (UTF-8 bytes).
/// - `dictionary`: when set, `values` holds `Int32` indices into that (string) dictionary.
/// - arrays: `values` holds `count + 1` `Int32` offsets into `elements`, the child column of all
///   elements (Arrow's List layout).
public struct Column: Sendable {
    public let type: DataType
    public let count: Int
    public let validity: Buffer?
    public let values: Buffer
    public let data: Buffer?
    public let dictionary: DictionaryBox?
    /// An array column's elements; a map column's keys.
    public let elements: ColumnBox?
    /// A map column's values (as many as its keys).
    public let mapValues: ColumnBox?

    public init(type: DataType, count: Int, values: Buffer, validity: Buffer? = nil, data: Buffer? = nil,
                dictionary: DictionaryBox? = nil, elements: ColumnBox? = nil) {
        self.init(type: type, count: count, values: values, validity: validity, data: data, dictionary: dictionary,
                  elements: elements, mapValues: nil)
    }

    /// A column with every child, a map's values included.
    public init(type: DataType, count: Int, values: Buffer, validity: Buffer?, data: Buffer?,
                dictionary: DictionaryBox?, elements: ColumnBox?, mapValues: ColumnBox?) {
        self.type = type
        self.count = count
        self.values = values
        self.validity = validity
        self.data = data
        self.dictionary = dictionary
        self.elements = elements
        self.mapValues = mapValues
    }

    /// A map column: `offsets` (`count + 1` values) into `keys` and `values`, two columns of one length.
    public static func map(offsets: [Int32], keys: Column, values: Column, validity: Buffer? = nil) -> Column {
        let a = array(offsets: offsets, elements: keys, validity: validity)
        return Column(type: .map(keys.type, values.type), count: a.count, values: a.values, validity: validity,
                      data: nil, dictionary: nil, elements: a.elements, mapValues: ColumnBox(values))
    }

    /// An array column: `offsets` (`count + 1` values, starting at 0 and not decreasing) into `elements`.
    public static func array(offsets: [Int32], elements: Column, validity: Buffer? = nil) -> Column {
        let n = max(offsets.count - 1, 0)
        let ob = Buffer(byteCount: (n + 1) * 4)
        offsets.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { ob.raw.copyMemory(from: base, byteCount: offsets.count * 4) } else { ob.pointer(Int32.self)[0] = 0 }
        }
        return Column(type: .array(elements.type), count: n, values: ob, validity: validity, elements: ColumnBox(elements))
    }

    /// The elements of array `i`: rows `start ..< end` of `elements`.
    @inlinable public func arrayRange(_ i: Int) -> Range<Int> {
        let o = offsets
        return Int(o[i]) ..< Int(o[i &+ 1])
    }

    @inlinable public var hasNulls: Bool { validity != nil }

    @inlinable public func isValid(_ i: Int) -> Bool {
        guard let v = validity else { return true }
        return Bitmap.get(v.pointer(UInt8.self), i)
    }

    @inlinable public func isNull(_ i: Int) -> Bool { !isValid(i) }

    public var nullCount: Int {
        guard let v = validity else { return 0 }
        return Bitmap.countUnset(v, count: count)
    }

    /// The values buffer typed as `T` (callers pick `T` from `type`).
    @inlinable public func values<T>(_: T.Type) -> UnsafeBufferPointer<T> {
        UnsafeBufferPointer(start: values.raw.assumingMemoryBound(to: T.self), count: count)
    }

    @inlinable public var offsets: UnsafePointer<Int32> { UnsafePointer(values.pointer(Int32.self)) }

    /// The UTF-8 bytes of string `i` (no copy).
    @inlinable public func utf8(_ i: Int) -> UnsafeRawBufferPointer {
        let o = offsets
        let start = Int(o[i]), end = Int(o[i &+ 1])
        return UnsafeRawBufferPointer(start: data!.raw + start, count: end &- start)
    }

    /// String `i` (allocates: not for hot loops).
    public func string(_ i: Int) -> String {
        if let d = dictionary {
            return d.column.string(Int(values.pointer(Int32.self)[i]))
        }
        return String(decoding: utf8(i), as: UTF8.self)
    }

    /// A plain (non-dictionary) copy when dictionary-encoded; `self` otherwise.
    public func decoded() -> Column {
        guard let d = dictionary else { return self }
        return d.column.take(values(Int32.self), validity: validity)
    }

    /// The value at `i` as a scalar (allocates for strings: not for hot loops).
    public func value(_ i: Int) -> Value {
        if !isValid(i) { return .null }
        switch type {
        case .null: return .null
        case .boolean: return .bool(values.pointer(UInt8.self)[i] != 0)
        case .int32: return .int32(values.pointer(Int32.self)[i])
        case .int64: return .int64(values.pointer(Int64.self)[i])
        case .float64: return .double(values.pointer(Double.self)[i])
        case .date: return .date(values.pointer(Int32.self)[i])
        case .timestamp: return .timestamp(values.pointer(Int64.self)[i])
        case .string: return .string(string(i))
        case .decimal(let p, let s):
            let u: Int128 = p <= 18 ? Int128(values.pointer(Int64.self)[i]) : values.pointer(Int128.self)[i]
            return .decimal(u, precision: p, scale: s)
        case .array:
            guard let e = elements?.column else { return .array([]) }
            return .array(arrayRange(i).map { e.value($0) })
        case .map:
            guard let k = elements?.column, let v = mapValues?.column else { return .map([], []) }
            let r = arrayRange(i)
            return .map(r.map { k.value($0) }, r.map { v.value($0) })
        }
    }

    /// Rough bytes held, children included (memory accounting).
    public var byteSize: Int {
        values.byteCount + (data?.byteCount ?? 0) + (validity?.byteCount ?? 0) + (elements?.column.byteSize ?? 0)
            + (mapValues?.column.byteSize ?? 0)
    }

    /// All values as scalars (for tests and small results).
    public var scalars: [Value] { (0..<count).map(value) }
}

// MARK: - Convenience constructors

extension Column {
    public static func nulls(_ type: DataType, count: Int) -> Column {
        var b = ColumnBuilder(type: type, capacity: count)
        for _ in 0..<count { b.appendNull() }
        return b.finish()
    }

    public static func int64(_ v: [Int64?]) -> Column { build(.int64, v) { b, x in b.append(x) } }
    public static func int32(_ v: [Int32?]) -> Column { build(.int32, v) { b, x in b.append(x) } }
    public static func float64(_ v: [Double?]) -> Column { build(.float64, v) { b, x in b.append(x) } }
    public static func boolean(_ v: [Bool?]) -> Column { build(.boolean, v) { b, x in b.append(x) } }
    public static func string(_ v: [String?]) -> Column { build(.string, v) { b, x in b.append(x) } }
    public static func date(_ days: [Int32?]) -> Column { build(.date, days) { b, x in b.append(x) } }
    public static func timestamp(_ micros: [Int64?]) -> Column { build(.timestamp, micros) { b, x in b.append(x) } }
    /// Decimal column from unscaled integers.
    public static func decimal(_ unscaled: [Int128?], precision: Int, scale: Int) -> Column {
        build(.decimal(precision: precision, scale: scale), unscaled) { b, x in b.appendDecimal(x) }
    }

    /// A column of `count` copies of a scalar, cast to `type` when the scalar's own type differs.
    public static func constant(_ value: Value, type: DataType, count: Int) -> Column {
        // Convert the scalar once, then copy it (a per-row `append(value:)` converts every time).
        if value.isNull || type == .null { return Column.nulls(type, count: count) }
        var b = ColumnBuilder(type: type, capacity: 1)
        b.append(value: value)
        let one = b.finish()
        if count == 1 { return one }
        return [Int32](repeating: 0, count: count).withUnsafeBufferPointer { one.take($0) }
    }

    public static func from(_ values: [Value], type: DataType) -> Column {
        var b = ColumnBuilder(type: type, capacity: values.count)
        for v in values { b.append(value: v) }
        return b.finish()
    }

    private static func build<T>(_ type: DataType, _ v: [T?], _ f: (inout ColumnBuilder, T) -> Void) -> Column {
        var b = ColumnBuilder(type: type, capacity: v.count)
        for x in v {
            if let x { f(&b, x) } else { b.appendNull() }
        }
        return b.finish()
    }
}
