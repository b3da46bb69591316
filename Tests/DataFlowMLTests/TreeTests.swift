import DataFlow
import DataFlowML
import Foundation
import Testing

/// Decision trees and random forests against Spark 4.3 and scikit-learn (Fixtures/trees-clustering).
@Suite struct TreeTests {
    let session = Session(threads: 2)

    struct DTCase: Sendable, CustomStringConvertible {
        var key: String
        var file: String
        var classification: Bool
        var maxDepth: Int
        var impurity: String
        var minInstancesPerNode = 1
        var description: String { key }
    }

    static let dtCases: [DTCase] = [
        DTCase(key: "dt_classifier_iris_gini_depth5", file: "iris.csv", classification: true, maxDepth: 5, impurity: "gini"),
        DTCase(key: "dt_classifier_iris_entropy_depth3", file: "iris.csv", classification: true, maxDepth: 3, impurity: "entropy"),
        DTCase(key: "dt_classifier_wine_gini_depth4", file: "wine.csv", classification: true, maxDepth: 4, impurity: "gini"),
        DTCase(key: "dt_regressor_diabetes_depth4", file: "diabetes.csv", classification: false, maxDepth: 4, impurity: "variance"),
        DTCase(key: "dt_regressor_diabetes_depth3_mininst20", file: "diabetes.csv", classification: false, maxDepth: 3,
               impurity: "variance", minInstancesPerNode: 20),
    ]

    /// On these small data sets every distinct value is a candidate split (≤ maxBins−1 midpoints) or the
    /// quantile cut is deterministic, so the tree must be Spark's exactly: same splits and thresholds
    /// (compared as Spark's `toDebugString` text), same predictions; probabilities and importances within 1e-12.
    @Test(arguments: dtCases) func decisionTreeMatchesSpark(_ c: DTCase) throws {
        let data = try TCFixtures.load(c.file)
        let ref = try #require(TCFixtures.spark[c.key] as? [String: Any])
        let df = TCFixtures.frame(session, data)
        let lines: [String], depth: Int, numNodes: Int, importances: [Double], out: DataFrame
        if c.classification {
            var dt = DecisionTreeClassifier(maxDepth: c.maxDepth, impurity: c.impurity)
            dt.minInstancesPerNode = c.minInstancesPerNode
            let m = try dt.fit(df)
            lines = Array(m.toDebugString.split(separator: "\n").dropFirst().map(String.init))
            (depth, numNodes, importances, out) = (m.depth, m.numNodes, m.featureImportances.toArray(), try m.transform(df))
            let prob = try TCFixtures.vectors(out, "probability")
            let raw = try TCFixtures.vectors(out, "rawPrediction")
            let sparkProb = try #require(ref["probability"] as? [[Double]])
            let sparkRaw = try #require(ref["rawPrediction"] as? [[Double]])
            #expect(zip(prob, sparkProb).allSatisfy { maxAbsDiff($0, $1) < 1e-12 })
            #expect(zip(raw, sparkRaw).allSatisfy { maxAbsDiff($0, $1) < 1e-9 })
        } else {
            var dt = DecisionTreeRegressor(maxDepth: c.maxDepth)
            dt.minInstancesPerNode = c.minInstancesPerNode
            let m = try dt.fit(df)
            lines = Array(m.toDebugString.split(separator: "\n").dropFirst().map(String.init))
            (depth, numNodes, importances, out) = (m.depth, m.numNodes, m.featureImportances.toArray(), try m.transform(df))
        }
        #expect(lines == (ref["tree"] as? [String]))
        #expect(depth == ref["depth"] as? Int)
        #expect(numNodes == ref["numNodes"] as? Int)
        #expect(maxAbsDiff(importances, try #require(ref["featureImportances"] as? [Double])) < 1e-12)
        let predictions = try TCFixtures.doubles(out, "prediction")
        #expect(maxAbsDiff(predictions, try #require(ref["prediction"] as? [Double])) < 1e-9)
    }

