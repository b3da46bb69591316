import DataFlow
import DataFlowColumnar
import DataFlowML
import Foundation
import Testing

/// Indexers, encoders, scalers, bucketing and imputing, compared with Spark 4's answers
/// (Fixtures/features/*.json, from Scripts/fixtures/make_spark_feature_fixtures.py) or hand-computed ones.
@Suite struct FeatureTests {
    let session = Session(threads: 2)

    func strings(_ name: String, _ values: [String?]) throws -> DataFrame {
        try session.createDataFrame(values.map { [$0.map { .string($0) } ?? .null] }, schema: Schema([Field(name, .string)]))
    }

    func doubles(_ cols: [(String, [Double?])]) throws -> DataFrame {
        let n = cols[0].1.count
        return try session.createDataFrame((0..<n).map { i in cols.map { $0.1[i].map { .double($0) } ?? .null } },
                                           schema: Schema(cols.map { Field($0.0, .float64) }))
    }

    func vectorFrame(_ rows: [Vector]) throws -> DataFrame {
        let batch = RecordBatch(schema: Schema([Field("v", rows.contains { $0.isSparse } ? VectorColumn.sparseType : VectorColumn.denseType)]),
                                columns: [VectorColumn.make(rows)], rowCount: rows.count)
        return session.createDataFrame([batch], schema: batch.schema)
    }

    // MARK: StringIndexer

    @Test func stringIndexerOrdersMatchSpark() throws {
        let fx = try SparkFixture.load("string_indexer")
        let input = try #require(fx["input"] as? [String: Any])
        let c = SparkFixture.strings(input["c"]), n = SparkFixture.doubles(input["n"]), ints = SparkFixture.ints(input["i"])
        let df = try session.createDataFrame((0..<c.count).map { [.string(c[$0]), .double(n[$0]), .int32(Int32(ints[$0]))] },
                                             schema: Schema([Field("c", .string), Field("n", .float64), Field("i", .int32)]))
        for order in ["frequencyDesc", "frequencyAsc", "alphabetDesc", "alphabetAsc"] {
            let m = try StringIndexer(inputCols: ["c", "n", "i"], outputCols: ["ci", "ni", "ii"], stringOrderType: order).fit(df)
            let expected = try #require(fx[order] as? [[String]])
            #expect(m.labelsArray == expected, "\(order)")
        }
        let m = try StringIndexer(inputCol: "c", outputCol: "ci").fit(df)
        #expect(m.labels == ["a", "b", "c", "e", "d"])
        #expect(try collectDoubles(m.transform(df), "ci") == SparkFixture.nums(fx["transformed"]))
    }

