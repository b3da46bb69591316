import DataFlow
import DataFlowColumnar

/// Combines numeric, boolean and vector columns into one vector column, as Spark's `VectorAssembler`.
///
/// The output is dense unless an input is a sparse vector. `handleInvalid`: "error" (default) fails on a
/// null or NaN input naming the column; "skip" drops those rows; "keep" puts NaN for a null number.
public struct VectorAssembler: Transformer {
    public static let className = "VectorAssembler"
    public static var params: [Param<VectorAssembler>] {
        [
            .strings("inputCols", \.inputCols, "input column names", nonEmpty: true),
            .string("outputCol", \.outputCol, "output column name"),
            .string("handleInvalid", \.handleInvalid, "how to handle null and NaN inputs", oneOf: ["error", "skip", "keep"]),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCols: [String] = []
    public var outputCol = "features"
    public var handleInvalid = "error"

    public init() {}
    public init(inputCols: [String], outputCol: String = "features", handleInvalid: String = "error") {
        self.inputCols = inputCols; self.outputCol = outputCol; self.handleInvalid = handleInvalid
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        for c in inputCols {
            guard let i = schema.index(of: c) else {
                throw MLError.column(Self.className, "inputCols", c, "does not exist; the columns are \(schema.names.joined(separator: ", "))")
            }
            let t = schema.fields[i].type
            guard t.isNumeric || t == .boolean || VectorColumn.isVector(t) else {
                throw MLError.column(Self.className, "inputCols", c, "must be numeric, boolean or a vector, not \(t.sqlName)")
            }
        }
        try MLData.checkNew(schema, outputCol, param: "outputCol", stage: Self.className)
        let sparse = inputCols.contains { schema.fields[schema.index(of: $0)!].type == VectorColumn.sparseType }
        return Schema(schema.fields + [Field(outputCol, sparse ? VectorColumn.sparseType : VectorColumn.denseType)])
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let input = try df.schema
        let out = try transformSchema(input)
        let kinds: [Bool] = inputCols.map { VectorColumn.isVector(input.fields[input.index(of: $0)!].type) }
        let temp = inputCols.indices.map { "__assembler_\($0)" }
        // Numbers are cast to double by the engine; vectors pass as they are.
        var withInputs = df.select(input.names.map { DataFlow.Column($0) } + zip(inputCols, kinds).enumerated().map { i, ck in
            (ck.1 ? DataFlow.Column(ck.0) : DataFlow.Column(ck.0).cast(.float64)).as(temp[i])
        })
        if handleInvalid == "skip" {
            for (c, isVec) in zip(temp, kinds) {
                let ok = isVec ? DataFlow.Column(c).isNotNull : DataFlow.Column(c).isNotNull && !isnan(DataFlow.Column(c))
                withInputs = withInputs.filter(ok)
            }
        }
        let names = inputCols, mode = handleInvalid, sparseOut = out.fields.last!.type == VectorColumn.sparseType
        let outField = out.fields.last!
        let assembled = try withInputs.appendingColumns([outField], reading: temp, name: Self.className) { batch in
            let cols = temp.map { batch.column(named: $0)! }
            var readers: [VectorReader?] = []
            for (k, c) in cols.enumerated() { readers.append(kinds[k] ? try VectorReader(c, "inputCols '\(names[k])'") : nil) }
            // Written straight into the output column's buffers: no per-row arrays or `Vector` values.
            var out = VectorColumnBuilder(sparse: sparseOut, capacity: batch.rowCount)
            for r in 0..<batch.rowCount {
                var size = 0
                for k in cols.indices {
                    if let rd = readers[k] {
                        if rd.isNull(r) {
                            throw MLError.invalidInput("VectorAssembler: inputCols '\(names[k])' is null at a row; use handleInvalid \"skip\" to drop such rows")
                        }
                        rd.forEachActive(r) { i, v in out.add(size + i, v) }
                        size += rd.size(r)
                    } else {
                        let c = cols[k]
                        let v = c.isNull(r) ? Double.nan : c.values(Double.self)[r]
                        if v.isNaN && mode == "error" {
                            throw MLError.invalidInput("VectorAssembler: inputCols '\(names[k])' is \(c.isNull(r) ? "null" : "NaN") at a row; use handleInvalid \"skip\" or \"keep\"")
                        }
                        out.add(size, v)
                        size += 1
                    }
                }
                out.endRow(size: size)
            }
            return [out.finish()]
        }
        return assembled.select((input.names + [outputCol]).map { DataFlow.Column($0) })
    }
}
