import DataFlowColumnar

/// DataFlow columns → leaf data for the writer (flat columns: definition levels only).
enum ParquetFlatColumns {
    static func leafData(_ columns: [Column], field: Field, leaf: ParquetLeaf) throws -> ParquetLeafData {
        let cols = columns.map { $0.decoded() }
        let total = cols.reduce(0) { $0 + $1.count }
        let nullable = leaf.maxDefinitionLevel > 0
        var defs: [Int16] = []
        if nullable {
            defs.reserveCapacity(total)
            for c in cols {
                if let v = c.validity {
                    let p = v.pointer(UInt8.self)
                    for i in 0..<c.count { defs.append(Bitmap.get(p, i) ? 1 : 0) }
                } else {
                    defs.append(contentsOf: repeatElement(1, count: c.count))
                }
            }
        } else if cols.contains(where: { $0.nullCount > 0 }) {
            throw DataFlowError("NULL_IN_NON_NULLABLE_COLUMN", "column \(field.name) is declared NOT NULL but holds nulls; it cannot be written to Parquet")
        }
        /// Appends each column's non-null fixed-width values of type `T`, mapped by `f`.
        func gather<T, U>(_: T.Type, _ f: (T) -> U) -> [U] {
            var out: [U] = []
            out.reserveCapacity(total)
            for c in cols {
                let vals = c.values(T.self)
                if let v = c.validity {
                    let p = v.pointer(UInt8.self)
                    for i in 0..<c.count where Bitmap.get(p, i) { out.append(f(vals[i])) }
                } else {
                    for x in vals { out.append(f(x)) }
                }
            }
            return out
        }
        func plain<T>(_: T.Type) -> [T] {
            var out: [T] = []
            out.reserveCapacity(total)
            for c in cols {
                let vals = c.values(T.self)
                if let v = c.validity {
                    let p = v.pointer(UInt8.self)
                    for i in 0..<c.count where Bitmap.get(p, i) { out.append(vals[i]) }
                } else {
                    out.append(contentsOf: vals)
                }
            }
            return out
        }
        let values: ParquetValues
        switch field.type {
        case .boolean: values = .boolean(gather(UInt8.self) { $0 != 0 })
        case .int32, .date: values = .int32(plain(Int32.self))
        case .int64, .timestamp: values = .int64(plain(Int64.self))
        case .float64: values = .double(plain(Double.self))
        case .decimal(let p, _):
            if p <= 9 { values = .int32(gather(Int64.self) { Int32(truncatingIfNeeded: $0) }) }
            else if p <= 18 { values = .int64(plain(Int64.self)) }
            else {
                let w = leaf.typeLength
                var bytes: [UInt8] = []
                bytes.reserveCapacity(total * w)
                let wide = gather(Int128.self) { $0 }
                for v in wide {
                    for k in stride(from: w - 1, through: 0, by: -1) {
                        bytes.append(UInt8(truncatingIfNeeded: v >> Int128(8 * k)))
                    }
                }
                values = .fixedLenByteArray(width: w, bytes: bytes)
            }
        case .string:
            var offsets: [Int32] = [0]
            offsets.reserveCapacity(total + 1)
            var bytes: [UInt8] = []
            var size = 0
            for c in cols { size += c.count > 0 ? Int(c.offsets[c.count] - c.offsets[0]) : 0 }
            bytes.reserveCapacity(size)
            for c in cols {
                let o = c.offsets
                for i in 0..<c.count where c.isValid(i) {
                    let s = Int(o[i]), e = Int(o[i + 1])
                    if e > s { bytes.append(contentsOf: UnsafeRawBufferPointer(start: c.data!.raw + s, count: e - s)) }
                    guard bytes.count <= Int(Int32.max) else {
                        throw DataFlowError("PARQUET_WRITE_ERROR", "column \(field.name): more than 2 GiB of strings in one row group; use a smaller rowGroupRows")
                    }
                    offsets.append(Int32(bytes.count))
                }
            }
            values = .byteArray(offsets: offsets, bytes: bytes)
        case .null, .array, .map:
            throw DataFlowError("PARQUET_UNSUPPORTED_TYPE", "column \(field.name) has type \(field.type), which is not a flat Parquet column")
        }
        return ParquetLeafData(values: values, definitionLevels: defs)
    }
}
