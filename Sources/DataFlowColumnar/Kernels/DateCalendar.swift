/// Calendar kernels: make_date, make_timestamp, months_between, last_day, next_day, trunc, date_trunc,
/// and the epoch conversions (timestamp_seconds/millis/micros).
extension Kernels {
    /// A truncation unit of `trunc` / `date_trunc`.
    public enum TruncUnit: Sendable {
        case year, quarter, month, week, day, hour, minute, second, millisecond, microsecond

        /// Spark's names for a unit (case-insensitive); `dateOnly` limits them to `trunc(date, fmt)`'s.
        public init?(_ name: String, dateOnly: Bool) {
            switch name.uppercased() {
            case "YEAR", "YYYY", "YY": self = .year
            case "QUARTER": self = .quarter
            case "MONTH", "MM", "MON": self = .month
            case "WEEK": self = .week
            case "DAY" where !dateOnly, "DD" where !dateOnly: self = .day
            case "HOUR" where !dateOnly: self = .hour
            case "MINUTE" where !dateOnly: self = .minute
            case "SECOND" where !dateOnly: self = .second
            case "MILLISECOND" where !dateOnly: self = .millisecond
            case "MICROSECOND" where !dateOnly: self = .microsecond
            default: return nil
            }
        }

        func truncate(days d: Int32) -> Int32 {
            let (y, m, _) = DateTime.civil(d)
            switch self {
            case .year: return DateTime.days(year: y, month: 1, day: 1)
            case .quarter: return DateTime.days(year: y, month: (m - 1) / 3 * 3 + 1, day: 1)
            case .month: return DateTime.days(year: y, month: m, day: 1)
            case .week: return d - Int32(DateTime.isoWeekday(d) - 1)
            default: return d
            }
        }

        func truncate(micros t: Int64) -> Int64 {
            let unit: Int64
            switch self {
            case .year, .quarter, .month, .week, .day:
                let d = Int32(truncatingIfNeeded: Kernels.floorDiv(t, DateTime.microsPerDay))
                return Int64(truncate(days: d)) * DateTime.microsPerDay
            case .hour: unit = 3_600_000_000
            case .minute: unit = 60_000_000
            case .second: unit = 1_000_000
            case .millisecond: unit = 1_000
            case .microsecond: unit = 1
            }
            return Kernels.floorDiv(t, unit) * unit
        }
    }

    /// `trunc(date, unit)` (unit nil → NULL, as Spark does for an unknown format).
    public static func truncDate(_ a: Column, _ unit: TruncUnit?) -> Column {
        guard let unit else { return Column.nulls(.date, count: a.count) }
        let a = asDates(a)
        let n = a.count
        if a.type == .null { return Column.nulls(.date, count: n) }
        let out = Buffer(byteCount: n * 4)
        let x = a.values.pointer(Int32.self), o = out.pointer(Int32.self)
        for i in 0..<n { o[i] = unit.truncate(days: x[i]) }
        return finish(.date, out, validity: a.validity, count: n)
    }

    /// `date_trunc(unit, ts)`.
    public static func truncTimestamp(_ a: Column, _ unit: TruncUnit?) -> Column {
        guard let unit else { return Column.nulls(.timestamp, count: a.count) }
        return timestampPart(a, .timestamp) { unit.truncate(micros: $0) }
    }

    /// `last_day(date)`: the last day of the date's month.
    public static func lastDay(_ a: Column) -> Column {
        let a = asDates(a)
        let n = a.count
        if a.type == .null { return Column.nulls(.date, count: n) }
        let out = Buffer(byteCount: n * 4)
        let x = a.values.pointer(Int32.self), o = out.pointer(Int32.self)
        for i in 0..<n {
            let (y, m, _) = DateTime.civil(x[i])
            o[i] = DateTime.days(year: y, month: m, day: DateTime.daysInMonth(y, m))
        }
        return finish(.date, out, validity: a.validity, count: n)
    }

    /// ISO day of week (1 = Monday … 7 = Sunday) of a Spark day name: `MO`, `MON`, `MONDAY` (any case).
    public static func dayOfWeek(named s: String) -> Int? {
        let names = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        let full = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
        let u = s.uppercased()
        for k in 0..<7 where u == names[k] || u == String(full[k].prefix(3)) || u == full[k] { return k + 1 }
        return nil
    }

