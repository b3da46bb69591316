/// Date functions over `date` (days since epoch) columns; timestamps are converted to their UTC date.
extension Kernels {
    static func asDates(_ a: Column) -> Column {
        let a = a.decoded()
        if a.type == .date || a.type == .null { return a }
        return (try? cast(a, to: .date, mode: .tryNull)) ?? Column.nulls(.date, count: a.count)
    }

    static func datePart(_ a: Column, _ part: (Int32) -> Int32) -> Column {
        let a = asDates(a)
        let n = a.count
        if a.type == .null { return Column.nulls(.int32, count: n) }
        let out = Buffer(byteCount: n * 4)
        let x = a.values.pointer(Int32.self), o = out.pointer(Int32.self)
        for i in 0..<n { o[i] = part(x[i]) }
        return finish(.int32, out, validity: a.validity, count: n)
    }

    public static func year(_ a: Column) -> Column { datePart(a) { Int32(DateTime.civil($0).year) } }
    public static func month(_ a: Column) -> Column { datePart(a) { Int32(DateTime.civil($0).month) } }
    public static func dayOfMonth(_ a: Column) -> Column { datePart(a) { Int32(DateTime.civil($0).day) } }
    public static func quarter(_ a: Column) -> Column { datePart(a) { Int32((DateTime.civil($0).month - 1) / 3 + 1) } }
    /// 1 = Sunday … 7 = Saturday (Spark's `dayofweek`).
    public static func dayOfWeek(_ a: Column) -> Column { datePart(a) { Int32(DateTime.isoWeekday($0) % 7 + 1) } }
    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public static func isoDayOfWeek(_ a: Column) -> Column { datePart(a) { Int32(DateTime.isoWeekday($0)) } }
    /// 0 = Monday … 6 = Sunday (Spark's `weekday`).
    public static func weekday(_ a: Column) -> Column { datePart(a) { Int32(DateTime.isoWeekday($0) - 1) } }
    public static func dayOfYear(_ a: Column) -> Column {
        datePart(a) { d in d - DateTime.days(year: DateTime.civil(d).year, month: 1, day: 1) + 1 }
    }
    /// The ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday).
    public static func weekOfYear(_ a: Column) -> Column {
        datePart(a) { d in
            let thursday = d - Int32(DateTime.isoWeekday(d)) + 4
            return (thursday - DateTime.days(year: DateTime.civil(thursday).year, month: 1, day: 1)) / 7 + 1
        }
    }

    /// Timestamp parts (UTC); a date is its midnight.
    public static func timestampPart(_ a: Column, _ type: DataType, _ part: (Int64) -> Int64) -> Column {
        var a = a.decoded()
        let n = a.count
        if a.type != .timestamp {
            a = (try? cast(a, to: .timestamp, mode: .tryNull)) ?? Column.nulls(.timestamp, count: n)
        }
        if a.type == .null { return Column.nulls(type, count: n) }
        var b = ColumnBuilder(type: type, capacity: n)
        let x = a.values.pointer(Int64.self)
        for i in 0..<n {
            if a.isValid(i) { b.append(part(x[i])) } else { b.appendNull() }
        }
        return b.finish()
    }

    static func microsOfDay(_ t: Int64) -> Int64 {
        let r = t % DateTime.microsPerDay
        return r < 0 ? r + DateTime.microsPerDay : r
    }

    public static func hour(_ a: Column) -> Column { timestampPart(a, .int32) { microsOfDay($0) / 3_600_000_000 } }
    public static func minute(_ a: Column) -> Column { timestampPart(a, .int32) { microsOfDay($0) / 60_000_000 % 60 } }
    public static func second(_ a: Column) -> Column { timestampPart(a, .int32) { microsOfDay($0) / 1_000_000 % 60 } }

    /// `date_add(d, days)`; an out-of-range result raises ARITHMETIC_OVERFLOW (ANSI) or gives null.
    public static func dateAdd(_ d: Column, days: Column, mode: ErrorMode) throws -> Column {
        try shiftDays(d, days, negate: false, mode: mode)
    }

    /// `date_sub(d, days)`.
    public static func dateSub(_ d: Column, days: Column, mode: ErrorMode) throws -> Column {
        try shiftDays(d, days, negate: true, mode: mode)
    }

    static func shiftDays(_ d: Column, _ days: Column, negate: Bool, mode: ErrorMode) throws -> Column {
        let d = asDates(d)
        var k = days.decoded()
        let n = d.count
        if d.type == .null || k.type == .null { return Column.nulls(.date, count: n) }
        if k.type != .int32 { k = try cast(k, to: .int32, mode: mode) }
        let out = Buffer(byteCount: n * 4)
        let x = UnsafePointer(d.values.pointer(Int32.self)), y = UnsafePointer(k.values.pointer(Int32.self))
        let o = out.pointer(Int32.self)
        let overflow = negate ? subtractWrapping(x, y, o, n) : addWrapping(x, y, o, n)
        var validity = Bitmap.and(d.validity, k.validity, count: n)
        if overflow {
            validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { i in
                negate ? x[i].subtractingReportingOverflow(y[i]).overflow : x[i].addingReportingOverflow(y[i]).overflow
            }, error: { _ in DataFlowError.overflow(negate ? "date_sub" : "date_add") })
        }
        return finish(.date, out, validity: validity, count: n)
    }

    /// `datediff(end, start)`: days from `start` to `end` (int32).
    public static func dateDiff(_ end: Column, _ start: Column) -> Column {
        let e = asDates(end), s = asDates(start)
        let n = e.count
        if e.type == .null || s.type == .null { return Column.nulls(.int32, count: n) }
        let out = Buffer(byteCount: n * 4)
        let x = e.values.pointer(Int32.self), y = s.values.pointer(Int32.self), o = out.pointer(Int32.self)
        for i in 0..<n { o[i] = x[i] &- y[i] }
        return finish(.int32, out, validity: Bitmap.and(e.validity, s.validity, count: n), count: n)
    }

    /// `to_date(s[, format])`. Without a format this is `CAST(s AS DATE)` (CAST_INVALID_INPUT in ANSI mode);
    /// with a Java pattern, unparsable text raises CANNOT_PARSE_TIMESTAMP (ANSI) or gives null.
    public static func toDate(_ s: Column, format: String?, mode: ErrorMode) throws -> Column {
        let s = s.decoded()
        guard let format, s.type == .string else { return try cast(s, to: .date, mode: mode) }
        let pattern = DateTimePattern(format)
        let n = s.count
        let out = Buffer(byteCount: n * 4)
        let o = out.pointer(Int32.self)
        var bad = [Bool](repeating: false, count: n)
        var any = false
        let vp = bits(s.validity)
        for i in 0..<n where valid(vp, i) {
            if let t = pattern.parse(s.utf8(i)) {
                o[i] = Int32(truncatingIfNeeded: floorDiv(t, DateTime.microsPerDay))
            } else { bad[i] = true; any = true }
        }
        var validity = s.validity
        if any {
            validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { bad[$0] },
                                         error: { DataFlowError.cannotParseTimestamp(s.string($0), pattern: format) })
        }
        return finish(.date, out, validity: validity, count: n)
    }

    /// `try_to_date`-style form: unparsable → null.
    public static func toDate(_ s: Column, format: String?) -> Column {
        (try? toDate(s, format: format, mode: .tryNull)) ?? Column.nulls(.date, count: s.count)
    }
}
