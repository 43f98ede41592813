import Market

/// Settings of ``MultilayerPerceptron``; names follow scikit-learn's `MLPClassifier`.
public struct MultilayerPerceptronConfig: Sendable, Equatable {
    /// Units per hidden layer, e.g. `[16]` or `[32, 16]` (each ≥ 1, at least one layer);
    /// sklearn `hidden_layer_sizes`. Hidden units use ReLU, the output unit the logistic function.
    public var hiddenLayerSizes: [Int]
    /// α ≥ 0, the L2 penalty on the weights (not the biases); sklearn `alpha`.
    public var alpha: Double
    /// Most L-BFGS iterations; sklearn `max_iter`.
    public var maxIterations: Int
    /// Most objective evaluations; sklearn `max_fun`.
    public var maxFunctionEvaluations: Int
    /// Stop when max |∂J/∂θ| ≤ tolerance; sklearn `tol` (passed to L-BFGS as `gtol`).
    public var tolerance: Double
    /// Seed of the Glorot-uniform initial weights (stream "MultilayerPerceptron.init").
    public var seed: UInt64

    public init(
        hiddenLayerSizes: [Int] = [32], alpha: Double = 1e-4, maxIterations: Int = 200,
        maxFunctionEvaluations: Int = 15_000, tolerance: Double = 1e-4, seed: UInt64 = 0
    ) {
        self.hiddenLayerSizes = hiddenLayerSizes
        self.alpha = alpha
        self.maxIterations = maxIterations
        self.maxFunctionEvaluations = maxFunctionEvaluations
        self.tolerance = tolerance
        self.seed = seed
    }
}

/// A feed-forward neural network for binary classification: ReLU hidden layers, one logistic
/// output, L2 penalty, trained full batch by L-BFGS — scikit-learn's
/// `MLPClassifier(solver="lbfgs", activation="relu", hidden_layer_sizes=…, alpha=…)`.
///
/// **Objective.** The mean (sample-weighted) log-loss plus `(α / 2) Σ‖W‖² / Σs`, exactly
/// sklearn's (see ``MultilayerPerceptronModel/objective(_:labels:sampleWeights:alpha:)``).
///
/// **Initialisation** (Glorot & Bengio, *AISTATS* 2010, the "normalized initialization" that
/// sklearn uses for ReLU): every weight and bias of layer l is drawn uniformly from
/// `[−b, b]`, `b = √(6 / (fan_in + fan_out))`, layer by layer (weights row-major, then biases),
/// from ``Market/SeededGenerator``(seed, stream "MultilayerPerceptron.init").
///
/// **Solver.** L-BFGS (memory 10, strong-Wolfe line search) with SciPy L-BFGS-B's stopping
/// rules as sklearn sets them: `max |∇J| ≤ tol`, relative decrease ≤ 10⁷·ε, `maxIterations`,
/// `maxFunctionEvaluations`.
///
/// **Agreement with scikit-learn.** The loss, gradient and forward pass are sklearn's to
/// rounding (tests: `predict_proba` within 1e-12 and `loss_` within 1e-9 at sklearn's own fitted
/// weights). The fitted weights cannot match: the initial weights come from another generator
/// and the non-convex objective has many local minima. Held-out accuracy and log-loss are
/// compared with sklearn's over several seeds instead (see `Tests/LearningTests`).
///
/// **Standardise the features** first (``StandardizedClassifier`` does it per training set):
/// the penalty and the initial weights assume features of unit scale.
///
/// **Determinism.** Single-threaded, sequential floating point, one seeded generator: the same
/// config (hence seed) and data give a bit-identical model.
///
/// **Cost.** Each L-BFGS iteration takes ~1.05 objective evaluations of O(n · Σ fan_in·fan_out).
/// Measured with `Benchmarks/Sources/LearningBench` (release, median of 5, the project's 2-core
/// machine while another build shared it): `[16]`, α = 3 on 2,000 × 8: 0.35 s (437 iterations);
/// on 3,000 × 30: 1.0 s (500 iterations, the cap). `[32, 16]`, α = 10, 500 iterations: 1.0 s on
/// 2,000 × 8, 3.4 s on 3,000 × 30. The time is proportional to `maxIterations` (sklearn's
/// default 200 keeps a `[16]` network on 3,000 × 30 near 0.4 s).
///
/// ```swift
/// let mlp = StandardizedClassifier(MultilayerPerceptron(.init(hiddenLayerSizes: [16], alpha: 1e-3, seed: 7)))
/// let model = try mlp.fit(train, labels: y)
/// let p = try model.probabilities(test)
/// ```
public struct MultilayerPerceptron: Classifier {
    public var config: MultilayerPerceptronConfig

