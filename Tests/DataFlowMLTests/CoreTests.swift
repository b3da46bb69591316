import DataFlow
import DataFlowML
import Foundation
import Testing

/// A minimal custom estimator (as a user would write one): learns the mean of `inputCol`; its model
/// subtracts it.
struct MeanCenterer: Estimator {
    static let className = "MeanCenterer"
    static var params: [Param<MeanCenterer>] {
        [.string("inputCol", \.inputCol, "input"), .string("outputCol", \.outputCol, "output"),
         .int("maxIter", \.maxIter, "unused; range-checked", min: 1)]
    }
    var uid = ML.uid(className)
    var inputCol = "x", outputCol = "centered", maxIter = 10
    init() {}
    func transformSchema(_ schema: Schema) throws -> Schema { Schema(schema.fields + [Field(outputCol, .float64)]) }
    func fit(_ df: DataFrame) throws -> MeanCentererModel {
        try validateParams()
        let xs = try MLData.doubles(df, inputCol, stage: Self.className)
        var m = MeanCentererModel()
        m.inputCol = inputCol; m.outputCol = outputCol; m.mean = xs.reduce(0, +) / Double(xs.count)
        return m
    }
}

struct MeanCentererModel: Model, ModelData {
    static let className = "MeanCentererModel"
    static var params: [Param<MeanCentererModel>] { [.string("inputCol", \.inputCol, "input"), .string("outputCol", \.outputCol, "output")] }
    var uid = ML.uid(className)
    var inputCol = "x", outputCol = "centered", mean = 0.0
    init() {}
    func transformSchema(_ schema: Schema) throws -> Schema { Schema(schema.fields + [Field(outputCol, .float64)]) }
    func transform(_ df: DataFrame) throws -> DataFrame { try df.withColumn(outputCol, col(inputCol) - mean) }
    func writeData(to folder: ModelFolder) throws { try folder.writeJSON("mean", [mean]) }
    mutating func readData(from folder: ModelFolder) throws { mean = try folder.readJSON([Double].self, "mean")[0] }
}

@Suite struct MLCoreTests {
    let session = Session(threads: 2)

    func tempDir() -> String {
        let p = NSTemporaryDirectory() + "dataflow-ml-\(UUID().uuidString)"
        return p
    }

    @Test func vectors() throws {
        let s = try Vector.sparse(5, [(3, 2.0), (1, 1.0), (3, 0.5)])
        #expect(s == .sparse(size: 5, indices: [1, 3], values: [1.0, 2.5]))
        #expect(s.toArray() == [0, 1, 0, 2.5, 0])
        #expect(s[3] == 2.5 && s[0] == 0)
        #expect(s.dot(.dense([1, 2, 3, 4, 5])) == 2 + 10)
        #expect(s.description == "(5,[1,3],[1.0,2.5])")
        #expect(Vector.dense([1, -2.5]).description == "[1.0,-2.5]")
        #expect(Vector.dense([3, 4]).norm() == 5 && Vector.dense([3, -4]).norm(1) == 7 && Vector.dense([3, -4]).norm(.infinity) == 4)
        #expect(throws: DataFlowError.self) { try Vector.sparse(2, [(2, 1.0)]) }
    }

    /// Dense and sparse layouts keep each vector's size (a sparse vector's trailing zero included).
    @Test func vectorColumnRoundTrip() throws {
        let vs: [Vector?] = [.dense([1, 2]), nil, .dense([])]
        let dense = VectorColumn.make(vs)
        #expect(dense.type == VectorColumn.denseType)
        let r = try VectorColumn.reader(dense, "v")
        #expect((0..<3).map { r.vector($0) } == vs)
        let sv: [Vector?] = [.sparse(size: 6, indices: [1], values: [2]), .dense([0, 3]), nil, .sparse(size: 3, indices: [], values: [])]
        let sparse = VectorColumn.make(sv)
        #expect(sparse.type == VectorColumn.sparseType)
        let rs = try VectorColumn.reader(sparse, "v")
        #expect(rs.size(0) == 6 && rs.size(1) == 2 && rs.size(3) == 3)
        #expect(rs.vector(0) == .sparse(size: 6, indices: [1], values: [2]))
        #expect(rs.vector(1) == .sparse(size: 2, indices: [1], values: [3]))
        #expect(rs.vector(2) == nil)
        #expect(throws: DataFlowError.self) { try VectorColumn.reader(.int64([1]), "v") }
        // Empty vectors are refused by every estimator's data gathering (no features to learn from).
        let empty = session.createDataFrame([RecordBatch(schema: Schema([Field("f", VectorColumn.denseType)]),
                                                         columns: [VectorColumn.make([.dense([]), .dense([])])])],
                                            schema: Schema([Field("f", VectorColumn.denseType)]))
        let e = #expect(throws: DataFlowError.self) { try MLData.vectors(empty, "f", stage: "KMeans") }
        #expect(e?.message == "KMeans: column 'f' holds empty vectors (size 0); there are no features to learn from")
    }