    /// Forests are random: 20 trees, 5 seeds, test accuracy averaged over seeds. Spark's and scikit-learn's
    /// averages (same split, maxDepth 5, sqrt features) bound ours: it must be within 0.03 of the lower one.
    @Test(arguments: [("breast_cancer10", "breast_cancer10.csv"), ("wine", "wine.csv"), ("iris", "iris.csv")])
    func randomForestClassifierAccuracy(_ name: String, _ file: String) throws {
        let (train, test) = try TCFixtures.load(file).split()
        let trainDF = TCFixtures.frame(session, train), testDF = TCFixtures.frame(session, test)
        var accuracies: [Double] = []
        for seed in 0..<5 {
            let m = try RandomForestClassifier(numTrees: 20, seed: Int64(seed)).fit(trainDF)
            #expect(m.trees.count == 20)
            let p = try TCFixtures.doubles(m.transform(testDF), "prediction")
            accuracies.append(Double(zip(p, test.y).filter { $0 == $1 }.count) / Double(test.n))
        }
        let spark = mean(try #require(TCFixtures.spark["rf_classifier_\(name)_test_accuracy"] as? [Double]))
        let sk = mean(try #require(TCFixtures.sklearn["rf_classifier_\(name)_test_accuracy"] as? [Double]))
        #expect(mean(accuracies) >= min(spark, sk) - 0.03, "ours \(accuracies), Spark \(spark), sklearn \(sk)")
    }

    /// Diabetes regression, 20 trees, 5 seeds: mean test RMSE within 5% of Spark's mean (Spark 58.75,
    /// scikit-learn 59.65; seeds alone move a run by ±2).
    @Test func randomForestRegressorRMSE() throws {
        let (train, test) = try TCFixtures.load("diabetes.csv").split()
        let trainDF = TCFixtures.frame(session, train), testDF = TCFixtures.frame(session, test)
        var rmses: [Double] = []
        for seed in 0..<5 {
            let p = try TCFixtures.doubles(RandomForestRegressor(numTrees: 20, seed: Int64(seed)).fit(trainDF).transform(testDF), "prediction")
            rmses.append((zip(p, test.y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(test.n)).squareRoot())
        }
        let spark = mean(try #require(TCFixtures.spark["rf_regressor_diabetes_test_rmse"] as? [Double]))
        #expect(abs(mean(rmses) - spark) / spark < 0.05, "ours \(rmses), Spark mean \(spark)")
    }

    /// Same seed, same forest, whatever the thread count; another seed gives another forest.
    @Test func forestIsDeterministic() throws {
        let data = try TCFixtures.load("wine.csv")
        let one = try RandomForestClassifier(numTrees: 8, seed: 3).fit(TCFixtures.frame(Session(threads: 1), data))
        let two = try RandomForestClassifier(numTrees: 8, seed: 3).fit(TCFixtures.frame(session, data))
        let other = try RandomForestClassifier(numTrees: 8, seed: 4).fit(TCFixtures.frame(session, data))
        #expect(one.trees == two.trees)
        #expect(one.trees != other.trees)
        let imp = one.featureImportances.toArray()
        #expect(abs(imp.reduce(0, +) - 1) < 1e-12 && imp.allSatisfy { $0 >= 0 })
    }

    /// Every Spark strategy fits; "1" feature per node with bootstrap off and one tree equals … a tree whose
    /// root split feature varies with the seed; an unknown strategy or a fraction above 1 fails at fit.
    @Test func featureSubsetStrategies() throws {
        let df = TCFixtures.frame(session, try TCFixtures.load("diabetes.csv"))
        for s in ["auto", "all", "onethird", "sqrt", "log2", "3", "0.5", "20"] {
            var rf = RandomForestRegressor(numTrees: 2, maxDepth: 2, seed: 1)
            rf.featureSubsetStrategy = s
            #expect(try rf.fit(df).trees.count == 2, "\(s)")
        }
        var roots = Set<Int>()
        for seed in 0..<12 {
            var rf = RandomForestRegressor(numTrees: 1, maxDepth: 1, seed: Int64(seed))
            rf.featureSubsetStrategy = "1"
            rf.bootstrap = false
            roots.insert(try rf.fit(df).trees[0].nodes[0].feature)
        }
        // With all features the root always splits on feature 8 (s5) or 2 (bmi); one random feature varies.
        #expect(roots.count >= 4)
        for bad in ["half", "1.5", "0", "-2"] {
            var rf = RandomForestRegressor()
            rf.featureSubsetStrategy = bad
            let err = #expect(throws: DataFlowError.self) { try rf.fit(df) }
            #expect(err?.message.contains("featureSubsetStrategy") == true)
        }
    }

    @Test func invalidParamsAndLabels() throws {
        let iris = TCFixtures.frame(session, try TCFixtures.load("iris.csv"))
        var dt = DecisionTreeClassifier()
        dt.maxDepth = 31
        let depth = #expect(throws: DataFlowError.self) { try dt.fit(iris) }
        #expect(depth?.message == "DecisionTreeClassifier: maxDepth must be in [0, 30] (got 31)")
        #expect(throws: DataFlowError.self) { try DecisionTreeClassifier(impurity: "variance").fit(iris) }
        let diabetes = TCFixtures.frame(session, try TCFixtures.load("diabetes.csv").split().test)
        // Regression targets are not class indices once halved.
        let halved = try diabetes.withColumn("label", col("label") / 2.5)
        let label = #expect(throws: DataFlowError.self) { try DecisionTreeClassifier().fit(halved) }
        #expect(label?.message.contains("class indices") == true)
        let missing = #expect(throws: DataFlowError.self) { try DecisionTreeRegressor(featuresCol: "nope").fit(diabetes) }
        #expect(missing?.message.contains("'nope' does not exist") == true)
    }

    /// maxDepth 0 is a single leaf predicting the majority class; a constant label gives a single leaf too.
    @Test func degenerateTrees() throws {
        let iris = try TCFixtures.load("iris.csv")
        let leaf = try DecisionTreeClassifier(maxDepth: 0).fit(TCFixtures.frame(session, iris))
        #expect(leaf.numNodes == 1 && leaf.depth == 0)
        let third: Double = 1.0 / 3
        let probability: [Double] = leaf.predictProbability(.dense(iris.row(0))).toArray()
        #expect(probability == [third, third, third])
        var same = iris
        same.y = same.y.map { _ in 1 }
        let pure = try DecisionTreeClassifier().fit(TCFixtures.frame(session, same))
        #expect(pure.numNodes == 1 && pure.predict(.dense(iris.row(0))) == 1 && pure.numClasses == 2)
    }

    /// A row of weight 2 counts as two copies of it: the weighted tree equals the tree of the data with those
    /// rows duplicated (same splits, predictions and importances), for gini and variance.
    @Test func weightsActAsCopies() throws {
        for (file, classify) in [("iris.csv", true), ("diabetes.csv", false)] {
            let data = try TCFixtures.load(file)
            var doubled = data
            for i in 0..<data.n where i % 3 == 0 {
                doubled.n += 1
                doubled.x += data.row(i)
                doubled.y.append(data.y[i])
            }
            let weights = (0..<data.n).map { $0 % 3 == 0 ? 2.0 : 1.0 }
            let weighted = TCFixtures.frame(session, data, weights: weights)
            if classify {
                var a = DecisionTreeClassifier(maxDepth: 4)
                a.weightCol = "w"
                let ma = try a.fit(weighted)
                let mb = try DecisionTreeClassifier(maxDepth: 4).fit(TCFixtures.frame(session, doubled))
                #expect(ma.tree.debugLines() == mb.tree.debugLines())
                #expect(maxAbsDiff(ma.featureImportances.toArray(), mb.featureImportances.toArray()) < 1e-12)
            } else {
                var a = DecisionTreeRegressor(maxDepth: 4)
                a.weightCol = "w"
                let ma = try a.fit(weighted)
                let mb = try DecisionTreeRegressor(maxDepth: 4).fit(TCFixtures.frame(session, doubled))
                #expect(ma.tree.nodes.map(\.feature) == mb.tree.nodes.map(\.feature))
                #expect(ma.tree.nodes.map(\.threshold) == mb.tree.nodes.map(\.threshold))
                #expect(maxAbsDiff(ma.tree.nodes.map(\.prediction), mb.tree.nodes.map(\.prediction)) < 1e-9)
            }
        }
    }

    @Test func saveLoadRoundTrip() throws {
        let iris = TCFixtures.frame(session, try TCFixtures.load("iris.csv"))
        let diabetes = TCFixtures.frame(session, try TCFixtures.load("diabetes.csv"))
        let dir = TCFixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let dtc = try DecisionTreeClassifier(maxDepth: 4).fit(iris)
        try dtc.save(dir + "/dtc")
        let dtc2 = try DecisionTreeClassificationModel.load(dir + "/dtc")
        #expect(dtc2.tree == dtc.tree && dtc2.maxDepth == 4 && dtc2.uid == dtc.uid)
        #expect(try TCFixtures.vectors(dtc2.transform(iris), "probability") == TCFixtures.vectors(dtc.transform(iris), "probability"))

        let dtr = try DecisionTreeRegressor(maxDepth: 3).fit(diabetes)
        try dtr.save(dir + "/dtr")
        let dtr2 = try #require(try ML.load(dir + "/dtr") as? DecisionTreeRegressionModel)
        #expect(dtr2.tree == dtr.tree)

        var rfc = RandomForestClassifier(numTrees: 5, seed: 9)
        rfc.featureSubsetStrategy = "all"
        let rfcm = try rfc.fit(iris)
        try rfcm.save(dir + "/rfc")
        let rfc2 = try RandomForestClassificationModel.load(dir + "/rfc")
        #expect(rfc2.trees == rfcm.trees && rfc2.featureSubsetStrategy == "all" && rfc2.numClasses == 3)
        #expect(try TCFixtures.doubles(rfc2.transform(iris), "prediction") == TCFixtures.doubles(rfcm.transform(iris), "prediction"))

        let rfr = try RandomForestRegressor(numTrees: 4, seed: 2).fit(diabetes)
        try rfr.save(dir + "/rfr")
        let rfr2 = try RandomForestRegressionModel.load(dir + "/rfr")
        #expect(rfr2.trees == rfr.trees)
        #expect(try TCFixtures.doubles(rfr2.transform(diabetes), "prediction") == TCFixtures.doubles(rfr.transform(diabetes), "prediction"))

        // An estimator saves its params and loads back.
        try RandomForestClassifier(numTrees: 7).save(dir + "/est")
        #expect(try RandomForestClassifier.load(dir + "/est").numTrees == 7)

        // A tampered tree (a child link pointing backwards) is refused, not followed.
        let file = dir + "/dtc/data/trees.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"left\":1,", with: "\"left\":0,").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: DataFlowError.self) { try DecisionTreeClassificationModel.load(dir + "/dtc") }
    }

    @Test func registeredForScripts() {
        for name in ["DecisionTreeClassifier", "DecisionTreeClassificationModel", "DecisionTreeRegressor", "DecisionTreeRegressionModel",
                     "RandomForestClassifier", "RandomForestClassificationModel", "RandomForestRegressor", "RandomForestRegressionModel",
                     "KMeans", "KMeansModel", "GaussianMixture", "GaussianMixtureModel", "ClusteringEvaluator"] {
            #expect(StageRegistry.type(named: name) != nil, "\(name)")
        }
        #expect(RandomForestClassifier().get("numTrees") == 20)
        #expect(RandomForestClassifier().get("featureSubsetStrategy") == "auto")
        #expect(DecisionTreeRegressor().get("impurity") == "variance")
    }
}
