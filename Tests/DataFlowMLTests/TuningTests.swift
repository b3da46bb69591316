import DataFlow
import DataFlowColumnar
import DataFlowML
import DataFlowTestSupport
import Foundation
import Testing

/// A toy estimator with hand-computable results: predicts `scale · mean(label of the training rows) + offset`.
struct MeanShift: Estimator {
    static let className = "MeanShift"
    static var params: [Param<MeanShift>] {
        [.string("labelCol", \.labelCol, "label"), .double("scale", \.scale, "scale"), .double("offset", \.offset, "offset"),
         .int("maxIter", \.maxIter, "checked only", min: 1)]
    }
    var uid = ML.uid(className)
    var labelCol = "label", scale = 1.0, offset = 0.0, maxIter = 1
    init() {}
    func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return Schema(schema.fields + [Field("prediction", .float64)])
    }
    func fit(_ df: DataFrame) throws -> MeanShiftModel {
        _ = try transformSchema(df.schema)
        let y = try MLData.doubles(df, labelCol)
        var m = MeanShiftModel()
        m.value = scale * y.reduce(0, +) / Double(y.count) + offset
        return m
    }
}

struct MeanShiftModel: Model, ModelData {
    static let className = "MeanShiftModel"
    static var params: [Param<MeanShiftModel>] { [] }
    var uid = ML.uid(className)
    var value = 0.0
    init() {}
    func transformSchema(_ schema: Schema) throws -> Schema { Schema(schema.fields + [Field("prediction", .float64)]) }
    func transform(_ df: DataFrame) throws -> DataFrame { try df.withColumn("prediction", lit(value)) }
    func writeData(to folder: ModelFolder) throws { try folder.writeJSON("value", [value]) }
    mutating func readData(from folder: ModelFolder) throws { value = try folder.readJSON([Double].self, "value")[0] }
}

/// Mean absolute error of `prediction` against `label`; `largerIsBetter` flips the direction only.
struct MAE: Evaluator {
    static let className = "ToyMAE"
    static var params: [Param<MAE>] { [.bool("largerIsBetter", \.largerIsBetter, "direction")] }
    var uid = ML.uid(className)
    var largerIsBetter = false
    init() {}
    var isLargerBetter: Bool { largerIsBetter }
    func transformSchema(_ schema: Schema) throws -> Schema { schema }
    func evaluate(_ df: DataFrame) throws -> Double {
        let rows = try df.select("label", "prediction").collect()
        return rows.reduce(0) { $0 + abs($1.double(0)! - $1.double(1)!) } / Double(rows.count)
    }
}

@Suite struct TuningTests {
    let session = Session(threads: 2)

    init() {
        for t: any PipelineStage.Type in [MeanShift.self, MeanShiftModel.self, MAE.self] { StageRegistry.register(t) }
    }

    /// Labels 1, 2 (fold 0), 4, 8 (fold 1), 10, 20 (fold 2).
    func foldFrame() throws -> DataFrame {
        try session.createDataFrame([[1, 0], [2, 0], [4, 1], [8, 1], [10, 2], [20, 2]].map { [.double($0[0]), .int32(Int32($0[1]))] },
                                    schema: Schema([Field("label", .float64), Field("fold", .int32)]))
    }

