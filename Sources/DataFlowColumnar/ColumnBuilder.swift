/// Appends values into growable Arrow buffers and finishes into an immutable `Column`.
/// One builder per column per batch; no allocation per value beyond amortised growth.
public struct ColumnBuilder: Sendable {
    public let type: DataType
    @usableFromInline var _count = 0
    public var count: Int { _count }
    @usableFromInline var values: Buffer
    @usableFromInline var capacity: Int
    @usableFromInline var validity: Buffer?
    @usableFromInline var validityCapacity = 0
    @usableFromInline var data: Buffer?
    @usableFromInline var dataCount = 0
    @usableFromInline let width: Int
    /// An array column's elements so far.
    @usableFromInline var arrayElements: [Value] = []
    /// A map column's values so far (its keys are in `arrayElements`).
    @usableFromInline var mapItems: [Value] = []

    public init(type: DataType, capacity: Int = 1024) {
        self.type = type
        self.width = type.byteWidth
        self.capacity = max(capacity, 16)
        let slots = type.hasOffsets ? self.capacity + 1 : self.capacity
        self.values = Buffer(byteCount: slots * width)
        if type.hasOffsets { values.pointer(Int32.self)[0] = 0 }
        if type == .string { data = Buffer(byteCount: max(capacity * 8, 64)) }
    }

    @inlinable mutating func reserveOne() {
        if _count == capacity { grow(to: capacity * 2) }
    }

    @usableFromInline mutating func grow(to newCapacity: Int) {
        let slots = type.hasOffsets ? capacity + 1 : capacity
        let newSlots = type.hasOffsets ? newCapacity + 1 : newCapacity
        values = values.resized(to: newSlots * width, copying: slots * width)
        capacity = newCapacity
    }

    /// Materialises the validity bitmap (all previous values valid) on the first null.
    @usableFromInline mutating func ensureValidity() {
        let needed = Bitmap.byteCount(for: capacity)
        if validity == nil {
            let v = Buffer(byteCount: needed)
            memsetBytes(v.raw, 0xFF, needed)
            validity = v
            validityCapacity = needed
        } else if validityCapacity < needed {
            let v = Buffer(byteCount: needed)
            memsetBytes(v.raw, 0xFF, needed)
            v.raw.copyMemory(from: validity!.raw, byteCount: validityCapacity)
            validity = v
            validityCapacity = needed
        }
    }

    public mutating func appendNull() {
        reserveOne()
        ensureValidity()
        Bitmap.set(validity!.pointer(UInt8.self), _count, false)
        // Keep the slot deterministic (zero) so kernels may read it branch-free.
        if type.hasOffsets {
            let o = values.pointer(Int32.self)
            o[_count + 1] = o[_count]
        } else {
            (values.raw + _count * width).initializeMemory(as: UInt8.self, repeating: 0, count: width)
        }
        _count += 1
    }

    @inlinable mutating func markValid() {
        if validity != nil {
            ensureValidity()
            Bitmap.set(validity!.pointer(UInt8.self), _count, true)
        }
    }

    /// Appends a raw fixed-width value whose Swift type matches the column's storage.
    @inlinable public mutating func appendRaw<T>(_ v: T) {
        reserveOne()
        markValid()
        values.raw.storeBytes(of: v, toByteOffset: _count &* MemoryLayout<T>.stride, as: T.self)
        _count &+= 1
    }

    public mutating func append(_ v: Int64) {
        switch type {
        case .int32, .date: appendRaw(Int32(truncatingIfNeeded: v))
        case .float64: appendRaw(Double(v))
        default: appendRaw(v)
        }
    }
    public mutating func append(_ v: Int32) {
        switch type {
        case .int64, .timestamp: appendRaw(Int64(v))
        case .float64: appendRaw(Double(v))
        default: appendRaw(v)
        }
    }
    public mutating func append(_ v: Double) { appendRaw(v) }
    public mutating func append(_ v: Bool) { appendRaw(UInt8(v ? 1 : 0)) }

    public mutating func appendDecimal(_ unscaled: Int128) {
        if width == 8 { appendRaw(Int64(truncatingIfNeeded: unscaled)) } else { appendRaw(unscaled) }
    }

