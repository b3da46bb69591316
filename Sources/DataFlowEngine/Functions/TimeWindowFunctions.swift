import DataFlowColumnar

/// Time buckets for grouping: Spark's `window(timeColumn, windowDuration[, slideDuration[, startTime]])`.
/// Spark returns a struct<start, end>; DataFlow has no struct type, so `window(...)` as a grouping key
/// becomes two keys, `window_start(...)` and `window_end(...)`, shown as the columns `window.start` and
/// `window.end` (SQL: `GROUP BY window(ts, '10 minutes')` with `window.start`/`window.end` or `window` in
/// the select list; Swift: `groupBy(window(col("ts"), "10 minutes"))`). Tumbling windows only: a slide
/// different from the window length (a row in several windows) raises UNSUPPORTED_FEATURE.
enum TimeWindowFunctions {
    /// Microseconds of a Spark duration string: '10 minutes', '1 hour', '30 seconds', '2 days',
    /// '1 week', '500 milliseconds' (an optional leading 'interval'; several parts add up).
    static func durationMicros(_ text: String, _ what: String) throws -> Int64 {
        var words = text.lowercased().split(whereSeparator: { $0 == " " }).map(String.init)
        if words.first == "interval" { words.removeFirst() }
        guard !words.isEmpty, words.count % 2 == 0 else { throw bad(text, what) }
        var total: Int64 = 0
        for k in stride(from: 0, to: words.count, by: 2) {
            guard let n = Int64(words[k]) else { throw bad(text, what) }
            var unit = words[k + 1]
            if unit.hasSuffix("s") { unit.removeLast() }
            let micros: Int64
            switch unit {
            case "week": micros = 7 * 86_400_000_000
            case "day": micros = 86_400_000_000
            case "hour": micros = 3_600_000_000
            case "minute": micros = 60_000_000
            case "second": micros = 1_000_000
            case "millisecond": micros = 1_000
            case "microsecond": micros = 1
            default: throw bad(text, what)
            }
            let (v, o) = n.multipliedReportingOverflow(by: micros)
            guard !o else { throw bad(text, what) }
            total += v
        }
        return total
    }

    static func bad(_ text: String, _ what: String) -> DataFlowError {
        DataFlowError("INVALID_PARAMETER_VALUE", "The \(what) of window must be a duration such as '10 minutes' or '1 hour', got '\(text)'.")
    }

    /// (window length, start offset) in microseconds from the constant arguments.
    static func spec(_ c: [Value?]) throws -> (Int64, Int64) {
        func text(_ k: Int, _ what: String) throws -> String? {
            guard k < c.count else { return nil }
            guard let v = c[k], case .string(let s) = v else {
                throw DataFlowError("INVALID_PARAMETER_VALUE", "The \(what) of window must be a constant string such as '10 minutes'.")
            }
            return s
        }
        let length = try durationMicros(try text(1, "windowDuration") ?? "", "windowDuration")
        guard length > 0 else { throw DataFlowError("INVALID_PARAMETER_VALUE", "The windowDuration of window must be positive.") }
        if let s = try text(2, "slideDuration"), try durationMicros(s, "slideDuration") != length {
            throw DataFlowError("UNSUPPORTED_FEATURE", "Sliding windows (slideDuration '\(s)' different from the window length) are not supported yet; use a tumbling window (windowDuration only).")
        }
        let start = try text(3, "startTime").map { try durationMicros($0, "startTime") } ?? 0
        return (length, start)
    }

    static func bucketStart(_ t: Int64, _ length: Int64, _ start: Int64) -> Int64 {
        let r = (t &- start) % length
        return t - (r < 0 ? r + length : r)
    }

    static func make(_ name: String, end: Bool) -> ScalarFunction {
        ScalarFunction(name, category: "datetime", signature: "\(name)(time, windowDuration[, slideDuration[, startTime]])",
                       doc: "The \(end ? "end (exclusive)" : "start") of the tumbling time window of length `windowDuration` (such as '10 minutes') holding `time`, windows aligned to 1970-01-01 plus `startTime`. `window(...)` as a grouping key gives both as `window.start` and `window.end`.",
                       example: "\(name)(TIMESTAMP '2024-01-01 10:07:00', '5 minutes') → 2024-01-01 10:\(end ? "10" : "05"):00", arity: 2...4,
                       coerce: Coerce.exact([.timestamp, .string, .string, .string]), returnType: { _ in .timestamp }, invoke: { a, _ in
            let (length, start) = try spec(a.map { $0.count > 0 && $0.isValid(0) ? $0.value(0) : nil })
            return Kernels.timestampPart(a[0], .timestamp) { bucketStart($0, length, start) + (end ? length : 0) }
        }, prepare: { c in
            guard c.count < 2 || c[1...].allSatisfy({ $0 != nil }) else {
                throw DataFlowError("INVALID_PARAMETER_VALUE", "The durations of window must be constant strings such as '10 minutes'.")
            }
            let (length, start) = try spec(c)
            return { a, _ in Kernels.timestampPart(a[0], .timestamp) { bucketStart($0, length, start) + (end ? length : 0) } }
        })
    }

    static let all: [ScalarFunction] = [make("window_start", end: false), make("window_end", end: true), window]

    /// `window(...)` itself, declared for `:help`, completion and the reference. It only means something as a
    /// grouping key, where the planner replaces it by `window_start`/`window_end` before it is resolved; met
    /// anywhere else it fails when the query is compiled.
    static let window = ScalarFunction(
        "window", category: "datetime", signature: "window(time, windowDuration[, slideDuration[, startTime]])",
        doc: "Groups rows into tumbling time windows of length `windowDuration` (such as '10 minutes'), aligned to 1970-01-01 plus `startTime`. Only as a grouping key: `GROUP BY window(ts, '10 minutes')` or `groupBy(window(col(\"ts\"), \"10 minutes\"))`, which gives the two columns `window.start` and `window.end` (Spark gives one struct column; DataFlow has no struct type). A slide different from the window length is not supported.",
        example: "window(TIMESTAMP '2024-01-01 10:07:00', '5 minutes') → window.start 2024-01-01 10:05:00, window.end 2024-01-01 10:10:00",
        arity: 2...4, coerce: Coerce.exact([.timestamp, .string, .string, .string]), returnType: { _ in .timestamp },
        invoke: { _, _ in throw notAGroupingKey },
        prepare: { _ in throw notAGroupingKey })

    static let notAGroupingKey = DataFlowError(
        "UNSUPPORTED_FEATURE", "window(...) is only supported as a grouping key: GROUP BY window(ts, '10 minutes'), then select window.start and window.end.")

}

extension FunctionRegistry {
    /// The two grouping keys a time-window call `window(time, duration…)` stands for (`window_start(…)` as
    /// `window.start`, `window_end(…)` as `window.end`), or nil when `e` is not one.
    public static func windowGroupingKeys(_ e: Expr) -> [Expr]? {
        guard case .function(let n, let args) = e.unaliased, n.lowercased() == "window" else { return nil }
        return [.alias(.function("window_start", args), "window.start"), .alias(.function("window_end", args), "window.end")]
    }
}
