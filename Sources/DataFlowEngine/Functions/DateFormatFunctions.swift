import DataFlowColumnar
import Foundation

/// Datetime functions driven by a Spark datetime pattern (`date_format`, `to_timestamp`, `unix_timestamp`,
/// `from_unixtime`) and the current date/time. A constant pattern is compiled once per query (`prepare`);
/// an unknown pattern letter raises INVALID_DATETIME_PATTERN before any row is read.
enum DateFormatFunctions {
    static let defaultTimestampPattern = "yyyy-MM-dd HH:mm:ss"

    /// Runs `f` with the pattern of argument `k` (or `fallback` when absent). A column of patterns that
    /// differ by row is handled one distinct pattern at a time; there, unparsable text gives NULL.
    static func withPattern(_ a: [Column], _ k: Int, fallback: String?, type: DataType,
                            _ f: (DateTimePattern, ErrorMode) throws -> Column) throws -> Column {
        let n = a[0].count
        guard k < a.count else { return try f(try DateTimePattern.compile(fallback ?? defaultTimestampPattern), .ansi) }
        let p = a[k].decoded()
        if p.type == .null { return Column.nulls(type, count: n) }
        var distinct: [String] = []
        for i in 0..<n where p.isValid(i) {
            let s = p.string(i)
            if !distinct.contains(s) { distinct.append(s) }
        }
        if distinct.isEmpty { return Column.nulls(type, count: n) }
        if distinct.count == 1 && p.nullCount == 0 { return try f(try DateTimePattern.compile(distinct[0]), .ansi) }
        let conditions = distinct.map { Kernels.compare(.eq, p, Column.constant(.string($0), type: .string, count: n)) }
        let values = try distinct.map { try f(try DateTimePattern.compile($0), .tryNull) }
        return Kernels.caseWhen(conditions: conditions, values: values, otherwise: nil, type: type)
    }

    /// A `prepare` for a pattern at argument `k`: compiled once when constant.
    static func preparePattern(_ k: Int, fallback: String?, type: DataType,
                               _ f: @escaping @Sendable ([Column], DateTimePattern) throws -> Column)
        -> @Sendable ([Value?]) throws -> (@Sendable ([Column], Int) throws -> Column)? {
        { constants in
            if k < constants.count {
                guard let c = constants[k] else { return nil }
                guard case .string(let s) = c else { return { _, n in Column.nulls(type, count: n) } }
                let p = try DateTimePattern.compile(s)
                return { a, _ in try f(a, p) }
            }
            let p = try DateTimePattern.compile(fallback ?? defaultTimestampPattern)
            return { a, _ in try f(a, p) }
        }
    }

    static func parse(_ s: Column, _ p: DateTimePattern, _ mode: ErrorMode) throws -> Column {
        if s.type != .string { return try Kernels.cast(s, to: .timestamp, mode: .ansi) }
        return try Kernels.parseTimestamps(s, p, mode: mode)
    }

    /// Seconds since the epoch of a string (parsed with the pattern), date or timestamp column.
    static func unixTimestamp(_ s: Column, _ p: DateTimePattern, _ mode: ErrorMode) throws -> Column {
        Kernels.unixSeconds(try parse(s, p, mode))
    }