    public mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { appendUTF8(UnsafeRawBufferPointer($0)) }
    }

    /// Appends one string from UTF-8 bytes (no `String` is created).
    public mutating func appendUTF8(_ bytes: UnsafeRawBufferPointer) {
        reserveOne()
        markValid()
        let o = values.pointer(Int32.self)
        let start = Int(o[_count])
        let end = start + bytes.count
        if end > data!.byteCount {
            data = data!.resized(to: max(end, data!.byteCount * 2), copying: start)
        }
        if bytes.count > 0 { (data!.raw + start).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        o[_count + 1] = Int32(end)
        _count += 1
        dataCount = end
    }

    /// Appends a scalar, converting between compatible representations (int ↔ wider int, decimal scale).
    public mutating func append(value: Value) {
        if case .map = type {
            guard case .map(let keys, let items) = value else { appendNull(); return }
            reserveOne()
            markValid()
            arrayElements.append(contentsOf: keys)
            mapItems.append(contentsOf: items)
            values.pointer(Int32.self)[_count + 1] = Int32(truncatingIfNeeded: arrayElements.count)
            _count += 1
            return
        }
        if case .array = type {
            // A non-array scalar for an array column is appended as NULL, as other mismatches are.
            guard case .array(let items) = value else { appendNull(); return }
            reserveOne()
            markValid()
            arrayElements.append(contentsOf: items)
            values.pointer(Int32.self)[_count + 1] = Int32(truncatingIfNeeded: arrayElements.count)
            _count += 1
            return
        }
        switch value {
        case .null: appendNull()
        case .bool(let b): if type == .string { append(b ? "true" : "false") } else { append(b) }
        case .int32(let v): appendNumeric(Int128(v), scale: 0, double: Double(v))
        case .int64(let v): appendNumeric(Int128(v), scale: 0, double: Double(v))
        case .double(let d):
            switch type {
            case .float64: append(d)
            case .string: append(formatDouble(d))
            case .int64: append(Int64(d))
            case .int32: append(Int32(d))
            case .decimal(_, let s):
                appendDecimal(Int128((d * Double(Decimal128.pow10(s))).rounded()))
            default: appendNull()
            }
        case .decimal(let u, _, let s): appendNumeric(u, scale: s, double: Decimal128.toDouble(u, scale: s))
        case .string(let s): if type == .string { append(s) } else { appendNull() }
        case .date(let d): if type == .string { append(DateTime.formatDate(d)) } else if type == .timestamp { appendRaw(Int64(d) * 86_400_000_000) } else { appendRaw(d) }
        case .timestamp(let t): if type == .string { append(DateTime.formatTimestamp(t)) } else { appendRaw(t) }
        case .array, .map: if type == .string { append(value.description) } else { appendNull() }
        }
    }

    private mutating func appendNumeric(_ u: Int128, scale: Int, double: Double) {
        switch type {
        case .int32, .date: appendRaw(Int32(truncatingIfNeeded: u / Decimal128.pow10(scale)))
        case .int64, .timestamp: appendRaw(Int64(truncatingIfNeeded: u / Decimal128.pow10(scale)))
        case .float64: append(double)
        case .decimal(_, let s): appendDecimal(Decimal128.rescale(u, from: scale, to: s) ?? 0)
        case .string: append(scale == 0 ? String(u) : Decimal128.format(u, scale: scale))
        case .boolean: append(u != 0)
        case .null, .array, .map: appendNull()
        }
    }

    public func finish() -> Column {
        var validity = self.validity
        if let v = validity, Bitmap.countUnset(v, count: _count) == 0 { validity = nil }
        if case .array(let elementType) = type {
            return Column(type: type, count: _count, values: values, validity: validity,
                          elements: ColumnBox(Column.from(arrayElements, type: elementType)))
        }
        if case .map(let k, let v) = type {
            return Column(type: type, count: _count, values: values, validity: validity, data: nil, dictionary: nil,
                          elements: ColumnBox(Column.from(arrayElements, type: k)),
                          mapValues: ColumnBox(Column.from(mapItems, type: v)))
        }
        return Column(type: type, count: _count, values: values, validity: validity, data: data)
    }
}
