import Synchronization

/// Every stage type, by class name: `ML.load` and script constructors find types here. Add one line
/// per new stage type to `types`; a stage written outside DataFlow (your own Estimator) calls
/// `StageRegistry.register(MyEstimator.self)` once so that saved copies load.
public enum StageRegistry {
    public static let types: [any PipelineStage.Type] = [
        Pipeline.self, PipelineModel.self,
        VectorAssembler.self,
        LinearRegression.self, LinearRegressionModel.self,
        LogisticRegression.self, LogisticRegressionModel.self,
        NaiveBayes.self, NaiveBayesModel.self,
        RegressionEvaluator.self, BinaryClassificationEvaluator.self, MulticlassClassificationEvaluator.self,
        RankingEvaluator.self,
        DecisionTreeClassifier.self, DecisionTreeClassificationModel.self,
        DecisionTreeRegressor.self, DecisionTreeRegressionModel.self,
        RandomForestClassifier.self, RandomForestClassificationModel.self,
        RandomForestRegressor.self, RandomForestRegressionModel.self,
        KMeans.self, KMeansModel.self,
        GaussianMixture.self, GaussianMixtureModel.self,
        ClusteringEvaluator.self,
        StringIndexer.self, StringIndexerModel.self, IndexToString.self,
        OneHotEncoder.self, OneHotEncoderModel.self,
        StandardScaler.self, StandardScalerModel.self,
        MinMaxScaler.self, MinMaxScalerModel.self,
        MaxAbsScaler.self, MaxAbsScalerModel.self,
        Normalizer.self,
        Bucketizer.self, QuantileDiscretizer.self,
        Imputer.self, ImputerModel.self,
        Tokenizer.self, RegexTokenizer.self, StopWordsRemover.self,
        HashingTF.self, CountVectorizer.self, CountVectorizerModel.self, IDF.self, IDFModel.self,
        SQLTransformer.self, Binarizer.self, ElementwiseProduct.self, VectorSlicer.self, PolynomialExpansion.self,
        PCA.self, PCAModel.self,
        PCAAnomalyDetector.self, PCAAnomalyModel.self,
        CrossValidator.self, CrossValidatorModel.self,
        TrainValidationSplit.self, TrainValidationSplitModel.self,
        ALS.self, ALSModel.self,
    ]

    private static let registered = Mutex<[String: any PipelineStage.Type]>(
        Dictionary(types.map { ($0.className, $0) }, uniquingKeysWith: { a, _ in a }))

    /// Makes a stage type loadable by `ML.load` and constructible in scripts by its class name.
    public static func register(_ type: any PipelineStage.Type) {
        registered.withLock { $0[type.className] = type }
    }

    public static func type(named name: String) -> (any PipelineStage.Type)? {
        registered.withLock { $0[name] }
    }

    /// The class names of every known stage, sorted.
    public static var classNames: [String] { registered.withLock { $0.keys.sorted() } }
}
