/// A fitted ``MultilayerPerceptron``: layer sizes `[d, h₁, …, 1]` and one flat parameter vector
/// in scikit-learn's packing (`MLPClassifier._pack(coefs_, intercepts_)`): every weight matrix
/// `coefs_[l]` (fan-in × fan-out, row-major), then every bias vector `intercepts_[l]`.
public struct MultilayerPerceptronModel: FittedClassifier, Equatable {
    /// `[d, h₁, …, 1]`.
    public let layerSizes: [Int]
    /// All weights then all biases (see the type's description).
    public let parameters: [Double]
    /// The objective J at ``parameters`` on the training data (sklearn `loss_`); `nil` for a model
    /// built from given weights.
    public let loss: Double?
    /// L-BFGS iterations and objective evaluations (sklearn `n_iter_`, `nfev`); 0 when built.
    public let iterations: Int
    public let functionEvaluations: Int
    /// Why training stopped (`nil` for a model built from given weights).
    public let stop: LBFGSStop?

    public var featureCount: Int { layerSizes[0] }

    init(
        layerSizes: [Int], validatedParameters: [Double], loss: Double? = nil, iterations: Int = 0,
        functionEvaluations: Int = 0, stop: LBFGSStop? = nil
    ) {
        self.layerSizes = layerSizes
        self.parameters = validatedParameters
        self.loss = loss
        self.iterations = iterations
        self.functionEvaluations = functionEvaluations
        self.stop = stop
    }

    /// A model from sklearn-shaped weights: `weights[l]` is `coefs_[l]` flattened row-major
    /// (fan-in × fan-out), `biases[l]` is `intercepts_[l]`; the last layer must have one unit.
    ///
    /// - Throws: ``LearningError`` when the shapes do not chain or a value is not finite.
    public init(weights: [[Double]], biases: [[Double]], featureCount: Int) throws(LearningError) {
        let routine = "MultilayerPerceptronModel"
        guard !weights.isEmpty, weights.count == biases.count else {
            throw LearningError(routine: routine, reason: "\(weights.count) weight matrices for \(biases.count) bias vectors")
        }
        var sizes = [featureCount]
        for l in 0..<weights.count {
            let fanOut = biases[l].count
            guard fanOut >= 1, weights[l].count == sizes[l] * fanOut else {
                throw LearningError(
                    routine: routine,
                    reason: "layer \(l): \(weights[l].count) weights do not make a \(sizes[l]) × \(fanOut) matrix")
            }
            sizes.append(fanOut)
        }
        guard sizes.last == 1 else { throw LearningError(routine: routine, reason: "the output layer must have 1 unit") }
        let flat = weights.flatMap { $0 } + biases.flatMap { $0 }
        guard flat.allSatisfy(\.isFinite) else { throw LearningError(routine: routine, reason: "a parameter is not finite") }
        self.init(layerSizes: sizes, validatedParameters: flat)
    }

    /// Layer `l`'s weight matrix, fan-in × fan-out row-major (sklearn `coefs_[l]`).
    public func weights(layer l: Int) -> [Double] {
        var start = 0
        for k in 0..<l { start += layerSizes[k] * layerSizes[k + 1] }
        return Array(parameters[start..<(start + layerSizes[l] * layerSizes[l + 1])])
    }

    /// Layer `l`'s biases (sklearn `intercepts_[l]`).
    public func biases(layer l: Int) -> [Double] {
        var start = 0
        for k in 0..<(layerSizes.count - 1) { start += layerSizes[k] * layerSizes[k + 1] }
        for k in 0..<l { start += layerSizes[k + 1] }
        return Array(parameters[start..<(start + layerSizes[l + 1])])
    }

    /// P(y = 1 | x) per row (sklearn `predict_proba(X)[:, 1]`).
    public func probabilities(_ x: FeatureMatrix) throws(LearningError) -> [Double] {
        try checkColumns(x, routine: "MultilayerPerceptronModel.probabilities")
        guard x.rows > 0 else { return [] }
        return PerceptronNetwork(layerSizes: layerSizes, rows: x.rows).probabilities(x.values, parameters)
    }

    /// The training objective J and its gradient ∇J (in ``parameters`` order) at this model's
    /// parameters on (`x`, `labels`, `sampleWeights`) with penalty `alpha`:
    ///
    ///     J = −Σ sᵢ[yᵢ log p̃ᵢ + (1 − yᵢ) log(1 − p̃ᵢ)] / Σ sᵢ + (α/2) Σₗ ‖Wₗ‖² / Σ sᵢ
    ///
    /// (sklearn `MLPClassifier._loss_grad_lbfgs`; J at the fitted parameters is `loss_`).
    ///
    /// - Throws: ``LearningError`` on bad labels, weights or shapes, or α < 0.
    public func objective(_ x: FeatureMatrix, labels: [Int], sampleWeights: [Double]? = nil, alpha: Double)
        throws(LearningError) -> (value: Double, gradient: [Double])
    {
        let routine = "MultilayerPerceptronModel.objective"
        try checkColumns(x, routine: routine)
        guard alpha >= 0, alpha.isFinite else { throw LearningError(routine: routine, reason: "alpha must be ≥ 0, got \(alpha)") }
        let data = try TrainingData(x, labels: labels, sampleWeights: sampleWeights, routine: routine)
        let network = PerceptronNetwork(layerSizes: layerSizes, rows: x.rows)
        var gradient = [Double](repeating: 0, count: parameters.count)
        let value = network.objective(
            x.values, data.y, sampleWeights == nil ? nil : data.weights, totalWeight: data.totalWeight, alpha: alpha,
            parameters, gradient: &gradient)
        return (value, gradient)
    }
}
