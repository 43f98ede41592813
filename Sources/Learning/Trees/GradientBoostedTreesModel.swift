/// A fitted ``GradientBoostedTrees`` model: `F(x) = F₀ + ν Σₘ treeₘ(x)`, `P(y = 1 | x) = σ(F(x))`.
///
/// The scikit-learn counterparts are `init_` (as the log-odds F₀), `estimators_[:, 0]`,
/// `decision_function`, `predict_proba(X)[:, 1]`, `feature_importances_` and `train_score_` / 2.
public struct GradientBoostedTreesModel: FittedClassifier, Equatable {
    /// F₀, the log-odds of the weighted class prior.
    public let initialRawPrediction: Double
    /// ν, the shrinkage each tree's leaf values are multiplied by.
    public let learningRate: Double
    /// The trees in stage order; their leaf values are the Newton steps (before shrinkage).
    public let trees: [RegressionTree]
    public let featureCount: Int
    /// Weighted mean log-loss of the in-bag training rows after each stage
    /// (sklearn `train_score_[m] / 2`: sklearn reports the binomial deviance, twice the log-loss).
    public let trainingLoss: [Double]

    public init(
        initialRawPrediction: Double, learningRate: Double, trees: [RegressionTree], featureCount: Int,
        trainingLoss: [Double] = []
    ) {
        self.initialRawPrediction = initialRawPrediction
        self.learningRate = learningRate
        self.trees = trees
        self.featureCount = featureCount
        self.trainingLoss = trainingLoss
    }

    /// F(x) for every row (sklearn `decision_function`), accumulated stage by stage as sklearn does.
    public func decisionFunction(_ x: FeatureMatrix) throws(LearningError) -> [Double] {
        try checkColumns(x, routine: "GradientBoostedTreesModel.decisionFunction")
        let columns = SinglePrecisionColumns(x)
        var raw = [Double](repeating: initialRawPrediction, count: x.rows)
        for tree in trees {
            tree.nodes.withUnsafeBufferPointer { nodes in
                for i in 0..<x.rows { raw[i] += learningRate * nodes[tree.leaf(columns, row: i)].value }
            }
        }
        return raw
    }

    /// σ(F(x)) for every row (sklearn `predict_proba(X)[:, 1]`).
    public func probabilities(_ x: FeatureMatrix) throws(LearningError) -> [Double] {
        try decisionFunction(x).map(LogisticFunctions.sigmoid)
    }

    /// Impurity-based importance per feature, summing to 1 (sklearn `feature_importances_`):
    /// each tree's ``RegressionTree/impurityDecrease()`` (squared-error decrease of the residual
    /// fit, weighted by node weight, over the root weight), averaged over the trees that split at
    /// least once, then divided by its sum. All zeros when no tree split. Impurity importances
    /// favour features with many distinct values (Strobl et al., *BMC Bioinformatics* 8:25, 2007).
    public var featureImportances: [Double] {
        let relevant = trees.filter { $0.nodes.count > 1 }
        var mean = [Double](repeating: 0, count: featureCount)
        guard !relevant.isEmpty else { return mean }
        for tree in relevant {
            let decrease = tree.impurityDecrease()
            for j in 0..<featureCount { mean[j] += decrease[j] }
        }
        for j in 0..<featureCount { mean[j] /= Double(relevant.count) }
        let total = mean.reduce(0, +)
        guard total > 0 else { return mean }
        return mean.map { $0 / total }
    }
}
