/// A binary classifier: hyperparameters (and a seed, where the method is random) that
/// ``fit(_:labels:sampleWeights:)`` turns into a fitted ``FittedClassifier``.
///
/// The data contract is the one scikit-learn's `fit(X, y, sample_weight)` has for binary
/// problems: `x` is n × d (row-major ``FeatureMatrix``), `labels` holds n values each 0 or 1,
/// `sampleWeights` holds n values sᵢ ≥ 0 (`nil` means all 1; a weight of 0 drops the row).
/// Fitting is a pure function of its inputs: the same classifier value (hence the same seed)
/// and the same data give a bit-identical model on every run.
///
/// A classifier is a value, so one configured instance can be fitted once per fold of
/// ``Ensembles/PurgedKFold`` (see ``CrossValidation``):
///
/// ```swift
/// let gbt = GradientBoostedTrees(.init(estimators: 200, learningRate: 0.05, maxDepth: 3))
/// let model = try gbt.fit(train, labels: yTrain)
/// let p = try model.probabilities(test)       // P(y = 1 | x) per row
/// ```
public protocol Classifier: Sendable {
    associatedtype Model: FittedClassifier

    /// Fits the model to `x` (n × d) and `labels` (n values in {0, 1}).
    ///
    /// - Throws: ``LearningError`` on mismatched sizes, labels outside {0, 1}, negative or
    ///   non-finite weights, a class with no weight, or invalid hyperparameters.
    func fit(_ x: FeatureMatrix, labels: [Int], sampleWeights: [Double]?) throws(LearningError) -> Model
}

extension Classifier {
    /// ``fit(_:labels:sampleWeights:)`` with every sample weight 1.
    public func fit(_ x: FeatureMatrix, labels: [Int]) throws(LearningError) -> Model {
        try fit(x, labels: labels, sampleWeights: nil)
    }
}

/// A fitted binary classifier: P(y = 1 | x) for each row of a feature matrix.
public protocol FittedClassifier: Sendable {
    /// d, the number of feature columns the model was fitted on.
    var featureCount: Int { get }

    /// P(y = 1 | x) for every row of `x` (scikit-learn `predict_proba(X)[:, 1]`).
    ///
    /// - Throws: ``LearningError`` when `x` does not have ``featureCount`` columns.
    func probabilities(_ x: FeatureMatrix) throws(LearningError) -> [Double]
}

extension FittedClassifier {
    /// The predicted class per row: 1 when P(y = 1 | x) > ½, else 0 (scikit-learn `predict`;
    /// an exact ½ goes to class 0).
    public func predict(_ x: FeatureMatrix) throws(LearningError) -> [Int] {
        try probabilities(x).map { $0 > 0.5 ? 1 : 0 }
    }

    /// Throws unless `x` has ``featureCount`` columns.
    func checkColumns(_ x: FeatureMatrix, routine: String) throws(LearningError) {
        guard x.columns == featureCount else {
            throw LearningError(routine: routine, reason: "matrix has \(x.columns) features, the model \(featureCount)")
        }
    }
}
