import DataFlow
import DataFlowColumnar
import DataFlowEngine

/// Term frequencies by the hashing trick, as Spark's `HashingTF`: each term of an array column goes to
/// bucket `nonNegativeMod(murmur3_x86_32(term, seed 42), numFeatures)` (strings hashed over their UTF-8
/// bytes; numbers and booleans as Spark's `FeatureHasher` hashes them), and the output is a sparse vector
/// of size `numFeatures` (default 2^18) counting the terms of each bucket (1.0 with `binary`).
public struct HashingTF: Transformer {
    public static let className = "HashingTF"
    public static var params: [Param<HashingTF>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .int("numFeatures", \.numFeatures, "number of features", min: 1, max: Int(Int32.max)),
            .bool("binary", \.binary, "if true, all non-zero counts are set to 1 (for discrete probabilistic models)"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var numFeatures = 1 << 18
    public var binary = false

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, numFeatures: Int = 1 << 18, binary: Bool = false) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.numFeatures = numFeatures; self.binary = binary
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        let t = try FeatureIO.inputType(schema, inputCol, param: "inputCol", stage: Self.className)
        guard case .array(let e) = t, e == .string || e == .int32 || e == .int64 || e == .float64 || e == .boolean else {
            throw MLError.column(Self.className, "inputCol", inputCol, "must be an array of strings, numbers or booleans, not \(t.sqlName)")
        }
        try MLData.checkNew(schema, outputCol, param: "outputCol", stage: Self.className)
        return Schema(schema.fields + [Field(outputCol, VectorColumn.sparseType)])
    }

    /// The bucket of one string term (Spark's `indexOf`).
    public func indexOf(_ term: String) -> Int {
        var t = term
        return t.withUTF8 { HashingTF.bucket(Int32(bitPattern: Murmur3.hashBytesReferenceTail(UnsafeRawBufferPointer($0), seed: 42)), numFeatures) }
    }

    @inline(__always) static func bucket(_ h: Int32, _ n: Int) -> Int {
        let m = Int(h) % n
        return m < 0 ? m + n : m
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        let n = numFeatures, binary = self.binary
        return try FeatureIO.append(df, stage: Self.className, inputs: [inputCol], castTo: nil,
                                    outputs: [Field(outputCol, VectorColumn.sparseType)]) { cols, rows in
            let c = cols[0]
            guard let e = c.elements?.column.decoded() else { throw MLError.invalidInput("HashingTF: array column without elements") }
            // One hash per element of the whole batch, then per row: sort the row's buckets and count runs.
            var buckets = [Int](repeating: 0, count: e.count)
            for k in 0..<e.count { buckets[k] = HashingTF.bucket(HashingTF.hash(e, k), n) }
            var b = VectorColumnBuilder(sparse: true, capacity: rows)
            var row: [Int] = []
            for i in 0..<rows {
                if c.isNull(i) { b.appendNull(); continue }
                row.removeAll(keepingCapacity: true)
                row.append(contentsOf: buckets[c.arrayRange(i)])
                row.sort()
                var k = 0
                while k < row.count {
                    var j = k + 1
                    while j < row.count && row[j] == row[k] { j += 1 }
                    b.add(row[k], binary ? 1 : Double(j - k))
                    k = j
                }
                b.endRow(size: n)
            }
            return [b.finish()]
        }
    }

    /// Spark's `FeatureHasher.murmur3Hash` of element `k` (null hashes to the seed).
    @inline(__always) static func hash(_ e: DataFlowColumnar.Column, _ k: Int) -> Int32 {
        if e.isNull(k) { return 42 }
        let h: UInt32
        switch e.type {
        case .string: h = Murmur3.hashBytesReferenceTail(e.utf8(k), seed: 42)
        case .int32: h = Murmur3.hashInt(e.values(Int32.self)[k], seed: 42)
        case .int64: h = Murmur3.hashLong(e.values(Int64.self)[k], seed: 42)
        case .float64:
            let d = e.values(Double.self)[k]
            // Java's doubleToLongBits: one canonical NaN.
            h = Murmur3.hashLong(Int64(bitPattern: d.isNaN ? 0x7ff8_0000_0000_0000 : d.bitPattern), seed: 42)
        case .boolean: h = Murmur3.hashInt(e.values(UInt8.self)[k] != 0 ? 1 : 0, seed: 42)
        default: h = 42
        }
        return Int32(bitPattern: h)
    }
}
