import DataFlowColumnar
import Foundation

enum ParquetStats {
    /// Byte-wise unsigned comparison (binary/string order).
    static func lessUnsigned(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = min(a.count, b.count)
        if n > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, n)
            if c != 0 { return c < 0 }
        }
        return a.count < b.count
    }

    /// Big-endian two's complement comparison (FLBA/BYTE_ARRAY decimals of equal width).
    static func lessSignedBE(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard let fa = a.first, let fb = b.first else { return a.count < b.count }
        if fa != fb { return Int8(bitPattern: fa) < Int8(bitPattern: fb) }
        return lessUnsigned(a, b)
    }

    static func le<T>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }

    /// Statistics of a leaf's non-null `values` plus its null count; nil min/max when there is no value
    /// (or only NaNs). `legacy` also fills the deprecated min/max where signed order is right.
    static func compute(_ values: ParquetValues, nullCount: Int, decimalFLBA: Bool) -> ParquetRawStatistics {
        var s = ParquetRawStatistics()
        s.nullCount = Int64(nullCount)
        var legacy = true
        switch values {
        case .boolean(let v):
            if !v.isEmpty {
                s.minValue = [v.contains(false) ? 0 : 1]
                s.maxValue = [v.contains(true) ? 1 : 0]
            }
        case .int32(let v):
            if let lo = v.min(), let hi = v.max() { s.minValue = le(lo); s.maxValue = le(hi) }
        case .int64(let v):
            if let lo = v.min(), let hi = v.max() { s.minValue = le(lo); s.maxValue = le(hi) }
        case .float(let v):
            let f = v.filter { !$0.isNaN }
            if var lo = f.min(), var hi = f.max() {
                if lo == 0 { lo = -0.0 }
                if hi == 0 { hi = 0.0 }
                s.minValue = le(lo); s.maxValue = le(hi)
            }
        case .double(let v):
            var lo = Double.infinity, hi = -Double.infinity, any = false
            for x in v where !x.isNaN { any = true; lo = Swift.min(lo, x); hi = Swift.max(hi, x) }
            if any {
                if lo == 0 { lo = -0.0 }
                if hi == 0 { hi = 0.0 }
                s.minValue = le(lo); s.maxValue = le(hi)
            }
        case .byteArray(let offsets, let bytes):
            legacy = false
            let n = max(offsets.count - 1, 0)
            if n > 0 {
                bytes.withUnsafeBytes { raw in
                    func at(_ i: Int) -> UnsafeRawBufferPointer {
                        UnsafeRawBufferPointer(rebasing: raw[Int(offsets[i])..<Int(offsets[i + 1])])
                    }
                    var lo = 0, hi = 0
                    for i in 1..<n {
                        let x = at(i)
                        if lessUnsigned(x, at(lo)) { lo = i }
                        if lessUnsigned(at(hi), x) { hi = i }
                    }
                    // Very long values would bloat the footer: leave such chunks without min/max.
                    if at(lo).count <= 4096 && at(hi).count <= 4096 {
                        s.minValue = Array(at(lo))
                        s.maxValue = Array(at(hi))
                    }
                }
            }
        case .fixedLenByteArray(let w, let bytes):
            legacy = false
            let n = w == 0 ? 0 : bytes.count / w
            if n > 0 {
                bytes.withUnsafeBytes { raw in
                    func at(_ i: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: raw[(i * w)..<(i * w + w)]) }
                    var lo = 0, hi = 0
                    for i in 1..<n {
                        let x = at(i)
                        if decimalFLBA ? lessSignedBE(x, at(lo)) : lessUnsigned(x, at(lo)) { lo = i }
                        if decimalFLBA ? lessSignedBE(at(hi), x) : lessUnsigned(at(hi), x) { hi = i }
                    }
                    s.minValue = Array(at(lo))
                    s.maxValue = Array(at(hi))
                }
            }
        case .int96:
            legacy = false  // INT96 has no defined order
        }
        if legacy { s.min = s.minValue; s.max = s.maxValue }
        return s
    }

    /// A statistic's bytes as a DataFlow value of `type` (nil when it cannot be interpreted).
    static func value(_ bytes: [UInt8], leaf: ParquetLeaf, type: DataType) -> Value? {
        bytes.withUnsafeBytes { raw -> Value? in
            func i32() -> Int32? { raw.count == 4 ? Int32(littleEndian: raw.loadUnaligned(as: Int32.self)) : nil }
            func i64() -> Int64? { raw.count == 8 ? Int64(littleEndian: raw.loadUnaligned(as: Int64.self)) : nil }
            switch (type, leaf.physicalType) {
            case (.boolean, .boolean): return raw.count >= 1 ? .bool(raw[0] != 0) : nil
            case (.int32, .int32): return i32().map { .int32($0) }
            case (.int64, .int32): return i32().map { .int64(Int64(UInt32(bitPattern: $0))) }
            case (.int64, .int64): return i64().map { .int64($0) }
            case (.date, .int32): return i32().map { .date($0) }
            case (.float64, .double): return i64().map { .double(Double(bitPattern: UInt64(bitPattern: $0))) }
            case (.float64, .float): return i32().map { .double(Double(Float(bitPattern: UInt32(bitPattern: $0)))) }
            case (.timestamp, .int64):
                guard let v = i64() else { return nil }
                return ParquetConvert.timestampMicros(v, leaf: leaf).map { .timestamp($0) }
            case (.string, .byteArray): return .string(String(decoding: raw, as: UTF8.self))
            case (.decimal(let p, let s), .int32): return i32().map { .decimal(Int128($0), precision: p, scale: s) }
            case (.decimal(let p, let s), .int64): return i64().map { .decimal(Int128($0), precision: p, scale: s) }
            case (.decimal(let p, let s), .fixedLenByteArray), (.decimal(let p, let s), .byteArray):
                return ParquetConvert.bigEndianDecimal(raw).map { .decimal($0, precision: p, scale: s) }
            default: return nil
            }
        }
    }

    /// The DataFlow statistics of a flat leaf's raw statistics: min_value/max_value when present, the
    /// deprecated min/max only where their (signed) order is the right one.
    static func columnStatistics(_ raw: ParquetRawStatistics?, leaf: ParquetLeaf, type: DataType, valueCount: Int) -> ColumnStatistics {
        guard let raw else { return ColumnStatistics(valueCount: valueCount) }
        var minB = raw.minValue, maxB = raw.maxValue
        if minB == nil || maxB == nil {
            let signedOK: Bool
            switch leaf.physicalType {
            case .boolean, .int64, .float, .double: signedOK = true
            case .int32: signedOK = type != .int64   // UINT_32 sorts unsigned
            default: signedOK = false
            }
            if signedOK { minB = raw.min; maxB = raw.max } else { minB = nil; maxB = nil }
        }
        var s = ColumnStatistics(nullCount: raw.nullCount.map { Int($0) }, valueCount: valueCount)
        if let a = minB, let b = maxB {
            s.min = value(a, leaf: leaf, type: type)
            s.max = value(b, leaf: leaf, type: type)
            if case .double(let d)? = s.min, d.isNaN { s.min = nil; s.max = nil }
            if case .double(let d)? = s.max, d.isNaN { s.min = nil; s.max = nil }
            if s.min == nil || s.max == nil { s.min = nil; s.max = nil }
        }
        return s
    }
}

/// Value ordering for merging statistics (same-typed values only).
enum ValueOrder {
    static func less(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return !x && y
        case (.int32(let x), .int32(let y)): return x < y
        case (.int64(let x), .int64(let y)): return x < y
        case (.double(let x), .double(let y)): return x < y
        case (.decimal(let x, _, _), .decimal(let y, _, _)): return x < y
        case (.date(let x), .date(let y)): return x < y
        case (.timestamp(let x), .timestamp(let y)): return x < y
        case (.string(let x), .string(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        default: return false
        }
    }
}
