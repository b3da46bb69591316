import DataFlow
import DataFlowML
import Foundation
import Testing

/// Tokenizers, stop words, hashing and counting term frequencies, IDF: compared with Spark 4's answers
/// in Fixtures/features/text.json (Scripts/fixtures/make_spark_feature_fixtures.py).
@Suite struct FeatureTextTests {
    let session = Session(threads: 2)

    func texts() throws -> (DataFrame, [String: Any]) {
        let fx = try SparkFixture.load("text")
        let df = try session.createDataFrame(SparkFixture.strings(fx["input"]).map { [.string($0)] }, schema: Schema([Field("text", .string)]))
        return (df, fx)
    }

    func lists(_ a: Any?) -> [[String]?] { (a as? [[String]] ?? []).map { $0 } }

    func tokenLists(_ name: String, _ docs: [[String]]) throws -> DataFrame {
        try session.createDataFrame(docs.map { [.array($0.map { .string($0) })] }, schema: Schema([Field(name, .array(.string))]))
    }

    @Test func tokenizersMatchSpark() throws {
        let (df, fx) = try texts()
        #expect(try collectStringLists(Tokenizer(inputCol: "text", outputCol: "w").transform(df), "w") == lists(fx["tokenizer"]))
        #expect(try collectStringLists(RegexTokenizer(inputCol: "text", outputCol: "w").transform(df), "w") == lists(fx["regex_default"]))
        let words = RegexTokenizer(inputCol: "text", outputCol: "w", pattern: "\\w+", gaps: false, minTokenLength: 3, toLowercase: false)
        #expect(try collectStringLists(words.transform(df), "w") == lists(fx["regex_words"]))
        let comma = RegexTokenizer(inputCol: "text", outputCol: "w", pattern: "[\\s,]+")
        #expect(try collectStringLists(comma.transform(df), "w") == lists(fx["regex_comma"]))
        let bad = #expect(throws: DataFlowError.self) { try RegexTokenizer(inputCol: "text", outputCol: "w", pattern: "(").transform(df) }
        #expect(bad?.errorClass == "ML_INVALID_PARAM")
        let notString = #expect(throws: DataFlowError.self) { try Tokenizer(inputCol: "w", outputCol: "x").transform(Tokenizer(inputCol: "text", outputCol: "w").transform(df)) }
        #expect(notString?.message.contains("inputCol 'w' must be a string column") == true)
    }

    @Test func stopWordsRemoverMatchesSpark() throws {
        let (df, fx) = try texts()
        #expect(StopWordsRemover.english == SparkFixture.strings(fx["stop_words_english"]))
        let words = try Tokenizer(inputCol: "text", outputCol: "w").transform(df)
        #expect(try collectStringLists(StopWordsRemover(inputCol: "w", outputCol: "f").transform(words), "f") == lists(fx["stop_removed"]))
        let custom = StopWordsRemover(inputCol: "w", outputCol: "f", stopWords: ["The", "spark", "i"], caseSensitive: true)
        #expect(try collectStringLists(custom.transform(words), "f") == lists(fx["stop_removed_case"]))
        let two = try StopWordsRemover(inputCols: ["w", "w"], outputCols: ["f1", "f2"], stopWords: ["hi"]).transform(words.limit(1))
        #expect(try collectStringLists(two, "f2") == [["i", "heard", "about", "spark"]])
    }