    @Test func stringIndexerHandleInvalid() throws {
        let train = try strings("g", ["x", "y", "y", nil])
        let test = try strings("g", ["x", "zz", nil, "y"])
        let m = try StringIndexer(inputCol: "g", outputCol: "gi").fit(train)
        #expect(m.labels == ["y", "x"])   // nulls are not labels
        let unseen = #expect(throws: DataFlowError.self) { try m.transform(test).collect() }
        #expect(unseen?.message.contains("unseen label 'zz' in column 'g'") == true)
        var keep = m
        keep.handleInvalid = "keep"
        #expect(try collectDoubles(keep.transform(test), "gi") == [1, 2, 2, 0])
        var skip = m
        skip.handleInvalid = "skip"
        let kept = try skip.transform(test)
        #expect(try kept.select("g").collect().map { $0.string(0) } == ["x", "y"])
        let nullError = #expect(throws: DataFlowError.self) { try m.transform(strings("g", [nil])).collect() }
        #expect(nullError?.message.contains("NULL value in column 'g'") == true)

        let missing = #expect(throws: DataFlowError.self) { try StringIndexer(inputCol: "nope", outputCol: "o").fit(train) }
        #expect(missing?.errorClass == "ML_INVALID_COLUMN")
        #expect(missing?.message.contains("inputCol 'nope' does not exist") == true)
        let badOrder = #expect(throws: DataFlowError.self) {
            try StringIndexer(inputCol: "g", outputCol: "o", stringOrderType: "byColor").fit(train)
        }
        #expect(badOrder?.errorClass == "ML_INVALID_PARAM")
        #expect(badOrder?.message.contains("stringOrderType must be one of \"frequencyDesc\"") == true)
        var both = StringIndexer(inputCol: "g", outputCol: "o")
        both.inputCols = ["g"]
        let bothError = #expect(throws: DataFlowError.self) { try both.fit(train) }
        #expect(bothError?.message.contains("inputCol and inputCols cannot both be set") == true)
        let boolean = try session.createDataFrame([[.bool(true)]], schema: Schema([Field("b", .boolean)]))
        let typeError = #expect(throws: DataFlowError.self) { try StringIndexer(inputCol: "b", outputCol: "o").fit(boolean) }
        #expect(typeError?.message.contains("must be a string or numeric column") == true)
    }

    /// A dictionary-encoded string column (as Parquet gives) is indexed through its dictionary.
    @Test func stringIndexerOnDictionaryColumn() throws {
        let m = try StringIndexer(inputCol: "g", outputCol: "gi", handleInvalid: "keep").fit(strings("g", ["x", "y", "y"]))
        let codes = DataFlowColumnar.Column.int32([1, 0, 2, 1, 0])
        let encoded = DataFlowColumnar.Column(type: .string, count: 5, values: codes.values,
                                              validity: DataFlowColumnar.Column.int32([1, 1, 1, 1, nil]).validity,
                                              dictionary: DictionaryBox(.string(["x", "y", "zz"])))
        let batch = RecordBatch(schema: Schema([Field("g", .string)]), columns: [encoded], rowCount: 5)
        let df = session.createDataFrame([batch], schema: batch.schema)
        #expect(try collectDoubles(m.transform(df), "gi") == [0, 1, 2, 0, 2])
        var strict = m
        strict.handleInvalid = "error"
        let err = #expect(throws: DataFlowError.self) { try strict.transform(df).collect() }
        #expect(err?.message.contains("unseen label 'zz'") == true)
    }

    @Test func indexToStringInvertsTheIndexer() throws {
        let df = try strings("g", ["b", "a", "b", "c", "b", "a"])
        let m = try StringIndexer(inputCol: "g", outputCol: "gi").fit(df)
        let back = try IndexToString(inputCol: "gi", outputCol: "g2", model: m).transform(m.transform(df))
        #expect(try back.select("g2").collect().map { $0.string(0) } == ["b", "a", "b", "c", "b", "a"])
        let bad = try doubles([("i", [0, 7])])
        let err = #expect(throws: DataFlowError.self) {
            try IndexToString(inputCol: "i", outputCol: "s", labels: ["p", "q"]).transform(bad).collect()
        }
        #expect(err?.message.contains("unseen index 7.0") == true)
        let noLabels = #expect(throws: DataFlowError.self) { try IndexToString(inputCol: "i", outputCol: "s", labels: []).transform(bad) }
        #expect(noLabels?.message == "IndexToString: labels must not be empty (got [])")
    }

    // MARK: OneHotEncoder

    @Test func oneHotEncoderMatchesSpark() throws {
        let fx = try SparkFixture.load("one_hot")
        let df = try doubles([("x", [0, 1, 2, 0]), ("y", [2, 0, 1, 2])])
        for dropLast in [true, false] {
            for invalid in ["error", "keep"] {
                let expected = try #require(fx["\(dropLast ? "True" : "False")_\(invalid)"] as? [String: Any])
                let m = try OneHotEncoder(inputCols: ["x", "y"], outputCols: ["xo", "yo"], dropLast: dropLast, handleInvalid: invalid).fit(df)
                #expect(m.categorySizes == SparkFixture.ints(expected["categorySizes"]))
                let out = try m.transform(df)
                #expect(try out.schema.fields.last?.type == VectorColumn.sparseType)
                #expect(try collectVectors(out, "xo") == SparkFixture.vectors(expected["x"]), "dropLast \(dropLast) \(invalid)")
                #expect(try collectVectors(out, "yo") == SparkFixture.vectors(expected["y"]))
            }
        }
        // Unseen and negative values: an error, or the extra (dropped) slot with "keep".
        let m = try OneHotEncoder(inputCol: "x", outputCol: "xo").fit(df)
        let unseen = try doubles([("x", [5, -1, 1])])
        let err = #expect(throws: DataFlowError.self) { try m.transform(unseen).collect() }
        #expect(err?.message.contains("unseen value 5.0 in column 'x'") == true)
        var keep = m
        keep.handleInvalid = "keep"
        #expect(try collectVectors(keep.transform(unseen), "xo") == [
            .sparse(size: 3, indices: [], values: []), .sparse(size: 3, indices: [], values: []), .sparse(size: 3, indices: [1], values: [1]),
        ])
        let notIndex = #expect(throws: DataFlowError.self) { try OneHotEncoder(inputCol: "x", outputCol: "o").fit(doubles([("x", [0, 1.5])])) }
        #expect(notIndex?.message.contains("must be indices (non-negative integers), but got 1.5") == true)
        let badMode = #expect(throws: DataFlowError.self) { try OneHotEncoder(inputCol: "x", outputCol: "o", handleInvalid: "skip").fit(df) }
        #expect(badMode?.message == "OneHotEncoder: handleInvalid must be one of \"error\", \"keep\" (got \"skip\")")
    }

    // MARK: Scalers

    @Test func scalersMatchSpark() throws {
        let fx = try SparkFixture.load("scalers")
        let rows = try #require(fx["input"] as? [Any]).map { Vector.dense(SparkFixture.doubles($0)) }
        let df = try vectorFrame(rows)
        for withMean in [false, true] {
            for withStd in [false, true] {
                let m = try StandardScaler(inputCol: "v", outputCol: "o", withMean: withMean, withStd: withStd).fit(df)
                #expect(closeAll(m.mean, SparkFixture.nums(fx["mean"])))
                #expect(closeAll(m.std, SparkFixture.nums(fx["std"])))
                #expect(closeAll(try collectVectors(m.transform(df), "o"), SparkFixture.vectors(fx["standard_\(withMean ? "True" : "False")_\(withStd ? "True" : "False")"])),
                        "withMean \(withMean) withStd \(withStd)")
            }
        }
        let mm = try MinMaxScaler(inputCol: "v", outputCol: "o").fit(df)
        #expect(mm.originalMin == SparkFixture.doubles(fx["originalMin"]) && mm.originalMax == SparkFixture.doubles(fx["originalMax"]))
        #expect(closeAll(try collectVectors(mm.transform(df), "o"), SparkFixture.vectors(fx["minmax"])))
        let mm2 = try MinMaxScaler(inputCol: "v", outputCol: "o", min: -1, max: 3).fit(df)
        #expect(closeAll(try collectVectors(mm2.transform(df), "o"), SparkFixture.vectors(fx["minmax_m1_3"])))
        let ma = try MaxAbsScaler(inputCol: "v", outputCol: "o").fit(df)
        #expect(ma.maxAbs == SparkFixture.doubles(fx["maxAbs"]))
        #expect(closeAll(try collectVectors(ma.transform(df), "o"), SparkFixture.vectors(fx["maxabs"])))
        for (p, key) in [(1.0, "1.0"), (2.0, "2.0"), (3.0, "3.0"), (Double.infinity, "inf")] {
            let out = try Normalizer(inputCol: "v", outputCol: "o", p: p).transform(df)
            #expect(closeAll(try collectVectors(out, "o"), SparkFixture.vectors(fx["normalizer_\(key)"])), "p \(p)")
        }
        let badRange = #expect(throws: DataFlowError.self) { try MinMaxScaler(inputCol: "v", outputCol: "o", min: 2, max: 1).fit(df) }
        #expect(badRange?.errorClass == "ML_INVALID_PARAM")
        let badP = #expect(throws: DataFlowError.self) { try Normalizer(inputCol: "v", outputCol: "o", p: 0.5).transform(df) }
        #expect(badP?.message == "Normalizer: p must be >= 1 (got 0.5)")
        let notVector = #expect(throws: DataFlowError.self) { try StandardScaler(inputCol: "x", outputCol: "o").fit(doubles([("x", [1])])) }
        #expect(notVector?.message.contains("inputCol 'x' must be a vector column") == true)
    }

    /// Sparse input stays sparse without centering; implicit zeros count in the statistics.
    @Test func scalersOnSparseVectors() throws {
        let df = try vectorFrame([.sparse(size: 3, indices: [0], values: [2]), .sparse(size: 3, indices: [1], values: [4]),
                                  .sparse(size: 3, indices: [0, 2], values: [4, 1])])
        let m = try StandardScaler(inputCol: "v", outputCol: "o").fit(df)
        // Column 0 is (2, 0, 4): mean 2, sample std 2; column 1 (0, 4, 0): std sqrt(16/3); column 2 (0, 0, 1): std sqrt(1/3).
        #expect(closeAll(m.mean, [2, 4.0 / 3, 1.0 / 3]))
        #expect(closeAll(m.std, [2, (16.0 / 3).squareRoot(), (1.0 / 3).squareRoot()]))
        let out = try m.transform(df)
        #expect(try out.schema.fields.last?.type == VectorColumn.sparseType)
        let v = try collectVectors(out, "o")
        #expect(close(v[0], .sparse(size: 3, indices: [0], values: [1])))
        #expect(close(v[2], .sparse(size: 3, indices: [0, 2], values: [2, 1 / (1.0 / 3).squareRoot()])))
        let centered = try StandardScaler(inputCol: "v", outputCol: "o", withMean: true, withStd: false).fit(df).transform(df)
        #expect(try collectVectors(centered, "o")[1] == .dense([-2, 4 - 4.0 / 3, -1.0 / 3]))
        let mm = try MinMaxScaler(inputCol: "v", outputCol: "o").fit(df)
        #expect(mm.originalMin == [0, 0, 0] && mm.originalMax == [4, 4, 1])
    }

    // MARK: Bucketizer and QuantileDiscretizer

    @Test func bucketizer() throws {
        let df = try doubles([("x", [-5, 0, 5, 10, 20, .nan, nil]), ("y", [0, 0.5, 1, 1, 1, 0, 0])])
        let splits = [-Double.infinity, 0, 10, .infinity]
        let keep = try Bucketizer(splits: splits, inputCol: "x", outputCol: "b", handleInvalid: "keep").transform(df)
        #expect(try collectDoubles(keep, "b") == [0, 1, 1, 2, 2, 3, nil])
        let skip = try Bucketizer(splits: splits, inputCol: "x", outputCol: "b", handleInvalid: "skip").transform(df)
        #expect(try collectDoubles(skip, "b") == [0, 1, 1, 2, 2])
        let nanError = #expect(throws: DataFlowError.self) { try Bucketizer(splits: splits, inputCol: "x", outputCol: "b").transform(df).collect() }
        #expect(nanError?.message.contains("encountered NaN value in column 'x'") == true)
        let bounded = #expect(throws: DataFlowError.self) {
            try Bucketizer(splits: [0, 1, 10], inputCol: "x", outputCol: "b", handleInvalid: "keep").transform(df).collect()
        }
        #expect(bounded?.message.contains("feature value -5.0 in column 'x' is out of the bounds [0.0, 10.0]") == true)
        // The last bucket includes its upper split.
        let multi = try Bucketizer(splitsArray: [[0, 10, 20], [0, 0.5, 1]], inputCols: ["x", "y"], outputCols: ["bx", "by"], handleInvalid: "skip")
            .transform(df.filter(col("x") >= 0))
        #expect(try collectDoubles(multi, "bx") == [0, 0, 1, 1])
        #expect(try collectDoubles(multi, "by") == [1, 1, 1, 1])
        let bad = #expect(throws: DataFlowError.self) { try Bucketizer(splits: [0, 0, 1], inputCol: "x", outputCol: "b").transform(df) }
        #expect(bad?.errorClass == "ML_INVALID_PARAM")
        #expect(bad?.message.contains("splits must be strictly increasing") == true)
        let short = #expect(throws: DataFlowError.self) { try Bucketizer(splits: [0, 1], inputCol: "x", outputCol: "b").transform(df) }
        #expect(short?.message.contains("at least 3 split points") == true)
    }

    @Test func quantileDiscretizerMatchesSpark() throws {
        let fx = try SparkFixture.load("quantile")
        let xs = SparkFixture.doubles(fx["input"])
        let df = try doubles([("x", xs)])
        for nb in [2, 3, 4, 7, 10] {
            let b = try QuantileDiscretizer(inputCol: "x", outputCol: "b", numBuckets: nb, handleInvalid: "keep").fit(df)
            #expect(b.splits == SparkFixture.doubles(fx["splits_\(nb)"]), "numBuckets \(nb)")
        }
        let sorted = xs.filter { !$0.isNaN }.sorted()
        let probs = SparkFixture.doubles(fx["probs"])
        #expect(Quantiles.query(sorted: sorted, probs, relativeError: 0.001) == SparkFixture.doubles(fx["approx_0.001"]))
        #expect(Quantiles.query(sorted: sorted, probs, relativeError: 0) == SparkFixture.doubles(fx["approx_0"]))
        // The fitted Bucketizer bins by those splits; NaN goes to the extra bucket with "keep".
        let b = try QuantileDiscretizer(inputCol: "x", outputCol: "b", numBuckets: 4, handleInvalid: "keep").fit(df)
        let counts = Dictionary(grouping: try collectDoubles(b.transform(df), "b").compactMap { $0 }, by: { $0 }).mapValues(\.count)
        #expect(counts == [0: 10, 1: 14, 2: 11, 3: 15, 4: 1])
        let few = #expect(throws: DataFlowError.self) { try QuantileDiscretizer(inputCol: "x", outputCol: "b", numBuckets: 1).fit(df) }
        #expect(few?.message == "QuantileDiscretizer: numBuckets must be >= 2 (got 1)")
        let multi = try QuantileDiscretizer(inputCols: ["x"], outputCols: ["b"], numBucketsArray: [3]).fit(df)
        #expect(multi.splitsArray == [SparkFixture.doubles(fx["splits_3"])])
    }

    // MARK: Imputer

    @Test func imputerMatchesSpark() throws {
        let fx = try SparkFixture.load("imputer")
        let input = try #require(fx["input"] as? [String: Any])
        let df = try doubles([("a", SparkFixture.nums(input["a"])), ("b", SparkFixture.nums(input["b"]))])
        for strategy in ["mean", "median", "mode"] {
            for (mv, key) in [(Double.nan, "nan"), (0.0, "0.0")] {
                let expected = try #require(fx["\(strategy)_\(key)"] as? [String: Any])
                let m = try Imputer(inputCols: ["a", "b"], outputCols: ["ao", "bo"], strategy: strategy, missingValue: mv).fit(df)
                #expect(closeAll(m.surrogates, SparkFixture.nums(expected["surrogates"])), "\(strategy) \(key)")
                let out = try m.transform(df)
                #expect(closeAll(try collectDoubles(out, "ao"), SparkFixture.nums(expected["ao"])), "\(strategy) \(key)")
                #expect(closeAll(try collectDoubles(out, "bo"), SparkFixture.nums(expected["bo"])), "\(strategy) \(key)")
            }
        }
        // An int column gets the surrogate cast to int.
        let ints = try session.createDataFrame([[.int32(1)], [.int32(2)], [.null]], schema: Schema([Field("i", .int32)]))
        let out = try Imputer(inputCol: "i", outputCol: "io").fit(ints).transform(ints)
        #expect(try out.schema.fields.last?.type == .int32)
        #expect(try out.select("io").collect().map { $0.int(0) } == [1, 2, 1])
        let empty = #expect(throws: DataFlowError.self) { try Imputer(inputCol: "a", outputCol: "o").fit(doubles([("a", [nil, .nan])])) }
        #expect(empty?.message.contains("surrogate cannot be computed") == true)
    }

    // MARK: SQLTransformer

    @Test func sqlTransformer() throws {
        let df = try doubles([("a", [1, 2]), ("b", [10, 20])])
        let t = SQLTransformer(statement: "SELECT *, a + b AS c FROM __THIS__ WHERE a > 1")
        let out = try t.transform(df)
        #expect(try out.collect().map { $0.values } == [[.double(2), .double(20), .double(22)]])
        #expect(try t.transformSchema(df.schema).names == ["a", "b", "c"])
        #expect(!df.session.catalog.tableNames.contains { $0.hasPrefix("__sqltransformer") })
        let noThis = #expect(throws: DataFlowError.self) { try SQLTransformer(statement: "SELECT 1").transform(df) }
        #expect(noThis?.message.contains("__THIS__") == true)
    }

    // MARK: Binarizer, ElementwiseProduct, VectorSlicer (hand-computed)

    @Test func binarizerElementwiseProductVectorSlicer() throws {
        let df = try doubles([("x", [-1, 0, 0.5, nil, .nan])])
        #expect(try collectDoubles(Binarizer(inputCol: "x", outputCol: "b").transform(df), "b") == [0, 0, 1, nil, 0])
        let v = try vectorFrame([.dense([1, -2, 3]), .dense([0, 5, -1])])
        #expect(try collectVectors(Binarizer(inputCol: "v", outputCol: "b", threshold: 0.5).transform(v), "b") == [.dense([1, 0, 1]), .dense([0, 1, 0])])
        let sv = try vectorFrame([.sparse(size: 4, indices: [1, 3], values: [-3, 7])])
        #expect(try collectVectors(Binarizer(inputCol: "v", outputCol: "b", threshold: -1).transform(sv), "b")
            == [.sparse(size: 4, indices: [0, 2, 3], values: [1, 1, 1])])
        let multi = try Binarizer(inputCols: ["x", "x"], outputCols: ["a", "b"], thresholds: [-2, 0.4]).transform(df)
        #expect(try collectDoubles(multi, "a") == [1, 1, 1, nil, 0] && collectDoubles(multi, "b") == [0, 0, 1, nil, 0])

        #expect(try collectVectors(ElementwiseProduct(inputCol: "v", outputCol: "p", scalingVec: [2, 0, 0.5]).transform(v), "p")
            == [.dense([2, 0, 1.5]), .dense([0, 0, -0.5])])
        let wrong = #expect(throws: DataFlowError.self) { try ElementwiseProduct(inputCol: "v", outputCol: "p", scalingVec: [1]).transform(v).collect() }
        #expect(wrong?.message.contains("scalingVec has 1 entries") == true)

        #expect(try collectVectors(VectorSlicer(inputCol: "v", outputCol: "s", indices: [2, 0]).transform(v), "s") == [.dense([3, 1]), .dense([-1, 0])])
        #expect(try collectVectors(VectorSlicer(inputCol: "v", outputCol: "s", indices: [3, 1]).transform(sv), "s")
            == [.sparse(size: 2, indices: [0, 1], values: [7, -3])])
        let outOfRange = #expect(throws: DataFlowError.self) { try VectorSlicer(inputCol: "v", outputCol: "s", indices: [5]).transform(v).collect() }
        #expect(outOfRange?.message.contains("index 5 is out of range") == true)

        // (x, y) = (2, 3): degree 2 is (x, x², y, xy, y²); degree 3 (x, x², x³, y, xy, x²y, y², xy², y³).
        let xy = try vectorFrame([.dense([2, 3]), .dense([0, 3])])
        #expect(try collectVectors(PolynomialExpansion(inputCol: "v", outputCol: "p").transform(xy), "p") == [.dense([2, 4, 3, 6, 9]), .dense([0, 0, 3, 0, 9])])
        #expect(try collectVectors(PolynomialExpansion(inputCol: "v", outputCol: "p", degree: 3).transform(xy), "p")[0]
            == .dense([2, 4, 8, 3, 6, 12, 9, 18, 27]))
    }

    @Test func polynomialExpansionMatchesSpark() throws {
        let fx = try SparkFixture.load("polynomial")
        let df = try vectorFrame(try #require(fx["input"] as? [Any]).map { Vector.dense(SparkFixture.doubles($0)) })
        for degree in [2, 3] {
            let out = try PolynomialExpansion(inputCol: "v", outputCol: "p", degree: degree).transform(df)
            #expect(closeAll(try collectVectors(out, "p"), SparkFixture.vectors(fx["degree_\(degree)"])), "degree \(degree)")
        }
    }

    /// Fitting reads every batch and transforms run per batch on both threads: answers over 200k rows.
    @Test func stagesOverManyBatches() throws {
        let n = 200_000
        let df = session.range(Int64(n)).select((col("id") % 7).cast(.string).as("k"), col("id").cast(.float64).as("x"))
        let m = try StringIndexer(inputCol: "k", outputCol: "ki").fit(df)
        #expect(m.labels == ["0", "1", "2", "3", "4", "5", "6"])   // 0, 1, 2 occur once more; then ties alphabetical
        #expect(try m.transform(df).filter(col("k").cast(.float64) != col("ki")).count() == 0)
        let v = try VectorAssembler(inputCols: ["x"], outputCol: "v").transform(df)
        let s = try StandardScaler(inputCol: "v", outputCol: "z", withMean: true).fit(v)
        // 0 ..< n: mean (n-1)/2, sample variance n(n+1)/12.
        let std: Double = (Double(n) * Double(n + 1) / 12).squareRoot()
        #expect(close(s.mean[0], Double(n - 1) / 2))
        #expect(close(s.std[0], std, tol: 1e-10))
        let z = try s.transform(v).select(col("z")).collectBatches()
        let rows: Int = z.reduce(0) { $0 + $1.rowCount }
        #expect(rows == n)
        let b = try QuantileDiscretizer(inputCol: "x", outputCol: "q", numBuckets: 4).fit(df)
        let expectedSplits: [Double] = [-.infinity, 49_999, 99_999, 149_999, .infinity]
        #expect(b.splits == expectedSplits)
        let counts: [Int?] = try b.transform(df).groupBy("q").count().orderBy("q").collect().map { $0.int(1) }
        let expectedCounts: [Int?] = [49_999, 50_000, 50_000, 50_001]
        #expect(counts == expectedCounts)
    }

    // MARK: Pipelines and persistence

    @Test func indexEncodeAssembleScalePipelineSavesAndLoads() throws {
        let df = try session.createDataFrame([
            [.string("drama"), .double(1.0)], [.string("comedy"), .double(3.0)], [.string("drama"), .double(2.0)],
            [.string("horror"), .double(6.0)], [.string("drama"), .double(0.5)],
        ], schema: Schema([Field("genre", .string), Field("x", .float64)]))
        let pipeline = Pipeline {
            StringIndexer(inputCol: "genre", outputCol: "gi")
            OneHotEncoder(inputCols: ["gi"], outputCols: ["gv"])
            VectorAssembler(inputCols: ["gv", "x"], outputCol: "raw")
            StandardScaler(inputCol: "raw", outputCol: "features", withMean: true)
        }
        let model = try pipeline.fit(df)
        let out = try collectVectors(model.transform(df), "features")
        // genre: drama 0, comedy 1, horror 2 (ties alphabetical) -> one-hot of 2 slots; x standardized.
        let xs = [1.0, 3, 2, 6, 0.5], mean = xs.reduce(0, +) / 5
        let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
        let drama = [1.0, 0, 1, 0, 1], dm = 0.6, dsd = (drama.map { ($0 - dm) * ($0 - dm) }.reduce(0, +) / 4).squareRoot()
        let comedy = [0.0, 1, 0, 0, 0], cm = 0.2, csd = (comedy.map { ($0 - cm) * ($0 - cm) }.reduce(0, +) / 4).squareRoot()
        for i in 0..<5 {
            #expect(close(out[i], .dense([(drama[i] - dm) / dsd, (comedy[i] - cm) / csd, (xs[i] - mean) / sd])), "row \(i)")
        }
        let dir = tempPath("features-pipeline")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try model.save(dir)
        let loaded = try PipelineModel.load(dir)
        #expect(loaded.stages.map { type(of: $0).className } == ["StringIndexerModel", "OneHotEncoderModel", "VectorAssembler", "StandardScalerModel"])
        #expect((loaded.stages[0] as? StringIndexerModel)?.labels == ["drama", "comedy", "horror"])
        #expect((loaded.stages[1] as? OneHotEncoderModel)?.categorySizes == [3])
        #expect(try collectVectors(loaded.transform(df), "features") == out)
    }

    /// Every model with learned data, and stages with non-finite parameters, round-trip through save/load.
    @Test func modelsSaveAndLoad() throws {
        let df = try doubles([("a", [1, .nan, 3, 8]), ("b", [0, 2, 2, 4])])
        let dir = tempPath("features-models")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let imputer = try Imputer(inputCols: ["a", "b"], outputCols: ["ao", "bo"], strategy: "median").fit(df)
        try imputer.save(dir + "/imputer")
        let im2 = try ImputerModel.load(dir + "/imputer")
        #expect(im2.surrogates == imputer.surrogates && im2.missingValue.isNaN && im2.strategy == "median")
        #expect(try collectDoubles(im2.transform(df), "ao") == [1, 3, 3, 8])

        let qd = try QuantileDiscretizer(inputCol: "b", outputCol: "q", numBuckets: 2).fit(df)
        try qd.save(dir + "/bucketizer")
        let b2 = try Bucketizer.load(dir + "/bucketizer")
        #expect(b2.splits == qd.splits && b2.splits.first == -.infinity)
        let multi = Bucketizer(splitsArray: [[-.infinity, 0, .infinity], [0, 1, 5]], inputCols: ["a", "b"], outputCols: ["x", "y"])
        try multi.save(dir + "/multi")
        #expect(try Bucketizer.load(dir + "/multi").splitsArray == multi.splitsArray)

        let vecs = try VectorAssembler(inputCols: ["b"], outputCol: "v").transform(df)
        for (name, stage) in [("mm", try MinMaxScaler(inputCol: "v", outputCol: "o").fit(vecs) as any Transformer),
                              ("ma", try MaxAbsScaler(inputCol: "v", outputCol: "o").fit(vecs)),
                              ("idf", try IDF(inputCol: "v", outputCol: "o").fit(vecs)),
                              ("ss", try StandardScaler(inputCol: "v", outputCol: "o").fit(vecs))] {
            try stage.save(dir + "/" + name)
            let back = try #require(try ML.load(dir + "/" + name) as? any Transformer)
            #expect(try collectVectors(back.transform(vecs), "o") == collectVectors(stage.transform(vecs), "o"), "\(name)")
        }
    }
}