    @Test func paramsByName() throws {
        var va = VectorAssembler(inputCols: ["a", "b"])
        #expect(va.get("outputCol") == "features")
        try va.set("outputCol", "f")
        #expect(va.outputCol == "f")
        let unknown = #expect(throws: DataFlowError.self) { try va.set("outputCols", "x") }
        #expect(unknown?.message.contains("inputCols, outputCol, handleInvalid") == true)
        let wrongType = #expect(throws: DataFlowError.self) { try va.set("inputCols", 3) }
        #expect(wrongType?.message.contains("inputCols must be a list of strings") == true)
        try va.set("handleInvalid", "SKIP")
        #expect(va.handleInvalid == "skip")
        try va.set("handleInvalid", "sideways")
        let bad = #expect(throws: DataFlowError.self) { try va.validateParams() }
        #expect(bad?.errorClass == "ML_INVALID_PARAM")
        #expect(bad?.message == "VectorAssembler: handleInvalid must be one of \"error\", \"skip\", \"keep\" (got \"sideways\")")
        var m = MeanCenterer()
        m.maxIter = 0
        let range = #expect(throws: DataFlowError.self) { try m.fit(session.range(3).select(col("id").as("x"))) }
        #expect(range?.message == "MeanCenterer: maxIter must be >= 1 (got 0)")
        #expect(MeanCenterer().explainParams().contains("maxIter: unused; range-checked (must be >= 1) (default: 10)"))
    }

    func frame() throws -> DataFrame {
        try session.createDataFrame([
            [.int32(1), .double(0.5), .bool(true)],
            [.int32(2), .null, .bool(false)],
            [.int32(3), .double(.nan), .bool(true)],
            [.int32(4), .double(2.0), .bool(false)],
        ], schema: Schema([Field("a", .int32), Field("b", .float64), Field("c", .boolean)]))
    }

    @Test func vectorAssembler() throws {
        let df = try frame()
        let keep = try VectorAssembler(inputCols: ["a", "b", "c"], outputCol: "v", handleInvalid: "keep").transform(df)
        let rows = try keep.collect()
        let r = try VectorColumn.reader(keep.select("v").collectBatches()[0].columns[0], "v")
        #expect(rows.count == 4)
        #expect(r.vector(0) == .dense([1, 0.5, 1]))
        #expect(r.vector(1)!.toArray()[1].isNaN)
        let skip = try VectorAssembler(inputCols: ["a", "b"], handleInvalid: "skip").transform(df)
        #expect(try skip.select("a").collect().map { $0.int(0)! } == [1, 4])
        let err = #expect(throws: DataFlowError.self) { try VectorAssembler(inputCols: ["a", "b"]).transform(df).collect() }
        #expect(err?.message.contains("inputCols 'b' is null") == true)
        let missing = #expect(throws: DataFlowError.self) { try VectorAssembler(inputCols: ["a", "zz"]).transform(df) }
        #expect(missing?.message.contains("'zz' does not exist") == true)
        // Vector inputs are concatenated, sparse ones keep their size.
        let twice = try VectorAssembler(inputCols: ["a", "v"], outputCol: "w").transform(keep.filter(col("a") == 4))
        let w = try VectorColumn.reader(twice.select("w").collectBatches()[0].columns[0], "w")
        #expect(w.vector(0) == .dense([4, 4, 2, 0]))
        // A null vector input is an error naming the column (skip drops the row instead).
        let vs = Schema([Field("v", VectorColumn.denseType)])
        let withNull = session.createDataFrame([RecordBatch(schema: vs, columns: [VectorColumn.make([nil, .dense([1, 2])])])], schema: vs)
        let nullVec = #expect(throws: DataFlowError.self) { try VectorAssembler(inputCols: ["v"], outputCol: "o").transform(withNull).collect() }
        #expect(nullVec?.message.contains("inputCols 'v' is null") == true)
        #expect(try VectorAssembler(inputCols: ["v"], outputCol: "o", handleInvalid: "skip").transform(withNull).count() == 1)
    }