    @Test func gridOrderAndChecks() throws {
        let a = MeanShift(), b = MeanShift()
        let grid = try ParamGridBuilder()
            .addGrid(a, "scale", [1, 0.5])
            .addGrid(b, "offset", [0, 4, 8])
            .baseOn(a, "maxIter", 5)
            .build()
        #expect(grid.count == 6)
        // The first grid varies fastest (Spark's Scala order); values take the parameter's type.
        #expect(grid.map { $0.entries.map(\.value) } == [
            [1.0, 0.0, 5], [0.5, 0.0, 5], [1.0, 4.0, 5], [0.5, 4.0, 5], [1.0, 8.0, 5], [0.5, 8.0, 5],
        ])
        #expect(grid[0].entries.map(\.stageUID) == [a.uid, b.uid, a.uid])
        // Case-insensitive names are stored as the stage spells them; a repeated grid replaces its values.
        let again = try ParamGridBuilder().addGrid(a, "SCALE", [1]).addGrid(a, "scale", [2, 3]).build()
        #expect(again.map { $0.entries.map(\.name) } == [["scale"], ["scale"]])
        #expect(again.map { $0.entries[0].value } == [2.0, 3.0])
        #expect(ParamGridBuilder().build().count == 1)
        let unknown = #expect(throws: DataFlowError.self) { try ParamGridBuilder().addGrid(a, "rank", [1]) }
        #expect(unknown?.message == "ParamGridBuilder: MeanShift has no parameter 'rank'; its parameters are labelCol, scale, offset, maxIter")
        let wrongType = #expect(throws: DataFlowError.self) { try ParamGridBuilder().addGrid(a, "scale", ["big"]) }
        #expect(wrongType?.message.contains("scale must be a number") == true)
    }

    /// Hand-computed: for fold f the model predicts scale · (mean of the other folds' labels) + offset.
    /// scale 1, offset 0: means 10.5, 8.25, 3.75 → MAE 9, 2.25, 11.25 → avg 7.5
    /// scale 0.5, offset 0: 5.25, 4.125, 1.875 → MAE 3.75, 2, 13.125 → avg 6.291666…
    /// scale 1, offset 4: 14.5, 12.25, 7.75 → MAE 13, 6.25, 7.25 → avg 8.8333…
    /// scale 0.5, offset 4: 9.25, 8.125, 5.875 → MAE 7.75, 2.125, 9.125 → avg 6.3333…
    @Test func crossValidatorWithFoldColumn() throws {
        let est = MeanShift()
        let grid = try ParamGridBuilder().addGrid(est, "scale", [1, 0.5]).addGrid(est, "offset", [0, 4]).build()
        let perFold: [[Double]] = [[9, 2.25, 11.25], [3.75, 2, 13.125], [13, 6.25, 7.25], [7.75, 2.125, 9.125]]
        let avg = perFold.map { $0.reduce(0, +) / 3 }
        let std = zip(perFold, avg).map { f, m in (f.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 3).squareRoot() }
        for parallelism in [1, 2] {
            let cv = CrossValidator(estimator: est, estimatorParamMaps: grid, evaluator: MAE(), parallelism: parallelism,
                                    collectSubModels: true, foldCol: "fold")
            let model = try cv.fit(foldFrame())
            #expect(model.avgMetrics == avg)
            #expect(zip(model.stdMetrics, std).allSatisfy { abs($0 - $1) < 1e-12 })
            #expect(model.bestIndex == 1 && model.bestParamMap == grid[1])
            // The best map refitted on all rows: 0.5 · 7.5.
            #expect((model.bestModel as? MeanShiftModel)?.value == 3.75)
            #expect(try model.transform(foldFrame()).select("prediction").collect().map { $0.double(0)! } == Array(repeating: 3.75, count: 6))
            // Sub-models per fold and map: fold 2, map 0 learned the mean of 1, 2, 4, 8.
            #expect(model.subModels?.count == 3 && model.subModels?[2].count == 4)
            #expect((model.subModels?[2][0] as? MeanShiftModel)?.value == 3.75)
        }
        // A metric where larger is better picks the largest average (scale 1, offset 4).
        var larger = MAE()
        larger.largerIsBetter = true
        let maxModel = try CrossValidator(estimator: est, estimatorParamMaps: grid, evaluator: larger, foldCol: "fold").fit(foldFrame())
        #expect(maxModel.bestIndex == 2 && (maxModel.bestModel as? MeanShiftModel)?.value == 11.5)
    }

    /// Random folds are `randomSplit` with equal weights: recomputing the metric from those splits by
    /// hand gives the same averages; parallelism and thread count change nothing.
    @Test func crossValidatorRandomFolds() throws {
        let df = session.range(60).select((col("id") * col("id") % 37).cast(.float64).as("label"), col("id"))
        let est = MeanShift()
        let grid = try ParamGridBuilder().addGrid(est, "offset", [-5, 0, 5]).build()
        let parts = try df.randomSplit([1, 1, 1], seed: 9)
        let labels = try parts.map { try $0.select("label").collect().map { $0.double(0)! } }
        #expect(labels.map(\.count).reduce(0, +) == 60 && labels.allSatisfy { !$0.isEmpty })
        let expected: [Double] = [-5.0, 0, 5].map { offset in
            (0..<3).map { f -> Double in
                let train = (0..<3).filter { $0 != f }.flatMap { labels[$0] }
                let p = train.reduce(0, +) / Double(train.count) + offset
                return labels[f].reduce(0) { $0 + abs(p - $1) } / Double(labels[f].count)
            }.reduce(0, +) / 3
        }
        var results: [[Double]] = []
        for (threads, parallelism) in [(1, 1), (2, 1), (2, 2), (2, 3)] {
            let s = Session(threads: threads)
            let frame = s.range(60).select((col("id") * col("id") % 37).cast(.float64).as("label"), col("id"))
            let model = try CrossValidator(estimator: est, estimatorParamMaps: grid, evaluator: MAE(), seed: 9,
                                           parallelism: parallelism).fit(frame)
            results.append(model.avgMetrics)
        }
        for r in results {
            #expect(r == results[0])
            #expect(zip(r, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        }
    }

    @Test func trainValidationSplit() throws {
        let df = session.range(40).select((col("id") % 13).cast(.float64).as("label"), col("id"))
        let est = MeanShift()
        let grid = try ParamGridBuilder().addGrid(est, "offset", [-2, 0, 2]).build()
        let parts = try df.randomSplit([0.8, 0.2], seed: 3)
        let train = try parts[0].select("label").collect().map { $0.double(0)! }
        let valid = try parts[1].select("label").collect().map { $0.double(0)! }
        let expected = [-2.0, 0, 2].map { o in
            let p = train.reduce(0, +) / Double(train.count) + o
            return valid.reduce(0) { $0 + abs(p - $1) } / Double(valid.count)
        }
        let one = try TrainValidationSplit(estimator: est, estimatorParamMaps: grid, evaluator: MAE(), trainRatio: 0.8, seed: 3).fit(df)
        let two = try TrainValidationSplit(estimator: est, estimatorParamMaps: grid, evaluator: MAE(), trainRatio: 0.8, seed: 3,
                                           parallelism: 2, collectSubModels: true).fit(df)
        #expect(zip(one.validationMetrics, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(one.validationMetrics == two.validationMetrics && two.subModels?.count == 3)
        let best = expected.indices.min { expected[$0] < expected[$1] }!
        #expect(one.bestIndex == best)
        let all = try df.select("label").collect().map { $0.double(0)! }
        #expect((one.bestModel as? MeanShiftModel)?.value == all.reduce(0, +) / 40 + [-2.0, 0, 2][best])
        #expect(TrainValidationSplit().trainRatio == 0.75 && TrainValidationSplit().seed == -1_772_833_110)
    }

    /// A grid on a stage inside a Pipeline reaches it (by uid); the result saves and loads.
    @Test func pipelineEstimatorSaveAndLoad() throws {
        let inner = MeanShift()
        let pipeline = Pipeline { inner }
        let grid = try ParamGridBuilder().addGrid(inner, "scale", [1, 0.5]).addGrid(inner, "offset", [0, 4]).build()
        let model = try CrossValidator(estimator: pipeline, estimatorParamMaps: grid, evaluator: MAE(), foldCol: "fold").fit(foldFrame())
        #expect(model.bestIndex == 1)
        let best = try #require(model.bestModel as? PipelineModel)
        #expect((best.stages[0] as? MeanShiftModel)?.value == 3.75)
        let dir = temporaryFolder("cv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try model.save(dir + "/cv")
        let loaded = try CrossValidatorModel.load(dir + "/cv")
        #expect(loaded.avgMetrics == model.avgMetrics && loaded.stdMetrics == model.stdMetrics)
        #expect(loaded.bestIndex == 1 && loaded.estimatorParamMaps == grid && loaded.foldCol == "fold")
        #expect(loaded.estimator is Pipeline && loaded.evaluator is MAE)
        #expect(try loaded.transform(foldFrame()).select("prediction").collect().map { $0.double(0)! } == Array(repeating: 3.75, count: 6))
        // The unfitted validator saves its estimator, evaluator and maps.
        let cv = CrossValidator(estimator: inner, estimatorParamMaps: grid, evaluator: MAE(), numFolds: 4)
        try cv.save(dir + "/est")
        let cv2 = try CrossValidator.load(dir + "/est")
        #expect(cv2.numFolds == 4 && cv2.estimatorParamMaps == grid && cv2.estimator?.uid == inner.uid)
        // TrainValidationSplitModel too.
        let tvs = try TrainValidationSplit(estimator: inner, estimatorParamMaps: grid, evaluator: MAE()).fit(foldFrame())
        try tvs.save(dir + "/tvs")
        let tvs2 = try TrainValidationSplitModel.load(dir + "/tvs")
        #expect(tvs2.validationMetrics == tvs.validationMetrics && tvs2.bestIndex == tvs.bestIndex)
        #expect((tvs2.bestModel as? MeanShiftModel)?.value == (tvs.bestModel as? MeanShiftModel)?.value)
    }

    @Test func errors() throws {
        let est = MeanShift()
        let grid = try ParamGridBuilder().addGrid(est, "maxIter", [1, 0]).build()
        let bad = #expect(throws: DataFlowError.self) { try CrossValidator(estimator: est, estimatorParamMaps: grid, evaluator: MAE()).fit(foldFrame()) }
        #expect(bad?.message == "MeanShift: maxIter must be >= 1 (got 0)")
        let empty = #expect(throws: DataFlowError.self) { try CrossValidator(estimator: est, estimatorParamMaps: [], evaluator: MAE()).fit(foldFrame()) }
        #expect(empty?.message.contains("estimatorParamMaps is empty") == true)
        let unset = #expect(throws: DataFlowError.self) { try CrossValidator().fit(foldFrame()) }
        #expect(unset?.message == "CrossValidator: estimator is not set")
        let folds = #expect(throws: DataFlowError.self) {
            try CrossValidator(estimator: est, estimatorParamMaps: [ParamMap()], evaluator: MAE(), numFolds: 2, foldCol: "fold").fit(foldFrame())
        }
        #expect(folds?.message.contains("must hold fold numbers in [0, 2)") == true)
        let one = #expect(throws: DataFlowError.self) {
            try CrossValidator(estimator: est, estimatorParamMaps: [ParamMap()], evaluator: MAE(), numFolds: 1).fit(foldFrame())
        }
        #expect(one?.message == "CrossValidator: numFolds must be >= 2 (got 1)")
        let ratio = #expect(throws: DataFlowError.self) {
            try TrainValidationSplit(estimator: est, estimatorParamMaps: [ParamMap()], evaluator: MAE(), trainRatio: 1.5).fit(foldFrame())
        }
        #expect(ratio?.message == "TrainValidationSplit: trainRatio must be in [0, 1] (got 1.5)")
    }
}
