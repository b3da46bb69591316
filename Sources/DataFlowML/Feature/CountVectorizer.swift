import DataFlow
import DataFlowColumnar

/// Learns a vocabulary from token lists and turns each list into a sparse vector of term counts, as
/// Spark's `CountVectorizer`. The vocabulary keeps the `vocabSize` terms of highest total count (ties by
/// term, ascending) among those in at least `minDF` and at most `maxDF` documents (a fraction of the
/// documents when < 1). At `transform`, a term counts only when it occurs at least `minTF` times in its
/// document (a fraction of the document's length when < 1); `binary` makes every kept count 1.
public struct CountVectorizer: Estimator {
    public static let className = "CountVectorizer"
    public static var params: [Param<CountVectorizer>] { CountVectorizerParams.list() }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var vocabSize = 1 << 18
    public var minDF = 1.0
    public var maxDF = Double(Int64.max)
    public var minTF = 1.0
    public var binary = false

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, vocabSize: Int = 1 << 18, minDF: Double = 1, maxDF: Double = Double(Int64.max),
                minTF: Double = 1, binary: Bool = false) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.vocabSize = vocabSize
        self.minDF = minDF; self.maxDF = maxDF; self.minTF = minTF; self.binary = binary
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try CountVectorizerParams.schema(self, schema) }

    public func fit(_ df: DataFrame) throws -> CountVectorizerModel {
        _ = try transformSchema(df.schema)
        var counts: [String: (count: Int, docs: Int)] = [:]
        var numDocs = 0
        var seen: [String: Int] = [:]
        for b in try df.select(inputCol).collectBatches() {
            let c = b.columns[0]
            guard let e = c.elements?.column.decoded() else { continue }
            for i in 0..<b.rowCount {
                if c.isNull(i) { throw MLError.invalidInput("CountVectorizer: inputCol '\(inputCol)' has a null document at row \(numDocs + 1)") }
                seen.removeAll(keepingCapacity: true)
                for k in c.arrayRange(i) where e.isValid(k) { seen[String(decoding: e.utf8(k), as: UTF8.self), default: 0] += 1 }
                for (w, n) in seen {
                    let old = counts[w] ?? (0, 0)
                    counts[w] = (old.count + n, old.docs + 1)
                }
                numDocs += 1
            }
        }
        let lo = minDF >= 1 ? minDF : minDF * Double(numDocs)
        let hi = maxDF >= 1 ? maxDF : maxDF * Double(numDocs)
        guard hi >= lo else {
            throw MLError.invalidParam("CountVectorizer: maxDF must be >= minDF (\(Vector.format(hi)) and \(Vector.format(lo)) documents)")
        }
        let kept = counts.filter { Double($0.value.docs) >= lo && Double($0.value.docs) <= hi }
        let vocab = kept.sorted { a, b in
            a.value.count != b.value.count ? a.value.count > b.value.count : a.key.utf16.lexicographicallyPrecedes(b.key.utf16)
        }.prefix(vocabSize).map(\.key)
        guard !vocab.isEmpty else { throw MLError.invalidInput("CountVectorizer: the vocabulary size should be > 0. Lower minDF as necessary") }
        var m = CountVectorizerModel(vocabulary: Array(vocab))
        m.inputCol = inputCol; m.outputCol = outputCol; m.vocabSize = vocabSize
        m.minDF = minDF; m.maxDF = maxDF; m.minTF = minTF; m.binary = binary
        return m
    }
}

/// A fitted `CountVectorizer` (or one built from a known vocabulary): term `vocabulary[j]` counts in entry j.
public struct CountVectorizerModel: Model, ModelData {
    public static let className = "CountVectorizerModel"
    public static var params: [Param<CountVectorizerModel>] { CountVectorizerParams.list() }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var vocabSize = 1 << 18
    public var minDF = 1.0
    public var maxDF = Double(Int64.max)
    public var minTF = 1.0
    public var binary = false
    public var vocabulary: [String] = []

    public init() { outputCol = uid + "__output" }
    public init(vocabulary: [String]) { self.init(); self.vocabulary = vocabulary }

    public func transformSchema(_ schema: Schema) throws -> Schema { try CountVectorizerParams.schema(self, schema) }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        let dict = Dictionary(vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let size = vocabulary.count, minTF = self.minTF, binary = self.binary
        return try FeatureIO.append(df, stage: Self.className, inputs: [inputCol], castTo: nil,
                                    outputs: [Field(outputCol, VectorColumn.sparseType)]) { cols, rows in
            let c = cols[0]
            guard let e = c.elements?.column.decoded() else { throw MLError.invalidInput("CountVectorizerModel: array column without elements") }
            var b = VectorColumnBuilder(sparse: true, capacity: rows)
            var row: [Int] = []
            for i in 0..<rows {
                if c.isNull(i) { b.appendNull(); continue }
                row.removeAll(keepingCapacity: true)
                let r = c.arrayRange(i)
                for k in r where e.isValid(k) {
                    if let j = dict[String(decoding: e.utf8(k), as: UTF8.self)] { row.append(j) }
                }
                let effectiveMinTF = minTF >= 1 ? minTF : Double(r.count) * minTF
                row.sort()
                var k = 0
                while k < row.count {
                    var j = k + 1
                    while j < row.count && row[j] == row[k] { j += 1 }
                    if Double(j - k) >= effectiveMinTF { b.add(row[k], binary ? 1 : Double(j - k)) }
                    k = j
                }
                b.endRow(size: size)
            }
            return [b.finish()]
        }
    }

