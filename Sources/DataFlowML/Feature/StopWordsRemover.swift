import DataFlow
import DataFlowColumnar
import Foundation

/// Drops stop words from token lists (`array<string>`), as Spark's `StopWordsRemover`. `stopWords`
/// defaults to Spark's English list (`StopWordsRemover.loadDefaultStopWords("english")`); comparison
/// ignores case (lowercased in `locale`) unless `caseSensitive`. One column (`inputCol`/`outputCol`) or
/// several (`inputCols`/`outputCols`); a null list stays null, null tokens are kept.
public struct StopWordsRemover: Transformer {
    public static let className = "StopWordsRemover"
    public static var params: [Param<StopWordsRemover>] {
        [
            .optionalString("inputCol", \.inputCol, "input column name"),
            .optionalString("outputCol", \.outputCol, "output column name"),
            .strings("inputCols", \.inputCols, "input column names"),
            .strings("outputCols", \.outputCols, "output column names"),
            .strings("stopWords", \.stopWords, "the words to be filtered out"),
            .bool("caseSensitive", \.caseSensitive, "whether to do a case-sensitive comparison over the stop words"),
            .string("locale", \.locale, "locale of the input for case insensitive matching"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []
    public var stopWords = StopWordsRemover.english
    public var caseSensitive = false
    public var locale = "en_US"

    public init() {}
    public init(inputCol: String, outputCol: String, stopWords: [String] = StopWordsRemover.english, caseSensitive: Bool = false) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.stopWords = stopWords; self.caseSensitive = caseSensitive
    }
    public init(inputCols: [String], outputCols: [String], stopWords: [String] = StopWordsRemover.english, caseSensitive: Bool = false) {
        self.inputCols = inputCols; self.outputCols = outputCols; self.stopWords = stopWords; self.caseSensitive = caseSensitive
    }

    /// Spark's default stop words for a language; only "english" is built in.
    public static func loadDefaultStopWords(_ language: String) throws -> [String] {
        guard language.lowercased() == "english" else {
            throw MLError.invalidParam("StopWordsRemover: no built-in stop words for '\(language)'; only \"english\" is built in (pass stopWords)")
        }
        return english
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        var fields = schema.fields
        for p in try columnPairs() {
            try FeatureIO.requireStringArray(schema, p.input, param: inputParam, stage: Self.className)
            try MLData.checkNew(schema, p.output, param: "outputCol", stage: Self.className)
            fields.append(Field(p.output, .array(.string)))
        }
        return Schema(fields)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        let pairs = try columnPairs()
        let sensitive = caseSensitive, loc = locale
        let localeValue = Locale(identifier: loc)
        let lower: @Sendable (String) -> String = { $0.lowercased(with: localeValue) }
        let words = Set(sensitive ? stopWords : stopWords.map(lower))
        return try FeatureIO.append(df, stage: Self.className, inputs: pairs.map(\.input), castTo: nil,
                                    outputs: pairs.map { Field($0.output, .array(.string)) }) { cols, n in
            try cols.map { c -> DataFlowColumnar.Column in
                guard let e = c.elements?.column.decoded() else { throw MLError.invalidInput("StopWordsRemover: array column without elements") }
                var b = StringArrayColumnBuilder()
                for i in 0..<n {
                    if c.isNull(i) { b.appendNull(); continue }
                    for k in c.arrayRange(i) {
                        if e.isNull(k) { b.appendNullElement(); continue }
                        let s = String(decoding: e.utf8(k), as: UTF8.self)
                        if !words.contains(sensitive ? s : lower(s)) { b.appendUTF8(e.utf8(k)) }
                    }
                    b.endRow()
                }
                return b.finish()
            }
        }
    }

    /// Spark's English stop words (`StopWordsRemover.loadDefaultStopWords("english")`, 181 words).
    public static let english: [String] = [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
        "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they",
        "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those",
        "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does",
        "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at",
        "by", "for", "with", "about", "against", "between", "into", "through", "during", "before", "after", "above",
        "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again", "further", "then",
        "once", "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most",
        "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t",
        "can", "will", "just", "don", "should", "now", "i'll", "you'll", "he'll", "she'll", "we'll", "they'll",
        "i'd", "you'd", "he'd", "she'd", "we'd", "they'd", "i'm", "you're", "he's", "she's", "it's", "we're",
        "they're", "i've", "we've", "you've", "they've", "isn't", "aren't", "wasn't", "weren't", "haven't",
        "hasn't", "hadn't", "don't", "doesn't", "didn't", "won't", "wouldn't", "shan't", "shouldn't", "mustn't",
        "can't", "couldn't", "cannot", "could", "here's", "how's", "let's", "ought", "that's", "there's", "what's",
        "when's", "where's", "who's", "why's", "would",
    ]
}

extension StopWordsRemover: MultiColumnStage {}
