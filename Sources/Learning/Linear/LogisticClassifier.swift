import Ensembles

/// The `Ensembles` module's L2 logistic regression (``Ensembles/LogisticRegression``, which
/// matches scikit-learn's `LogisticRegression(C=…)` to ~1e-12 at the optimum) behind the
/// ``Classifier`` protocol: same objective, same Newton solver, no new arithmetic.
///
///     F(w, b) = ½‖w‖² + C Σᵢ sᵢ [log(1 + e^(zᵢ)) − yᵢ zᵢ],   zᵢ = xᵢ·w + b
///
/// The penalty assumes comparable feature scales: wrap it in ``StandardizedClassifier``.
///
/// ```swift
/// let logistic = StandardizedClassifier(LogisticClassifier(.init(c: 1)))
/// let model = try logistic.fit(train, labels: y)
/// ```
public struct LogisticClassifier: Classifier {
    public var config: LogisticRegressionConfig

    public init(_ config: LogisticRegressionConfig = .init()) {
        self.config = config
    }

    public func fit(_ x: FeatureMatrix, labels: [Int], sampleWeights: [Double]?) throws(LearningError)
        -> LogisticClassifierModel
    {
        let matrix = try x.signalMatrix()
        do {
            let model = try LogisticRegression.fit(x: matrix, y: labels, sampleWeights: sampleWeights, config: config)
            return LogisticClassifierModel(model)
        } catch {
            throw LearningError(error)
        }
    }
}

/// A fitted ``LogisticClassifier``: the `Ensembles` ``Ensembles/LogisticModel`` it wraps.
public struct LogisticClassifierModel: FittedClassifier, Equatable {
    public let model: LogisticModel

    public init(_ model: LogisticModel) {
        self.model = model
    }

    public var featureCount: Int { model.coefficients.count }

    /// σ(x·w + b) per row (sklearn `predict_proba(X)[:, 1]`).
    public func probabilities(_ x: FeatureMatrix) throws(LearningError) -> [Double] {
        let matrix = try x.signalMatrix()
        do {
            return try model.predictProbability(matrix)
        } catch {
            throw LearningError(error)
        }
    }
}