    /// `next_day(date, dayOfWeek)`: the first date after `date` falling on that day. An unknown day name
    /// raises ILLEGAL_DAY_OF_WEEK (ANSI) or gives NULL; a NULL name gives NULL.
    public static func nextDay(_ a: Column, _ names: Column, mode: ErrorMode) throws -> Column {
        let a = asDates(a), names = names.decoded()
        let n = a.count
        if a.type == .null || names.type == .null { return Column.nulls(.date, count: n) }
        var b = ColumnBuilder(type: .date, capacity: n)
        let x = a.values.pointer(Int32.self)
        var cache: (String, Int?)? = nil
        for i in 0..<n {
            guard names.isValid(i) else { b.appendNull(); continue }
            let s = names.string(i)
            let target: Int?
            if let c = cache, c.0 == s { target = c.1 } else { target = dayOfWeek(named: s); cache = (s, target) }
            guard let target else {
                if mode == .ansi { throw DataFlowError("ILLEGAL_DAY_OF_WEEK", "Illegal input for day of week: \(s).") }
                b.appendNull(); continue
            }
            guard a.isValid(i) else { b.appendNull(); continue }
            let delta = (target - DateTime.isoWeekday(x[i]) + 7) % 7
            b.appendRaw(x[i] + Int32(delta == 0 ? 7 : delta))
        }
        return b.finish()
    }

    /// Spark's `months_between(t1, t2, roundOff)`: whole months when the days of month agree (or both are
    /// month ends), else the month difference plus the remaining seconds over a 31-day month; rounded to
    /// 8 digits when `roundOff`.
    public static func monthsBetween(_ a: Column, _ b: Column, roundOff: Column?) -> Column {
        let toTs: (Column) -> Column = { c in
            let c = c.decoded()
            return c.type == .timestamp || c.type == .null ? c : ((try? cast(c, to: .timestamp, mode: .tryNull)) ?? Column.nulls(.timestamp, count: c.count))
        }
        let x = toTs(a), y = toTs(b)
        let r = roundOff?.decoded()
        let n = x.count
        if x.type == .null || y.type == .null || r?.type == .null { return Column.nulls(.float64, count: n) }
        var out = ColumnBuilder(type: .float64, capacity: n)
        let p = x.values.pointer(Int64.self), q = y.values.pointer(Int64.self)
        for i in 0..<n {
            guard x.isValid(i), y.isValid(i), r.map({ $0.isValid(i) }) ?? true else { out.appendNull(); continue }
            let round = r.map { $0.values.pointer(UInt8.self)[i] != 0 } ?? true
            out.append(monthsBetween(p[i], q[i], roundOff: round))
        }
        return out.finish()
    }

    static func monthsBetween(_ t1: Int64, _ t2: Int64, roundOff: Bool) -> Double {
        let d1 = Int32(truncatingIfNeeded: floorDiv(t1, DateTime.microsPerDay))
        let d2 = Int32(truncatingIfNeeded: floorDiv(t2, DateTime.microsPerDay))
        let (y1, m1, day1) = DateTime.civil(d1), (y2, m2, day2) = DateTime.civil(d2)
        let monthDiff = Double((y1 * 12 + m1) - (y2 * 12 + m2))
        if day1 == day2 || (day1 == DateTime.daysInMonth(y1, m1) && day2 == DateTime.daysInMonth(y2, m2)) { return monthDiff }
        let sec1 = (t1 - Int64(d1) * DateTime.microsPerDay) / 1_000_000
        let sec2 = (t2 - Int64(d2) * DateTime.microsPerDay) / 1_000_000
        let secondsDiff = Int64(day1 - day2) * 86_400 + sec1 - sec2
        let diff = monthDiff + Double(secondsDiff) / 2_678_400.0
        return roundOff ? (diff * 1e8).rounded(.toNearestOrAwayFromZero) / 1e8 : diff
    }

    /// `make_date(year, month, day)` over int32 columns; an invalid date raises DATETIME_FIELD_OUT_OF_BOUNDS
    /// (ANSI) or gives NULL.
    public static func makeDate(_ y: Column, _ m: Column, _ d: Column, mode: ErrorMode) throws -> Column {
        let cols = try [y, m, d].map { c -> Column in
            let c = c.decoded()
            return c.type == .int32 || c.type == .null ? c : try cast(c, to: .int32, mode: mode)
        }
        let n = cols[0].count
        if cols.contains(where: { $0.type == .null }) { return Column.nulls(.date, count: n) }
        var b = ColumnBuilder(type: .date, capacity: n)
        let yy = cols[0].values.pointer(Int32.self), mm = cols[1].values.pointer(Int32.self), dd = cols[2].values.pointer(Int32.self)
        for i in 0..<n {
            guard cols.allSatisfy({ $0.isValid(i) }) else { b.appendNull(); continue }
            let (yv, mv, dv) = (Int(yy[i]), Int(mm[i]), Int(dd[i]))
            guard let problem = dateProblem(yv, mv, dv) else { b.appendRaw(DateTime.days(year: yv, month: mv, day: dv)); continue }
            if mode == .ansi { throw DataFlowError("DATETIME_FIELD_OUT_OF_BOUNDS", "make_date(\(yv), \(mv), \(dv)): \(problem).") }
            b.appendNull()
        }
        return b.finish()
    }