    @Test func hashingTFMatchesSpark() throws {
        let (df, fx) = try texts()
        let terms = SparkFixture.strings(fx["hash_terms"])
        #expect(terms.map { HashingTF().indexOf($0) } == SparkFixture.ints(fx["hash_index_2_18"]))
        #expect(terms.map { HashingTF(inputCol: "", outputCol: "", numFeatures: 16).indexOf($0) } == SparkFixture.ints(fx["hash_index_16"]))
        let single = try HashingTF(inputCol: "t", outputCol: "h").transform(tokenLists("t", terms.map { [$0] }))
        #expect(try collectVectors(single, "h").map { $0.map { v -> Int in var first = -1; v.forEachActive { i, _ in if first < 0 { first = i } }; return first } }
            == SparkFixture.ints(fx["hash_index_2_18"]).map { Optional($0) })
        let words = try Tokenizer(inputCol: "text", outputCol: "w").transform(df)
        let tf = try HashingTF(inputCol: "w", outputCol: "h", numFeatures: 32).transform(words)
        #expect(try tf.schema.fields.last?.type == VectorColumn.sparseType)
        #expect(try collectVectors(tf, "h") == SparkFixture.vectors(fx["hashing_tf_32"]))
        let binary = try HashingTF(inputCol: "w", outputCol: "h", numFeatures: 32, binary: true).transform(words)
        #expect(try collectVectors(binary, "h") == SparkFixture.vectors(fx["hashing_tf_32_binary"]))
        let bad = #expect(throws: DataFlowError.self) { try HashingTF(inputCol: "w", outputCol: "h", numFeatures: 0).transform(words) }
        #expect(bad?.message == "HashingTF: numFeatures must be in [1, 2147483647] (got 0)")
    }

    @Test func countVectorizerMatchesSpark() throws {
        let (_, fx) = try texts()
        let docs = try tokenLists("d", try #require(fx["cv_docs"] as? [[String]]))
        let m = try CountVectorizer(inputCol: "d", outputCol: "v").fit(docs)
        #expect(m.vocabulary == SparkFixture.strings(fx["cv_vocab"]))
        #expect(try collectVectors(m.transform(docs), "v") == SparkFixture.vectors(fx["cv_out"]))
        let small = try CountVectorizer(inputCol: "d", outputCol: "v", vocabSize: 3, minDF: 2, minTF: 0.3).fit(docs)
        #expect(small.vocabulary == SparkFixture.strings(fx["cv_vocab_min"]))
        #expect(try collectVectors(small.transform(docs), "v") == SparkFixture.vectors(fx["cv_out_min"]))
        let rare = try CountVectorizer(inputCol: "d", outputCol: "v", maxDF: 0.5, binary: true).fit(docs)
        #expect(rare.vocabulary == SparkFixture.strings(fx["cv_vocab_max"]))
        #expect(try collectVectors(rare.transform(docs), "v") == SparkFixture.vectors(fx["cv_out_max"]))
        let none = #expect(throws: DataFlowError.self) { try CountVectorizer(inputCol: "d", outputCol: "v", minDF: 10).fit(docs) }
        #expect(none?.message.contains("vocabulary size should be > 0") == true)
        let dir = tempPath("cv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try m.save(dir)
        #expect(try CountVectorizerModel.load(dir).vocabulary == m.vocabulary)
    }

    @Test func idfMatchesSpark() throws {
        let (df, fx) = try texts()
        let tf = try HashingTF(inputCol: "w", outputCol: "h", numFeatures: 32).transform(Tokenizer(inputCol: "text", outputCol: "w").transform(df))
        for minDocFreq in [0, 2] {
            let m = try IDF(inputCol: "h", outputCol: "o", minDocFreq: minDocFreq).fit(tf)
            #expect(closeAll(m.idf, SparkFixture.nums(fx["idf_\(minDocFreq)"])), "minDocFreq \(minDocFreq)")
            #expect(m.numDocs == 6)
            if minDocFreq == 2 {
                #expect(m.docFreq == SparkFixture.ints(fx["idf_docFreq"]))   // Spark's, for minDocFreq 2
            } else {
                #expect(closeAll(m.docFreq.map { log(7 / Double($0 + 1)) }, m.idf))
            }
            #expect(closeAll(try collectVectors(m.transform(tf), "o"), SparkFixture.vectors(fx["idf_out_\(minDocFreq)"])))
        }
    }

    /// Tokenize -> remove stop words -> hash -> IDF as one pipeline, saved and loaded.
    @Test func textPipelineSavesAndLoads() throws {
        let (df, _) = try texts()
        let pipeline = Pipeline {
            RegexTokenizer(inputCol: "text", outputCol: "w", pattern: "[\\s,]+")
            StopWordsRemover(inputCol: "w", outputCol: "f")
            HashingTF(inputCol: "f", outputCol: "tf", numFeatures: 64)
            IDF(inputCol: "tf", outputCol: "tfidf")
        }
        let model = try pipeline.fit(df)
        let out = try collectVectors(model.transform(df), "tfidf")
        let dir = tempPath("text-pipeline")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try model.save(dir)
        #expect(try collectVectors(PipelineModel.load(dir).transform(df), "tfidf") == out)
        #expect(out.allSatisfy { $0?.size == 64 })
    }
}
