import DataFlowColumnar

/// Building, truncating and measuring dates and timestamps (Spark's datetime group).
enum DateCalendarFunctions {
    /// The unit of a (possibly per-row) format column: the first row's, as formats are constants in practice.
    static func unit(_ c: Column, dateOnly: Bool) -> Kernels.TruncUnit? {
        let c = c.decoded()
        guard c.type == .string, c.count > 0, c.isValid(0) else { return nil }
        return Kernels.TruncUnit(c.string(0), dateOnly: dateOnly)
    }

    static let all: [ScalarFunction] = [
        ScalarFunction("make_date", category: "datetime", signature: "make_date(year, month, day)",
                       doc: "The date of `year`, `month` and `day`; an invalid date raises DATETIME_FIELD_OUT_OF_BOUNDS.",
                       example: "make_date(2013, 7, 15) → 2013-07-15", arity: 3...3, coerce: Coerce.exact([.int32]),
                       returnType: { _ in .date }) { a, _ in
            try Kernels.makeDate(a[0], a[1], a[2], mode: .ansi)
        },
        ScalarFunction("make_timestamp", category: "datetime", signature: "make_timestamp(year, month, day, hour, min, sec)",
                       doc: "The timestamp (UTC) of the fields; `sec` may have a fraction (DECIMAL(16,6)), and 60 rolls into the next minute. Invalid fields raise DATETIME_FIELD_OUT_OF_BOUNDS.",
                       example: "make_timestamp(2014, 12, 28, 6, 30, 45.887) → 2014-12-28 06:30:45.887", arity: 6...6,
                       coerce: Coerce.exact([.int32, .int32, .int32, .int32, .int32, .decimal(precision: 16, scale: 6)]),
                       returnType: { _ in .timestamp }) { a, _ in
            try Kernels.makeTimestamp(a, mode: .ansi)
        },
        ScalarFunction("months_between", category: "datetime", signature: "months_between(timestamp1, timestamp2[, roundOff])",
                       doc: "Months from `timestamp2` to `timestamp1`: whole when both fall on the same day of month or both on month ends, else with the remainder counted in 31-day months; rounded to 8 digits unless `roundOff` is false.",
                       example: "months_between(TIMESTAMP '1997-02-28 10:30:00', TIMESTAMP '1996-10-30') → 3.94959677", arity: 2...3,
                       coerce: Coerce.exact([.timestamp, .timestamp, .boolean]), returnType: { _ in .float64 }) { a, _ in
            Kernels.monthsBetween(a[0], a[1], roundOff: a.count > 2 ? a[2] : nil)
        },
        ScalarFunction("last_day", category: "datetime", signature: "last_day(date)", doc: "The last day of the month `date` falls in.",
                       example: "last_day(DATE '2009-01-12') → 2009-01-31", arity: 1...1, coerce: Coerce.exact([.date]),
                       returnType: { _ in .date }) { a, _ in
            Kernels.lastDay(a[0])
        },
        ScalarFunction("next_day", category: "datetime", signature: "next_day(start_date, day_of_week)",
                       doc: "The first date after `start_date` on `day_of_week` ('MO', 'Mon' or 'Monday', any case); an unknown name raises ILLEGAL_DAY_OF_WEEK.",
                       example: "next_day(DATE '2015-01-14', 'TU') → 2015-01-20", arity: 2...2, coerce: Coerce.exact([.date, .string]),
                       returnType: { _ in .date }) { a, _ in
            try Kernels.nextDay(a[0], a[1], mode: .ansi)
        },
        ScalarFunction("trunc", category: "datetime", signature: "trunc(date, fmt)",
                       doc: "`date` truncated to the unit `fmt`: 'year' ('yyyy', 'yy'), 'quarter', 'month' ('mm', 'mon') or 'week' (to Monday); NULL for another `fmt`.",
                       example: "trunc(DATE '2009-02-12', 'MM') → 2009-02-01", arity: 2...2, coerce: Coerce.exact([.date, .string]),
                       returnType: { _ in .date }, invoke: { a, _ in
            Kernels.truncDate(a[0], unit(a[1], dateOnly: true))
        }, prepare: { c in
            guard c.count > 1, let v = c[1] else { return nil }
            var u: Kernels.TruncUnit? = nil
            if case .string(let s) = v { u = Kernels.TruncUnit(s, dateOnly: true) }
            let unit = u
            return { a, _ in Kernels.truncDate(a[0], unit) }
        }),
        ScalarFunction("date_trunc", category: "datetime", signature: "date_trunc(fmt, ts)",
                       doc: "`ts` truncated to the unit `fmt`: 'year' ('yyyy', 'yy'), 'quarter', 'month' ('mm', 'mon'), 'week', 'day' ('dd'), 'hour', 'minute', 'second', 'millisecond' or 'microsecond'; NULL for another `fmt`.",
                       example: "date_trunc('HOUR', TIMESTAMP '2015-03-05 09:32:05') → 2015-03-05 09:00:00", arity: 2...2,
                       coerce: Coerce.exact([.string, .timestamp]), returnType: { _ in .timestamp }, invoke: { a, _ in
            Kernels.truncTimestamp(a[1], unit(a[0], dateOnly: false))
        }, prepare: { c in
            guard let v = c.first, let v else { return nil }
            var u: Kernels.TruncUnit? = nil
            if case .string(let s) = v { u = Kernels.TruncUnit(s, dateOnly: false) }
            let unit = u
            return { a, _ in Kernels.truncTimestamp(a[1], unit) }
        }),
        ScalarFunction("timestamp_seconds", category: "datetime", signature: "timestamp_seconds(seconds)",
                       doc: "The timestamp `seconds` (integral or fractional) after 1970-01-01 00:00:00 UTC.",
                       example: "timestamp_seconds(1230219000) → 2008-12-25 15:30:00", arity: 1...1, coerce: { t in
                           t[0] == .float64 || t[0].isDecimal ? t : (canImplicitlyCast(t[0], to: .int64) && t[0] != .string ? [.int64] : nil)
                       }, returnType: { _ in .timestamp }) { a, _ in
            try Kernels.timestampFromEpoch(a[0], unitMicros: 1_000_000, mode: .ansi)
        },
        ScalarFunction("timestamp_millis", category: "datetime", signature: "timestamp_millis(milliseconds)",
                       doc: "The timestamp `milliseconds` after 1970-01-01 00:00:00 UTC.",
                       example: "timestamp_millis(1230219000123) → 2008-12-25 15:30:00.123", arity: 1...1, coerce: Coerce.exact([.int64]),
                       returnType: { _ in .timestamp }) { a, _ in
            try Kernels.timestampFromEpoch(a[0], unitMicros: 1_000, mode: .ansi)
        },
        ScalarFunction("timestamp_micros", category: "datetime", signature: "timestamp_micros(microseconds)",
                       doc: "The timestamp `microseconds` after 1970-01-01 00:00:00 UTC.",
                       example: "timestamp_micros(1230219000123123) → 2008-12-25 15:30:00.123123", arity: 1...1, coerce: Coerce.exact([.int64]),
                       returnType: { _ in .timestamp }) { a, _ in
            try Kernels.timestampFromEpoch(a[0], unitMicros: 1, mode: .ansi)
        },
        ScalarFunction("unix_seconds", category: "datetime", signature: "unix_seconds(timestamp)",
                       doc: "Whole seconds since 1970-01-01 00:00:00 UTC (rounded down).",
                       example: "unix_seconds(TIMESTAMP '1970-01-01 00:00:01.9') → 1", arity: 1...1, coerce: Coerce.exact([.timestamp]),
                       returnType: { _ in .int64 }) { a, _ in
            Kernels.unixSeconds(a[0])
        },
        ScalarFunction("unix_millis", category: "datetime", signature: "unix_millis(timestamp)",
                       doc: "Whole milliseconds since 1970-01-01 00:00:00 UTC (rounded down).",
                       example: "unix_millis(TIMESTAMP '1970-01-01 00:00:01.9') → 1900", arity: 1...1, coerce: Coerce.exact([.timestamp]),
                       returnType: { _ in .int64 }) { a, _ in
            Kernels.timestampPart(a[0], .int64) { $0 >= 0 ? $0 / 1000 : -((-$0 + 999) / 1000) }
        },
        ScalarFunction("unix_date", category: "datetime", signature: "unix_date(date)", doc: "Days since 1970-01-01.",
                       example: "unix_date(DATE '1970-01-02') → 1", arity: 1...1, coerce: Coerce.exact([.date]), returnType: { _ in .int32 }) { a, _ in
            let c = a[0].decoded()
            if c.type == .null { return Column.nulls(.int32, count: c.count) }
            return Column(type: .int32, count: c.count, values: c.values, validity: c.validity)
        },
        ScalarFunction("date_from_unix_date", category: "datetime", signature: "date_from_unix_date(days)",
                       doc: "The date `days` after 1970-01-01.", example: "date_from_unix_date(1) → 1970-01-02", arity: 1...1,
                       coerce: Coerce.exact([.int32]), returnType: { _ in .date }) { a, _ in
            let c = a[0].decoded()
            if c.type == .null { return Column.nulls(.date, count: c.count) }
            return Column(type: .date, count: c.count, values: c.values, validity: c.validity)
        },
    ]
}
