import DataFlow
import DataFlowColumnar
import DataFlowML
import Foundation
import Testing

/// NaiveBayes against Spark MLlib's fitted pi/theta/sigma and predictions (closed-form estimates:
/// 1e-10 relative) and scikit-learn's GaussianNB / MultinomialNB / ComplementNB.
@Suite struct NaiveBayesTests {
    let session = Session(threads: 2)

    @Test func matchesSpark() throws {
        var checked = 0
        for c in try LinearFixtures.spark("naiveBayes") {
            let name = try #require(c["data"] as? String)
            let data = try LinearFixtures.data(name, binary: c["binary"] as? Bool ?? false)
            var nb = NaiveBayes(smoothing: try #require(c["smoothing"] as? Double), modelType: try #require(c["modelType"] as? String))
            if c["weighted"] as? Bool == true { nb.weightCol = "weight" }
            let df = LinearFixtures.frame(session, data)
            let model = try nb.fit(df)
            let label = "\(name) \(nb.modelType) weighted \(nb.weightCol != nil)"
            #expect(LinearFixtures.relativeError(model.pi.toArray(), try #require(c["pi"] as? [Double])) < 1e-10, "\(label)")
            var theta = model.theta
            if let columns = c["thetaColumns"] as? [Int] { theta = theta.map { row in columns.map { row[$0] } } }
            let expectedTheta = try #require(c["theta"] as? [[Double]])
            #expect(LinearFixtures.relativeError(theta.flatMap { $0 }, expectedTheta.flatMap { $0 }) < 1e-10, "\(label)")
            if let sigma = c["sigma"] as? [[Double]] {
                #expect(LinearFixtures.relativeError(model.sigma.flatMap { $0 }, sigma.flatMap { $0 }) < 1e-10, "\(label)")
            }
            let out = try model.transform(df)
            #expect(try LinearFixtures.doubles(out, "prediction") == (try #require(c["predictions"] as? [Double])), "\(label)")
            let first = try #require(c["first5"] as? [[String: Any]])
            let raw = try LinearFixtures.vectors(out.limit(5), "rawPrediction")
            let probability = try LinearFixtures.vectors(out.limit(5), "probability")
            for (i, row) in first.enumerated() {
                #expect(LinearFixtures.relativeError(raw[i], try #require(row["rawPrediction"] as? [Double])) < 1e-10, "\(label) row \(i)")
                let p = try #require(row["probability"] as? [Double])
                #expect(zip(probability[i], p).allSatisfy { abs($0 - $1) < 1e-12 }, "\(label) row \(i)")
            }
            checked += 1
        }
        #expect(checked == 7)
    }

    @Test func matchesScikitLearn() throws {
        let ref = try LinearFixtures.json("sklearn_reference.json")
        let df = LinearFixtures.frame(session, try LinearFixtures.csv("iris.csv"))
        let gaussian = try NaiveBayes(modelType: "gaussian").fit(df)
        let g = try #require(ref["iris_gaussian_nb"] as? [String: Any])
        #expect(LinearFixtures.relativeError(gaussian.theta.flatMap { $0 }, try #require(g["theta"] as? [[Double]]).flatMap { $0 }) < 1e-12)
        #expect(LinearFixtures.relativeError(gaussian.sigma.flatMap { $0 }, try #require(g["sigma"] as? [[Double]]).flatMap { $0 }) < 1e-10)
        #expect(LinearFixtures.relativeError(gaussian.pi.toArray(), try #require(g["pi"] as? [Double])) < 1e-12)
        let probability = try LinearFixtures.vectors(gaussian.transform(df).limit(5), "probability")
        let expected = try #require(g["proba_first5"] as? [[Double]])
        for i in 0..<5 { #expect(zip(probability[i], expected[i]).allSatisfy { abs($0 - $1) < 1e-10 }) }
        let multinomial = try NaiveBayes().fit(df)
        let m = try #require(ref["iris_multinomial_nb"] as? [String: Any])
        #expect(LinearFixtures.relativeError(multinomial.theta.flatMap { $0 }, try #require(m["theta"] as? [[Double]]).flatMap { $0 }) < 1e-12)
        let complement = try NaiveBayes(modelType: "complement").fit(df)
        let c = try #require(ref["iris_complement_nb"] as? [String: Any])
        #expect(LinearFixtures.relativeError(complement.theta.flatMap { $0 }, try #require(c["theta"] as? [[Double]]).flatMap { $0 }) < 1e-12)
    }

    @Test func saveLoadAndErrors() throws {
        let df = LinearFixtures.frame(session, try LinearFixtures.csv("iris.csv"))
        for type in ["multinomial", "gaussian"] {
            let model = try NaiveBayes(modelType: type).fit(df)
            let path = LinearFixtures.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: path) }
            try model.save(path)
            let loaded = try NaiveBayesModel.load(path)
            #expect(loaded.modelType == type && loaded.theta == model.theta && loaded.sigma == model.sigma && loaded.pi == model.pi)
            #expect(try LinearFixtures.vectors(loaded.transform(df), "probability") == LinearFixtures.vectors(model.transform(df), "probability"))
        }
        let negative = LinearFixtures.frame(session, LinearFixtures.Data(n: 2, d: 2, x: [1, -1, 0, 2], y: [0, 1]))
        let err = #expect(throws: DataFlowError.self) { try NaiveBayes().fit(negative) }
        #expect(err?.message.contains("must be nonnegative") == true)
        let notBinary = LinearFixtures.frame(session, LinearFixtures.Data(n: 2, d: 2, x: [1, 0, 0, 2], y: [0, 1]))
        let bernoulli = #expect(throws: DataFlowError.self) { try NaiveBayes(modelType: "bernoulli").fit(notBinary) }
        #expect(bernoulli?.message.contains("must be 0 or 1") == true)
        let typeErr = #expect(throws: DataFlowError.self) { try NaiveBayes(modelType: "poisson").fit(negative) }
        #expect(typeErr?.errorClass == "ML_INVALID_PARAM")
    }
}