    public init(_ config: MultilayerPerceptronConfig = .init()) {
        self.config = config
    }

    public func fit(_ x: FeatureMatrix, labels: [Int], sampleWeights: [Double]?) throws(LearningError)
        -> MultilayerPerceptronModel
    {
        let routine = "MultilayerPerceptron.fit"
        try validate(routine: routine)
        let data = try TrainingData(x, labels: labels, sampleWeights: sampleWeights, routine: routine)
        let sizes = [x.columns] + config.hiddenLayerSizes + [1]
        let initial = Self.initialParameters(layerSizes: sizes, seed: config.seed)
        let network = PerceptronNetwork(layerSizes: sizes, rows: x.rows)
        let weights: [Double]? = sampleWeights == nil ? nil : data.weights
        let settings = LBFGSSettings(
            maxIterations: config.maxIterations, maxEvaluations: config.maxFunctionEvaluations,
            gradientTolerance: config.tolerance)
        let alpha = config.alpha
        let total = data.totalWeight
        let result = LBFGS.minimize(from: initial, settings: settings) { theta, gradient in
            network.objective(x.values, data.y, weights, totalWeight: total, alpha: alpha, theta, gradient: &gradient)
        }
        guard result.value.isFinite, result.x.allSatisfy(\.isFinite) else {
            throw LearningError(
                routine: routine,
                reason: "the solver produced non-finite weights; standardise the features or raise alpha")
        }
        return MultilayerPerceptronModel(
            layerSizes: sizes, validatedParameters: result.x, loss: result.value, iterations: result.iterations,
            functionEvaluations: result.evaluations, stop: result.stop)
    }

    /// Glorot-uniform weights and biases, packed in sklearn's order (all weight matrices, then all biases),
    /// but drawn layer by layer as sklearn draws them: weights of layer l, then biases of layer l.
    static func initialParameters(layerSizes sizes: [Int], seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed, stream: "MultilayerPerceptron.init")
        var theta = [Double](repeating: 0, count: PerceptronNetwork.parameterCount(sizes))
        var weightOffset = 0
        var biasOffset = 0
        for l in 0..<(sizes.count - 1) { biasOffset += sizes[l] * sizes[l + 1] }
        for l in 0..<(sizes.count - 1) {
            let fanIn = sizes[l]
            let fanOut = sizes[l + 1]
            let bound = (6 / Double(fanIn + fanOut)).squareRoot()
            for k in 0..<(fanIn * fanOut) { theta[weightOffset + k] = -bound + 2 * bound * rng.nextDouble() }
            for k in 0..<fanOut { theta[biasOffset + k] = -bound + 2 * bound * rng.nextDouble() }
            weightOffset += fanIn * fanOut
            biasOffset += fanOut
        }
        return theta
    }

    private func validate(routine: String) throws(LearningError) {
        guard !config.hiddenLayerSizes.isEmpty, config.hiddenLayerSizes.allSatisfy({ $0 >= 1 }) else {
            throw LearningError(
                routine: routine, reason: "hiddenLayerSizes must list at least one layer, each ≥ 1 unit, got \(config.hiddenLayerSizes)")
        }
        guard config.alpha >= 0, config.alpha.isFinite else {
            throw LearningError(routine: routine, reason: "alpha must be ≥ 0 and finite, got \(config.alpha)")
        }
        guard config.maxIterations >= 1, config.maxFunctionEvaluations >= 1 else {
            throw LearningError(routine: routine, reason: "maxIterations and maxFunctionEvaluations must be ≥ 1")
        }
        guard config.tolerance >= 0, config.tolerance.isFinite else {
            throw LearningError(routine: routine, reason: "tolerance must be ≥ 0 and finite, got \(config.tolerance)")
        }
    }
}