    static func dateProblem(_ y: Int, _ m: Int, _ d: Int) -> String? {
        if y < -290_000 || y > 294_000 { return "Invalid value for Year: \(y)" }
        if m < 1 || m > 12 { return "Invalid value for MonthOfYear (valid values 1 - 12): \(m)" }
        if d < 1 || d > 31 { return "Invalid value for DayOfMonth (valid values 1 - 28/31): \(d)" }
        if d > DateTime.daysInMonth(y, m) { return "Invalid date '\(DateTime.pad(d, 1)) of month \(m)' in year \(y)" }
        return nil
    }

    /// `make_timestamp(year, month, day, hour, min, sec)` with `sec` a decimal(16,6) column: 60 seconds with
    /// no fraction roll into the next minute, as in Spark; invalid fields raise DATETIME_FIELD_OUT_OF_BOUNDS
    /// (ANSI) or give NULL.
    public static func makeTimestamp(_ parts: [Column], mode: ErrorMode) throws -> Column {
        var cols = try parts.prefix(5).map { c -> Column in
            let c = c.decoded()
            return c.type == .int32 || c.type == .null ? c : try cast(c, to: .int32, mode: mode)
        }
        var sec = parts[5].decoded()
        if sec.type != .null && sec.type != .decimal(precision: 16, scale: 6) { sec = try cast(sec, to: .decimal(precision: 16, scale: 6), mode: mode) }
        cols.append(sec)
        let n = cols[0].count
        if cols.contains(where: { $0.type == .null }) { return Column.nulls(.timestamp, count: n) }
        let micros = unscaled(sec)
        var b = ColumnBuilder(type: .timestamp, capacity: n)
        let f = cols.prefix(5).map { $0.values.pointer(Int32.self) }
        for i in 0..<n {
            guard cols.allSatisfy({ $0.isValid(i) }) else { b.appendNull(); continue }
            let (y, mo, d, h, mi) = (Int(f[0][i]), Int(f[1][i]), Int(f[2][i]), Int(f[3][i]), Int(f[4][i]))
            let us = micros[i]
            var problem = dateProblem(y, mo, d)
            if problem == nil, h < 0 || h > 23 { problem = "Invalid value for HourOfDay (valid values 0 - 23): \(h)" }
            if problem == nil, mi < 0 || mi > 59 { problem = "Invalid value for MinuteOfHour (valid values 0 - 59): \(mi)" }
            if problem == nil, us < 0 || us > 60_000_000 {
                problem = "Invalid value for SecondOfMinute (valid values 0 - 59): \(us / 1_000_000)"
            }
            if let problem {
                if mode == .ansi { throw DataFlowError("DATETIME_FIELD_OUT_OF_BOUNDS", "make_timestamp: \(problem).") }
                b.appendNull(); continue
            }
            let day = Int64(DateTime.days(year: y, month: mo, day: d))
            b.append(day * DateTime.microsPerDay + Int64(h * 3600 + mi * 60) * 1_000_000 + Int64(us))
        }
        return b.finish()
    }

    /// `timestamp_seconds` / `timestamp_millis` / `timestamp_micros`: an epoch count (`unitMicros`
    /// microseconds per unit; int64, double or decimal column for seconds) as a timestamp. Out of range
    /// raises ARITHMETIC_OVERFLOW (ANSI) or gives NULL.
    public static func timestampFromEpoch(_ a: Column, unitMicros: Int64, mode: ErrorMode) throws -> Column {
        let a = a.decoded()
        let n = a.count
        if a.type == .null { return Column.nulls(.timestamp, count: n) }
        var b = ColumnBuilder(type: .timestamp, capacity: n)
        switch a.type {
        case .float64:
            let x = a.values.pointer(Double.self)
            for i in 0..<n {
                guard a.isValid(i), x[i].isFinite else { b.appendNull(); continue }
                let v = x[i] * Double(unitMicros)
                guard v > -9.223372036854775808e18, v < 9.223372036854775807e18 else {
                    if mode == .ansi { throw DataFlowError.overflow("timestamp_seconds") }
                    b.appendNull(); continue
                }
                b.append(Int64(v))
            }
        case .decimal(_, let s):
            let u = unscaled(a)
            for i in 0..<n {
                guard a.isValid(i) else { b.appendNull(); continue }
                let m: Int128? = s <= 6 ? scaleBy(u[i], 6 - s) : u[i] / Decimal128.pow10(s - 6)
                guard let m, let v = Int64(exactly: m) else {
                    if mode == .ansi { throw DataFlowError.overflow("timestamp_seconds") }
                    b.appendNull(); continue
                }
                b.append(v)
            }
        default:
            let c = a.type == .int64 ? a : try cast(a, to: .int64, mode: mode)
            let x = c.values.pointer(Int64.self)
            for i in 0..<n {
                guard c.isValid(i) else { b.appendNull(); continue }
                let (v, overflow) = x[i].multipliedReportingOverflow(by: unitMicros)
                if overflow {
                    if mode == .ansi { throw DataFlowError.overflow("timestamp conversion") }
                    b.appendNull(); continue
                }
                b.append(v)
            }
        }
        return b.finish()
    }
}
