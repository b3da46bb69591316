import DataFlow
import DataFlowML
import DataFlowScript
import Foundation
import Testing

/// ML from scripts: constructors with Spark's parameter names, params as properties/getters/setters,
/// fit/transform, save in a script and load in Swift (and back), list unpacking of randomSplit.
@Suite struct MLScriptTests {
    @Test func assemblerInAScript() {
        let r = runScript("""
        va = VectorAssembler(inputCols: ["userId", "rating"], outputCol: "f")
        print(va.outputCol, va.getInputCols(), va.setOutputCol("g").outputCol)
        out = va.transform(ratings)
        print(out.columns)
        print(out.filter(userId == 2).first().f)
        """)
        #expect(r.error == nil)
        #expect(r.output == """
        f ["userId", "rating"] g
        ["userId", "movieId", "rating", "f"]
        [2.0, 5.0]

        """)
    }

    @Test func badParamsAreLocated() {
        #expect(errorText("va = VectorAssembler(inputCol: [\"a\"])").contains("VectorAssembler() has no argument 'inputCol'; did you mean 'inputCols'?"))
        #expect(errorText("va = VectorAssembler(inputCols: 3)").contains("inputCols must be a list of strings"))
        #expect(errorText("VectorAssembler(inputCols: [\"userId\"], handleInvalid: \"nope\").transform(ratings)")
            .contains("VectorAssembler: handleInvalid must be one of \"error\", \"skip\", \"keep\" (got \"nope\")"))
        #expect(errorText("x = VectorAssembler().fit(ratings)").contains("VectorAssembler has no method 'fit'"))
    }

    @Test func randomSplitUnpacks() {
        let r = runScript("""
        train, test = ratings.randomSplit([0.5, 0.5], seed: 3)
        print(train.count() + test.count())
        """)
        #expect(r.error == nil && r.output == "4\n")
        #expect(errorText("a, b, c = ratings.randomSplit([0.5, 0.5])").contains("cannot unpack a list of 2 into 3 names (a, b, c)"))
        #expect(errorText("a, b = 3").contains("cannot unpack a int into 2 names"))
    }

    /// A pipeline saved by a script loads in Swift, and one saved in Swift loads in a script.
    @Test func saveInScriptLoadInSwiftAndBack() throws {
        let dir = NSTemporaryDirectory() + "dataflow-mlscript-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: dir + "-swift") }
        let r = runScript("""
        p = Pipeline(stages: [VectorAssembler(inputCols: ["userId", "rating"], outputCol: "f")])
        model = p.fit(ratings)
        model.save("\(dir)")
        print(model.stages)
        """)
        #expect(r.error == nil, "\(String(describing: r.error))")
        let loaded = try PipelineModel.load(dir)
        #expect((loaded.stages.first as? VectorAssembler)?.inputCols == ["userId", "rating"])
        try Pipeline { VectorAssembler(inputCols: ["rating"], outputCol: "only") }.fit(try smallRatings(Session(threads: 1))).save(dir + "-swift")
        let back = runScript("""
        m = PipelineModel.load("\(dir)-swift")
        print(m.transform(ratings).columns)
        print(VectorAssembler.load("\(dir)-swift/stages/0_" + m.stages[0].uid).inputCols)
        """)
        #expect(back.error == nil, "\(String(describing: back.error))")
        #expect(back.output == "[\"userId\", \"movieId\", \"rating\", \"only\"]\n[\"rating\"]\n")
        #expect(errorText("m = VectorAssembler.load(\"\(dir)\")").contains("holds a PipelineModel, not a VectorAssembler"))
    }

    /// Model attributes (Spark's names) and a parameter grid from a script.
    @Test func modelAttributesAndGrid() {
        let r = runScript("""
        pts = VectorAssembler(inputCols: ["userId", "rating"]).transform(ratings)
        km = KMeans(k: 4, seed: 1).fit(pts)
        print(len(km.clusterCenters), km.trainingCost)
        grid = ParamGridBuilder().addGrid(km, "k", [2, 3]).addGrid(km, "maxIter", [5, 10, 20]).build()
        print(grid.size)
        """)
        #expect(r.error == nil, "\(String(describing: r.error))")
        #expect(r.output == "4 0.0\n6\n")
        #expect(errorText("g = ParamGridBuilder().addGrid(VectorAssembler(), \"nope\", [1])").contains("VectorAssembler has no parameter 'nope'"))
        #expect(errorText("cv = CrossValidator(estimator: 3)").contains("'estimator:' must be an ML stage, not int"))
    }

    /// ALS from a script: fit, predict, recommendations in long form, save and load.
    @Test func alsInAScript() throws {
        let dir = NSTemporaryDirectory() + "dataflow-als-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = runScript("""
        als = ALS(userCol: "userId", itemCol: "movieId", ratingCol: "rating", rank: 2, maxIter: 5, seed: 3)
        model = als.fit(ratings)
        print(model.rank, model.userFactors.count(), model.itemFactors.count(), model.userFactors.columns)
        recs = model.recommendForAllUsers(2)
        print(recs.columns, recs.count())
        print(model.recommendForUserSubset(ratings.filter(userId == 2), 3).count())
        print(model.transform(ratings).columns)
        model.save("\(dir)")
        again = ALSModel.load("\(dir)")
        print(again.recommendForAllItems(1).count())
        """)
        #expect(r.error == nil, "\(String(describing: r.error))")
        #expect(r.output == """
        2 3 3 ["id", "features"]
        ["userId", "rank", "movieId", "rating"] 6
        3
        ["userId", "movieId", "rating", "prediction"]
        3

        """)
        #expect(errorText("m = ALS(userCol: \"userId\", itemCol: \"movieId\", rank: 0).fit(ratings)").contains("ALS: rank must be >= 1 (got 0)"))
    }
}
