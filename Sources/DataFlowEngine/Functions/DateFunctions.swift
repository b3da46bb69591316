import DataFlowColumnar

enum DateFunctions {
    static let int: @Sendable ([DataType]) -> DataType = { _ in .int32 }

    static let all: [ScalarFunction] = [
        ScalarFunction("year", category: "datetime", signature: "year(date)", doc: "Returns the year of `date`.",
                       example: "year(DATE '2016-07-30') → 2016", arity: 1...1, coerce: Coerce.exact([.date]), returnType: int) { a, _ in
            Kernels.year(a[0])
        },
        ScalarFunction("month", category: "datetime", signature: "month(date)", doc: "Returns the month (1–12) of `date`.",
                       example: "month(DATE '2016-07-30') → 7", arity: 1...1, coerce: Coerce.exact([.date]), returnType: int) { a, _ in
            Kernels.month(a[0])
        },
        ScalarFunction("dayofmonth", category: "datetime", signature: "dayofmonth(date)", doc: "Returns the day of the month of `date`.",
                       example: "dayofmonth(DATE '2009-07-30') → 30", arity: 1...1, coerce: Coerce.exact([.date]), returnType: int) { a, _ in
            Kernels.dayOfMonth(a[0])
        },
        ScalarFunction("quarter", category: "datetime", signature: "quarter(date)", doc: "Returns the quarter (1–4) of `date`.",
                       example: "quarter(DATE '2016-08-31') → 3", arity: 1...1, coerce: Coerce.exact([.date]), returnType: int) { a, _ in
            Kernels.quarter(a[0])
        },
        ScalarFunction("dayofweek", category: "datetime", signature: "dayofweek(date)",
                       doc: "Returns the day of the week of `date`: 1 = Sunday, 2 = Monday, …, 7 = Saturday.",
                       example: "dayofweek(DATE '2009-07-30') → 5", arity: 1...1, coerce: Coerce.exact([.date]), returnType: int) { a, _ in
            Kernels.dayOfWeek(a[0])
        },
        ScalarFunction("weekday", category: "datetime", signature: "weekday(date)",
                       doc: "Returns the day of the week of `date`: 0 = Monday, 1 = Tuesday, …, 6 = Sunday.",
                       example: "weekday(DATE '2009-07-30') → 3", arity: 1...1, coerce: Coerce.exact([.date]), returnType: int) { a, _ in
            Kernels.weekday(a[0])
        },
        ScalarFunction("dayofyear", category: "datetime", signature: "dayofyear(date)", doc: "Returns the day of the year (1–366) of `date`.",
                       example: "dayofyear(DATE '2016-04-09') → 100", arity: 1...1, coerce: Coerce.exact([.date]), returnType: int) { a, _ in
            Kernels.dayOfYear(a[0])
        },
        ScalarFunction("weekofyear", category: "datetime", signature: "weekofyear(date)",
                       doc: "Returns the ISO 8601 week of the year of `date`: weeks start on Monday, and week 1 is the one with the year's first Thursday.",
                       example: "weekofyear(DATE '2008-02-20') → 8", arity: 1...1, coerce: Coerce.exact([.date]), returnType: int) { a, _ in
            Kernels.weekOfYear(a[0])
        },
        ScalarFunction("hour", category: "datetime", signature: "hour(timestamp)", doc: "Returns the hour (0–23) of `timestamp` (UTC).",
                       example: "hour(TIMESTAMP '2009-07-30 12:58:59') → 12", arity: 1...1, coerce: Coerce.exact([.timestamp]), returnType: int) { a, _ in
            Kernels.hour(a[0])
        },
        ScalarFunction("minute", category: "datetime", signature: "minute(timestamp)", doc: "Returns the minute (0–59) of `timestamp`.",
                       example: "minute(TIMESTAMP '2009-07-30 12:58:59') → 58", arity: 1...1, coerce: Coerce.exact([.timestamp]), returnType: int) { a, _ in
            Kernels.minute(a[0])
        },
        ScalarFunction("second", category: "datetime", signature: "second(timestamp)", doc: "Returns the second (0–59) of `timestamp`, without its fraction.",
                       example: "second(TIMESTAMP '2009-07-30 12:58:59') → 59", arity: 1...1, coerce: Coerce.exact([.timestamp]), returnType: int) { a, _ in
            Kernels.second(a[0])
        },
        ScalarFunction("unix_micros", category: "datetime", signature: "unix_micros(timestamp)",
                       doc: "Returns the number of microseconds since 1970-01-01 00:00:00 UTC.",
                       example: "unix_micros(TIMESTAMP '1970-01-01 00:00:01Z') → 1000000", arity: 1...1, coerce: Coerce.exact([.timestamp]),
                       returnType: { _ in .int64 }) { a, _ in
            Kernels.timestampPart(a[0], .int64) { $0 }
        },
        ScalarFunction("date_add", category: "datetime", signature: "date_add(start_date, num_days)",
                       doc: "Returns the date `num_days` after `start_date`.",
                       example: "date_add(DATE '2016-07-30', 1) → 2016-07-31", arity: 2...2, coerce: Coerce.exact([.date, .int32]),
                       returnType: { _ in .date }) { a, _ in
            try Kernels.dateAdd(a[0], days: a[1], mode: .ansi)
        },
        ScalarFunction("date_sub", category: "datetime", signature: "date_sub(start_date, num_days)",
                       doc: "Returns the date `num_days` before `start_date`.",
                       example: "date_sub(DATE '2016-07-30', 1) → 2016-07-29", arity: 2...2, coerce: Coerce.exact([.date, .int32]),
                       returnType: { _ in .date }) { a, _ in
            try Kernels.dateSub(a[0], days: a[1], mode: .ansi)
        },
        ScalarFunction("add_months", category: "datetime", signature: "add_months(start_date, num_months)",
                       doc: "Returns the date `num_months` after `start_date`; the day is clamped to the month's length.",
                       example: "add_months(DATE '2016-01-31', 1) → 2016-02-29", arity: 2...2, coerce: Coerce.exact([.date, .int32]),
                       returnType: { _ in .date }) { a, n in
            var b = ColumnBuilder(type: .date, capacity: n)
            let d = a[0].values(Int32.self), m = a[1].values(Int32.self)
            for i in 0..<n {
                if a[0].isValid(i) && a[1].isValid(i) { b.appendRaw(DateTime.addMonths(d[i], Int(m[i]))) } else { b.appendNull() }
            }
            return b.finish()
        },
        ScalarFunction("datediff", category: "datetime", signature: "datediff(endDate, startDate)",
                       doc: "Returns the number of days from `startDate` to `endDate`.",
                       example: "datediff(DATE '2009-07-31', DATE '2009-07-30') → 1", arity: 2...2,
                       coerce: Coerce.exact([.date, .date]), returnType: int) { a, _ in
            Kernels.dateDiff(a[0], a[1])
        },
        ScalarFunction("to_date", category: "datetime", signature: "to_date(str[, fmt])",
                       doc: "Parses `str` into a date, with the Java-style pattern `fmt` when given (default ISO `yyyy-MM-dd`).",
                       example: "to_date('2016-12-31', 'yyyy-MM-dd') → 2016-12-31", arity: 1...2,
                       coerce: { args in
                           if args.count == 1 && (args[0] == .date || args[0] == .timestamp) { return [args[0]] }
                           return Coerce.exact([.string, .string])(args)
                       }, returnType: { _ in .date }, invoke: { a, _ in
            if a.count == 1 || a[0].type != .string { return try Kernels.cast(a[0], to: .date, mode: .ansi) }
            let ts = try DateFormatFunctions.withPattern(a, 1, fallback: nil, type: .timestamp) { p, m in try DateFormatFunctions.parse(a[0], p, m) }
            return try Kernels.cast(ts, to: .date, mode: .ansi)
        }, prepare: { c in
            guard c.count > 1 else { return nil }
            return try DateFormatFunctions.preparePattern(1, fallback: nil, type: .date) { a, p in
                try Kernels.cast(try DateFormatFunctions.parse(a[0], p, .ansi), to: .date, mode: .ansi)
            }(c)
        }),
    ]
}