    /// The current time in microseconds.
    static func nowMicros() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)) }

    /// A function of no arguments whose value is fixed once per query (when the expression is compiled).
    static func current(_ name: String, _ type: DataType, _ doc: String, _ value: @escaping @Sendable () -> Value) -> ScalarFunction {
        ScalarFunction(name, category: "datetime", signature: "\(name)()", doc: doc, example: "\(name)()", arity: 0...0,
                       coerce: { _ in [] }, returnType: { _ in type }, invoke: { _, n in
            Column.constant(value(), type: type, count: n)
        }, prepare: { _ in
            let v = value()
            return { _, n in Column.constant(v, type: type, count: n) }
        })
    }

    static let stringOrDatetime: @Sendable ([DataType]) -> [DataType]? = { args in
        var out: [DataType] = [args[0] == .date || args[0] == .timestamp ? args[0] : .string]
        guard canImplicitlyCast(args[0], to: out[0]) else { return nil }
        for a in args.dropFirst() { guard canImplicitlyCast(a, to: .string) else { return nil }; out.append(.string) }
        return out
    }

    static let all: [ScalarFunction] = [
        ScalarFunction("date_format", category: "datetime", signature: "date_format(timestamp, fmt)",
                       doc: "Formats `timestamp` (UTC) with the Spark datetime pattern `fmt`: y M MMM MMMM d D Q E EEEE a H h k K m s S… z XXX, 'quoted text'.",
                       example: "date_format(TIMESTAMP '2016-04-08 13:05:09', 'yyyy-MM-dd') → 2016-04-08", arity: 2...2,
                       coerce: Coerce.exact([.timestamp, .string]), returnType: { _ in .string }, invoke: { a, _ in
            try withPattern(a, 1, fallback: nil, type: .string) { p, _ in Kernels.formatTimestamps(a[0], p) }
        }, prepare: preparePattern(1, fallback: nil, type: .string) { a, p in Kernels.formatTimestamps(a[0], p) }),
        ScalarFunction("to_timestamp", category: "datetime", signature: "to_timestamp(str[, fmt])",
                       doc: "Parses `str` into a timestamp with the Spark datetime pattern `fmt`, or as `CAST(str AS TIMESTAMP)` without one. Unparsable text raises CANNOT_PARSE_TIMESTAMP (with `fmt`) or CAST_INVALID_INPUT.",
                       example: "to_timestamp('2016-12-31', 'yyyy-MM-dd') → 2016-12-31 00:00:00", arity: 1...2,
                       coerce: stringOrDatetime, returnType: { _ in .timestamp }, invoke: { a, _ in
            if a.count == 1 || a[0].type != .string { return try Kernels.cast(a[0], to: .timestamp, mode: .ansi) }
            return try withPattern(a, 1, fallback: nil, type: .timestamp) { p, m in try parse(a[0], p, m) }
        }, prepare: { c in
            if c.count < 2 { return nil }
            return try preparePattern(1, fallback: nil, type: .timestamp) { a, p in try parse(a[0], p, .ansi) }(c)
        }),
        ScalarFunction("unix_timestamp", category: "datetime", signature: "unix_timestamp([expr[, fmt]])",
                       doc: "Seconds since 1970-01-01 00:00:00 UTC of `expr`: a timestamp or date, or a string parsed with `fmt` (default `yyyy-MM-dd HH:mm:ss`). Without arguments, the query's current time. Unparsable text raises CANNOT_PARSE_TIMESTAMP.",
                       example: "unix_timestamp('2016-04-08', 'yyyy-MM-dd') → 1460073600", arity: 0...2,
                       coerce: { $0.isEmpty ? [] : stringOrDatetime($0) }, returnType: { _ in .int64 }, invoke: { a, n in
            if a.isEmpty { return Column.constant(.int64(nowMicros() / 1_000_000), type: .int64, count: n) }
            return try withPattern(a, 1, fallback: defaultTimestampPattern, type: .int64) { p, m in try unixTimestamp(a[0], p, m) }
        }, prepare: { c in
            if c.isEmpty { let v = nowMicros() / 1_000_000; return { _, n in Column.constant(.int64(v), type: .int64, count: n) } }
            return try preparePattern(1, fallback: defaultTimestampPattern, type: .int64) { a, p in try unixTimestamp(a[0], p, .ansi) }(c)
        }),
        ScalarFunction("to_unix_timestamp", category: "datetime", signature: "to_unix_timestamp(expr[, fmt])",
                       doc: "Seconds since 1970-01-01 00:00:00 UTC of `expr`, as `unix_timestamp(expr[, fmt])`.",
                       example: "to_unix_timestamp('2016-04-08', 'yyyy-MM-dd') → 1460073600", arity: 1...2,
                       coerce: stringOrDatetime, returnType: { _ in .int64 }, invoke: { a, _ in
            try withPattern(a, 1, fallback: defaultTimestampPattern, type: .int64) { p, m in try unixTimestamp(a[0], p, m) }
        }, prepare: preparePattern(1, fallback: defaultTimestampPattern, type: .int64) { a, p in try unixTimestamp(a[0], p, .ansi) }),
        ScalarFunction("from_unixtime", category: "datetime", signature: "from_unixtime(unix_time[, fmt])",
                       doc: "Formats `unix_time` (seconds since 1970-01-01 00:00:00 UTC) with the pattern `fmt` (default `yyyy-MM-dd HH:mm:ss`).",
                       example: "from_unixtime(0) → 1970-01-01 00:00:00", arity: 1...2,
                       coerce: Coerce.exact([.int64, .string]), returnType: { _ in .string }, invoke: { a, _ in
            try withPattern(a, 1, fallback: defaultTimestampPattern, type: .string) { p, _ in Kernels.formatUnixSeconds(a[0], p) }
        }, prepare: preparePattern(1, fallback: defaultTimestampPattern, type: .string) { a, p in Kernels.formatUnixSeconds(a[0], p) }),
        current("current_date", .date, "The current date (UTC), fixed once per query.") {
            .date(Int32(truncatingIfNeeded: nowMicros() / DateTime.microsPerDay))
        },
        current("current_timestamp", .timestamp, "The current timestamp, fixed once per query. Alias: `now`.") {
            .timestamp(nowMicros())
        },
    ]
}