    public func writeData(to folder: ModelFolder) throws { try folder.writeJSON("vocabulary", vocabulary) }
    public mutating func readData(from folder: ModelFolder) throws { vocabulary = try folder.readJSON([String].self, "vocabulary") }
}

enum CountVectorizerParams {
    protocol Stage: PipelineStage {
        var inputCol: String { get set }
        var outputCol: String { get set }
        var vocabSize: Int { get set }
        var minDF: Double { get set }
        var maxDF: Double { get set }
        var minTF: Double { get set }
        var binary: Bool { get set }
    }

    static func list<S: Stage>() -> [Param<S>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .int("vocabSize", \.vocabSize, "max size of the vocabulary", min: 1),
            .double("minDF", \.minDF, "minimum number of different documents a term must appear in to be included in the vocabulary; if < 1, a fraction of the documents", min: 0),
            .double("maxDF", \.maxDF, "maximum number of different documents a term could appear in to be included in the vocabulary; if < 1, a fraction of the documents", min: 0),
            .double("minTF", \.minTF, "minimum count of a term in a document to be counted; if < 1, a fraction of the document's token count", min: 0),
            .bool("binary", \.binary, "if true, all non-zero counts are set to 1"),
        ]
    }

    static func schema<S: Stage>(_ s: S, _ schema: Schema) throws -> Schema {
        try s.validateParams()
        try FeatureIO.requireStringArray(schema, s.inputCol, param: "inputCol", stage: S.className)
        try MLData.checkNew(schema, s.outputCol, param: "outputCol", stage: S.className)
        return Schema(schema.fields + [Field(s.outputCol, VectorColumn.sparseType)])
    }
}

extension CountVectorizer: CountVectorizerParams.Stage {}
extension CountVectorizerModel: CountVectorizerParams.Stage {}

/// Inverse document frequency weights, as Spark's `IDF`: `fit` counts, for each entry, the documents
/// (rows) where it is > 0 (`docFreq`) and sets `idf = log((numDocs + 1) / (docFreq + 1))`, or 0 for
/// entries in fewer than `minDocFreq` documents; `transform` multiplies each vector by `idf` (sparse stays sparse).
public struct IDF: Estimator {
    public static let className = "IDF"
    public static var params: [Param<IDF>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .int("minDocFreq", \.minDocFreq, "minimum number of documents in which a term should appear for filtering", min: 0),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var minDocFreq = 0

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, minDocFreq: Int = 0) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.minDocFreq = minDocFreq
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol)
    }

    public func fit(_ df: DataFrame) throws -> IDFModel {
        _ = try transformSchema(df.schema)
        var docFreq: [Int] = [], m = 0, d = -1
        for b in try df.select(inputCol).collectBatches() {
            let r = try VectorReader(b.columns[0], "IDF: inputCol '\(inputCol)'")
            for i in 0..<b.rowCount {
                if r.isNull(i) { throw MLError.invalidInput("IDF: inputCol '\(inputCol)' has a null vector at row \(m + 1)") }
                let s = r.size(i)
                if d < 0 { d = s; docFreq = [Int](repeating: 0, count: s) }
                guard s == d else { throw MLError.invalidInput("IDF: inputCol '\(inputCol)' has vectors of different sizes (\(d) and \(s), row \(m + 1))") }
                r.forEachActive(i) { j, x in if x > 0 { docFreq[j] += 1 } }
                m += 1
            }
        }
        let minDF = minDocFreq
        let idf = docFreq.map { $0 >= minDF ? Foundation.log((Double(m) + 1) / (Double($0) + 1)) : 0 }
        // As Spark, docFreq reports 0 for the entries filtered out by minDocFreq.
        var model = IDFModel(idf: idf, docFreq: docFreq.map { $0 >= minDF ? $0 : 0 }, numDocs: m)
        model.inputCol = inputCol; model.outputCol = outputCol; model.minDocFreq = minDocFreq
        return model
    }
}

/// A fitted `IDF`: the weight of each entry, with the document frequencies it came from (0 for entries
/// below `minDocFreq`, as Spark reports them) and the number of documents.
public struct IDFModel: Model, ModelData {
    public static let className = "IDFModel"
    public static var params: [Param<IDFModel>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .int("minDocFreq", \.minDocFreq, "minimum number of documents in which a term should appear for filtering", min: 0),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var minDocFreq = 0
    public var idf: [Double] = []
    public var docFreq: [Int] = []
    public var numDocs = 0

    public init() { outputCol = uid + "__output" }
    public init(idf: [Double], docFreq: [Int] = [], numDocs: Int = 0) {
        self.init(); self.idf = idf; self.docFreq = docFreq; self.numDocs = numDocs
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let out = try transformSchema(df.schema)
        let idf = self.idf, d = idf.count, stage = Self.className
        return try mapVectors(df, stage: stage, inputCol: inputCol, outputCol: outputCol,
                              sparseOut: out.fields.last!.type == VectorColumn.sparseType) { r, i, b in
            try checkSize(r, i, d, stage)
            r.forEachActive(i) { j, x in b.add(j, x * idf[j]) }
            b.endRow(size: d)
        }
    }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("idf", idf)
        try folder.writeJSON("docFreq", docFreq)
        try folder.writeJSON("numDocs", [numDocs])
    }

    public mutating func readData(from folder: ModelFolder) throws {
        idf = try folder.readJSON([Double].self, "idf")
        docFreq = try folder.readJSON([Int].self, "docFreq")
        numDocs = try folder.readJSON([Int].self, "numDocs").first ?? 0
    }
}

import Foundation
