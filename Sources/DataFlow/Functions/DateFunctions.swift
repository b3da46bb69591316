import DataFlowColumnar
import DataFlowEngine

// Date and time functions (Spark's `functions`, datetime group).

public func year(_ c: Column) -> Column { fn("year", [c]) }
public func month(_ c: Column) -> Column { fn("month", [c]) }
public func dayofmonth(_ c: Column) -> Column { fn("dayofmonth", [c]) }
public func date_add(_ c: Column, _ days: some ColumnConvertible) -> Column { fn("date_add", [c, days.column]) }
public func date_sub(_ c: Column, _ days: some ColumnConvertible) -> Column { fn("date_sub", [c, days.column]) }
public func datediff(_ end: Column, _ start: Column) -> Column { fn("datediff", [end, start]) }
public func to_date(_ c: Column, _ format: String? = nil) -> Column { fn("to_date", format.map { [c, lit($0)] } ?? [c]) }
/// Formats a timestamp (UTC) with a Spark datetime pattern: `date_format(col("ts"), "yyyy-MM-dd HH:mm")`.
public func date_format(_ c: Column, _ format: String) -> Column { fn("date_format", [c, lit(format)]) }
/// Parses strings into timestamps, with a Spark datetime pattern or as a cast.
public func to_timestamp(_ c: Column, _ format: String? = nil) -> Column { fn("to_timestamp", format.map { [c, lit($0)] } ?? [c]) }
/// Seconds since the epoch of a timestamp, date, or string parsed with `format` (default `yyyy-MM-dd HH:mm:ss`).
public func unix_timestamp(_ c: Column, _ format: String = "yyyy-MM-dd HH:mm:ss") -> Column { fn("unix_timestamp", [c, lit(format)]) }
/// The current time in seconds since the epoch (fixed once per query).
public func unix_timestamp() -> Column { fn("unix_timestamp", []) }
/// Formats seconds since the epoch with a pattern (default `yyyy-MM-dd HH:mm:ss`).
public func from_unixtime(_ c: Column, _ format: String = "yyyy-MM-dd HH:mm:ss") -> Column { fn("from_unixtime", [c, lit(format)]) }
/// The date of year, month and day columns.
public func make_date(_ year: Column, _ month: Column, _ day: Column) -> Column { fn("make_date", [year, month, day]) }
/// The timestamp of its fields; `sec` may carry a fraction.
public func make_timestamp(_ year: Column, _ month: Column, _ day: Column, _ hour: Column, _ minute: Column, _ sec: Column) -> Column {
    fn("make_timestamp", [year, month, day, hour, minute, sec])
}
/// Months from `start` to `end` (Spark's 31-day rule), rounded to 8 digits when `roundOff`.
public func months_between(_ end: Column, _ start: Column, roundOff: Bool = true) -> Column {
    fn("months_between", [end, start, lit(roundOff)])
}
/// The last day of the month.
public func last_day(_ c: Column) -> Column { fn("last_day", [c]) }
/// The first date after `c` on `dayOfWeek` ("Mon", "MONDAY", "MO").
public func next_day(_ c: Column, _ dayOfWeek: String) -> Column { fn("next_day", [c, lit(dayOfWeek)]) }
/// A date truncated to "year", "quarter", "month" or "week".
public func trunc(_ c: Column, _ format: String) -> Column { fn("trunc", [c, lit(format)]) }
/// A timestamp truncated to "year" … "second", "millisecond", "microsecond".
public func date_trunc(_ format: String, _ c: Column) -> Column { fn("date_trunc", [lit(format), c]) }
/// Today's date (UTC), fixed once per query.
public func current_date() -> Column { fn("current_date", []) }
/// The current timestamp, fixed once per query.
public func current_timestamp() -> Column { fn("current_timestamp", []) }
/// The current timestamp (alias of `current_timestamp`).
public func now() -> Column { fn("current_timestamp", []) }
/// Seconds since the epoch as a timestamp.
public func timestamp_seconds(_ c: Column) -> Column { fn("timestamp_seconds", [c]) }
/// Milliseconds since the epoch as a timestamp.
public func timestamp_millis(_ c: Column) -> Column { fn("timestamp_millis", [c]) }
/// Microseconds since the epoch as a timestamp.
public func timestamp_micros(_ c: Column) -> Column { fn("timestamp_micros", [c]) }
/// Whole seconds since the epoch.
public func unix_seconds(_ c: Column) -> Column { fn("unix_seconds", [c]) }
/// Whole milliseconds since the epoch.
public func unix_millis(_ c: Column) -> Column { fn("unix_millis", [c]) }
/// Days since 1970-01-01.
public func unix_date(_ c: Column) -> Column { fn("unix_date", [c]) }
/// The date `days` after 1970-01-01.
public func date_from_unix_date(_ c: Column) -> Column { fn("date_from_unix_date", [c]) }
/// ISO 8601 week of the year.
public func weekofyear(_ c: Column) -> Column { fn("weekofyear", [c]) }
/// 1 = Sunday … 7 = Saturday.
public func dayofweek(_ c: Column) -> Column { fn("dayofweek", [c]) }
/// Day of the year (1–366).
public func dayofyear(_ c: Column) -> Column { fn("dayofyear", [c]) }
/// Quarter (1–4).
public func quarter(_ c: Column) -> Column { fn("quarter", [c]) }
/// Hour (0–23, UTC).
public func hour(_ c: Column) -> Column { fn("hour", [c]) }
/// Minute (0–59).
public func minute(_ c: Column) -> Column { fn("minute", [c]) }
/// Second (0–59).
public func second(_ c: Column) -> Column { fn("second", [c]) }
/// A tumbling time window of `windowDuration` (such as "10 minutes") for grouping:
/// `df.groupBy(window(col("ts"), "10 minutes")).agg(count())` groups by the columns `window.start` and
/// `window.end` (Spark's struct, flattened). `slideDuration` must equal the window length (sliding windows
/// are not supported yet); `startTime` shifts the windows from 1970-01-01 00:00.
public func window(_ timeColumn: Column, _ windowDuration: String, _ slideDuration: String? = nil,
                   _ startTime: String? = nil) -> Column {
    var args = [timeColumn, lit(windowDuration)]
    if slideDuration != nil || startTime != nil { args.append(lit(slideDuration ?? windowDuration)) }
    if let startTime { args.append(lit(startTime)) }
    return fn("window", args)
}