    @Test func pipelineFitTransformSaveLoad() throws {
        StageRegistry.register(MeanCenterer.self)
        StageRegistry.register(MeanCentererModel.self)
        let df = try frame().filter(col("b").isNotNull && !isnan(col("b")))
        var mc = MeanCenterer()
        mc.inputCol = "a"
        let pipeline = Pipeline {
            mc
            VectorAssembler(inputCols: ["centered", "b"], outputCol: "f")
        }
        let model = try pipeline.fit(df)
        #expect(model.stages.count == 2)
        let out = try model.transform(df).select("centered").collect().map { $0.double(0)! }
        #expect(out == [-1.5, 1.5])
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try model.save(dir)
        let again = #expect(throws: DataFlowError.self) { try model.save(dir) }
        #expect(again?.message.contains("already exists") == true)
        let loaded = try PipelineModel.load(dir)
        #expect(loaded.uid == model.uid && loaded.stages.count == 2)
        #expect(try loaded.transform(df).select("centered").collect().map { $0.double(0)! } == [-1.5, 1.5])
        let any = try ML.load(dir + "/stages/0_" + model.stages[0].uid)
        #expect((any as? MeanCentererModel)?.mean == 2.5)
        // A pipeline (unfitted) saves and loads with its stages' params.
        try pipeline.save(dir + "-p")
        defer { try? FileManager.default.removeItem(atPath: dir + "-p") }
        let p2 = try Pipeline.load(dir + "-p")
        #expect((p2.stages[1] as? VectorAssembler)?.inputCols == ["centered", "b"])
        let wrong = #expect(throws: DataFlowError.self) { try VectorAssembler.load(dir) }
        #expect(wrong?.message.contains("holds a PipelineModel, not a VectorAssembler") == true)
        #expect(throws: DataFlowError.self) { try ML.load(dir + "/nope") }
    }

    @Test func paramMapReachesPipelineStages() throws {
        let va = VectorAssembler(inputCols: ["a"])
        let p = Pipeline(stages: [va])
        let map = ParamMap().with(va, "outputCol", "g")
        let copied = try ML.copy(p, map) as! Pipeline
        #expect((copied.stages[0] as! VectorAssembler).outputCol == "g")
        #expect(va.outputCol == "features")
    }

    @Test func randomSplitIsDisjointCompleteAndDeterministic() throws {
        let df = session.range(10_000).select(col("id"), (col("id") % 7).as("k"))
        let parts = try df.randomSplit([0.8, 0.2], seed: 7)
        let a = try parts[0].select("id").collect().map { $0.int64(0)! }
        let b = try parts[1].select("id").collect().map { $0.int64(0)! }
        #expect(Set(a).isDisjoint(with: b) && a.count + b.count == 10_000)
        #expect(abs(Double(b.count) / 10_000 - 0.2) < 0.02)
        let one = try Session(threads: 1).range(10_000).select(col("id"), (col("id") % 7).as("k")).randomSplit([4, 1], seed: 7)
        #expect(try Set(one[1].select("id").collect().map { $0.int64(0)! }) == Set(b))
        let other = try df.randomSplit([0.8, 0.2], seed: 8)[1].select("id").collect().map { $0.int64(0)! }
        #expect(Set(other) != Set(b))
        #expect(throws: DataFlowError.self) { try df.randomSplit([0.5, -1]) }
    }
}

/// Every estimator over vectors refuses an empty training set with an error (never a crash).
@Suite struct EmptyTrainingDataTests {
    @Test func estimatorsRefuseEmptyData() throws {
        let session = Session(threads: 2)
        let schema = Schema([Field("features", VectorColumn.denseType), Field("label", .float64)])
        let empty = session.createDataFrame([RecordBatch.empty(schema)], schema: schema)
        var pca = PCA(); pca.k = 1
        let estimators: [any Estimator] = [
            KMeans(), GaussianMixture(), DecisionTreeClassifier(), DecisionTreeRegressor(), RandomForestClassifier(),
            RandomForestRegressor(), LinearRegression(), LogisticRegression(), NaiveBayes(), pca,
            StandardScaler(), MinMaxScaler(), MaxAbsScaler(), PCAAnomalyDetector(),
        ]
        for e in estimators {
            var stage = e
            if stage.hasParam("inputCol") { try stage.set("inputCol", "features") }
            if stage.hasParam("outputCol") { try stage.set("outputCol", "out") }
            guard let est = stage as? any Estimator else { continue }
            #expect(throws: DataFlowError.self, "\(type(of: est).className)") { _ = try est.fitModel(empty) }
        }
    }
}

/// Classifiers refuse two outputs with one name (trees share the check with logistic regression).
@Suite struct ClassifierOutputNameTests {
    @Test func sameNameForTwoOutputsIsAnError() throws {
        let schema = Schema([Field("features", VectorColumn.denseType), Field("label", .float64)])
        let classifiers: [any PipelineStage] = [DecisionTreeClassifier(), RandomForestClassifier(), LogisticRegression()]
        for c in classifiers {
            var stage = c
            try stage.set("probabilityCol", "out")
            try stage.set("rawPredictionCol", "out")
            let e = #expect(throws: DataFlowError.self, "\(type(of: stage).className)") { try stage.transformSchema(schema) }
            #expect(e?.message.contains("'out' already exists") == true, "\(String(describing: e))")
        }
    }
}
