/// Pattern-driven datetime kernels: date_format, to_timestamp/unix_timestamp parsing, from_unixtime.
extension Kernels {
    /// Formats a timestamp (or date, at midnight) column with a compiled pattern.
    public static func formatTimestamps(_ a: Column, _ pattern: DateTimePattern) -> Column {
        var a = a.decoded()
        let n = a.count
        if a.type == .date { a = (try? cast(a, to: .timestamp, mode: .tryNull)) ?? Column.nulls(.timestamp, count: n) }
        return formatRows(a, pattern) { $0 }
    }

    /// `from_unixtime(seconds, pattern)`: formats whole seconds since the epoch.
    public static func formatUnixSeconds(_ a: Column, _ pattern: DateTimePattern) -> Column {
        var a = a.decoded()
        let n = a.count
        if a.type != .int64 { a = (try? cast(a, to: .int64, mode: .tryNull)) ?? Column.nulls(.int64, count: n) }
        return formatRows(a, pattern) { seconds in
            let (micros, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
            return overflow ? nil : micros
        }
    }

    /// The formatting loop shared by `formatTimestamps` and `formatUnixSeconds`: each valid Int64 row of `a`
    /// is turned into microseconds by `micros` (nil gives NULL) and formatted with `pattern`.
    private static func formatRows(_ a: Column, _ pattern: DateTimePattern, micros: (Int64) -> Int64?) -> Column {
        let n = a.count
        if a.type == .null { return Column.nulls(.string, count: n) }
        var b = ColumnBuilder(type: .string, capacity: n)
        let x = a.values.pointer(Int64.self)
        var buf: [UInt8] = []
        for i in 0..<n {
            guard a.isValid(i), let m = micros(x[i]) else { b.appendNull(); continue }
            buf.removeAll(keepingCapacity: true)
            pattern.format(micros: m, into: &buf)
            buf.withUnsafeBytes { b.appendUTF8($0) }
        }
        return b.finish()
    }

    /// Parses a string column with a compiled pattern into timestamps (UTC microseconds). Unparsable text
    /// raises CANNOT_PARSE_TIMESTAMP (ANSI) or gives NULL.
    public static func parseTimestamps(_ s: Column, _ pattern: DateTimePattern, mode: ErrorMode) throws -> Column {
        let s = s.decoded()
        let n = s.count
        if s.type == .null { return Column.nulls(.timestamp, count: n) }
        let out = Buffer(byteCount: n * 8)
        let o = out.pointer(Int64.self)
        var bad: [Int] = []
        let vp = bits(s.validity)
        for i in 0..<n where valid(vp, i) {
            if let t = pattern.parse(s.utf8(i)) { o[i] = t } else { bad.append(i) }
        }
        var validity = s.validity
        if !bad.isEmpty {
            let badSet = Set(bad)
            validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { badSet.contains($0) },
                                         error: { DataFlowError.cannotParseTimestamp(s.string($0), pattern: pattern.pattern) })
        }
        return finish(.timestamp, out, validity: validity, count: n)
    }

    /// `a / b` rounded toward negative infinity.
    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { floorDiv(a, b) }

    /// Whole seconds since the epoch of a timestamp (or date) column, rounded down (`unix_timestamp(ts)`).
    public static func unixSeconds(_ a: Column) -> Column {
        timestampPart(a, .int64) { floorDiv($0, 1_000_000) }
    }
}
