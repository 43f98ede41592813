/// Settings of ``LogisticRegression/fit(x:y:sampleWeights:config:)``.
///
/// ```swift
/// let config = LogisticRegressionConfig(c: 1)   // sklearn LogisticRegression(C=1.0)
/// ```
public struct LogisticRegressionConfig: Sendable, Equatable {
    /// C, the inverse regularisation strength (> 0); sklearn `C`.
    public var c: Double
    /// Whether to fit an unpenalised intercept b; sklearn `fit_intercept`.
    public var fitIntercept: Bool
    /// Stop when a full Newton step moves no parameter by more than
    /// `tolerance × (1 + max|θ|)`.
    public var tolerance: Double
    /// Most Newton iterations before giving up with an error.
    public var maxIterations: Int

    public init(c: Double = 1, fitIntercept: Bool = true, tolerance: Double = 1e-12, maxIterations: Int = 100) {
        self.c = c
        self.fitIntercept = fitIntercept
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }
}

/// L2-regularised binary logistic regression, solved exactly by damped Newton (IRLS).
///
/// **Objective** (scikit-learn `LogisticRegression(penalty='l2', C=C, solver='lbfgs')`,
/// user guide §1.1.11.1; the intercept is not penalised):
///
///     F(w, b) = ½‖w‖² + C Σᵢ sᵢ [log(1 + e^(zᵢ)) − yᵢ zᵢ],   zᵢ = xᵢ·w + b,  yᵢ ∈ {0, 1}
///
/// with sample weights sᵢ (1 when omitted). sklearn ≥ 1.2 minimises F / (C Σsᵢ), which has
/// the same minimiser. F is strictly convex (the ½‖w‖² term, and in b because both classes
/// carry weight), so the optimum is unique and any exact solver reaches sklearn's answer.
///
/// **Solver.** Newton's method on F (iteratively reweighted least squares, Hastie,
/// Tibshirani & Friedman, *ESL* 2nd ed. §4.4.1): gradient
/// `g = (w, 0) + C X̃ᵀ S (p − y)`, Hessian `H = diag(1,…,1, 0) + C X̃ᵀ S D X̃` with
/// `X̃ = [X 1]`, `pᵢ = σ(zᵢ)`, `D = diag(pᵢ(1 − pᵢ))`; the step `H Δ = −g` is solved by
/// Cholesky, with Armijo backtracking (Nocedal & Wright, *Numerical Optimization* §3.1)
/// far from the optimum and full steps near it (quadratic convergence). Starts from
/// θ = 0, so the result is deterministic.
///
/// ```swift
/// let x = try SignalMatrix(rows: [[0.1, 1], [0.4, -1], [-0.3, 0.5], [0.2, 0.2]])
/// let model = try LogisticRegression.fit(x: x, y: [1, 0, 0, 1], config: .init(c: 10))
/// let p = try model.predictProbability(x)
/// ```
public enum LogisticRegression {
    /// Fits the model to `x` (n × d) and labels `y` (n values, each 0 or 1).
    ///
    /// - Parameter sampleWeights: sᵢ ≥ 0 per row (sklearn `sample_weight`); `nil` for all 1.
    /// - Throws: ``EnsembleError`` on mismatched sizes, labels outside {0, 1}, negative or
    ///   non-finite weights, C ≤ 0, a single weighted class when fitting an intercept, or
    ///   no convergence within `maxIterations`.
    public static func fit(
        x: SignalMatrix, y: [Int], sampleWeights: [Double]? = nil, config: LogisticRegressionConfig = .init()
    ) throws(EnsembleError) -> LogisticModel {
        let routine = "LogisticRegression.fit"
        let n = x.bars
        let d = x.members
        guard config.c > 0, config.c.isFinite else {
            throw EnsembleError(routine: routine, reason: "C must be positive and finite, got \(config.c)")
        }
        guard n > 0 else { throw EnsembleError(routine: routine, reason: "no observations") }
        guard y.count == n else {
            throw EnsembleError(routine: routine, reason: "\(y.count) labels for \(n) observations")
        }
        let s = sampleWeights ?? [Double](repeating: 1, count: n)
        guard s.count == n else {
            throw EnsembleError(routine: routine, reason: "\(s.count) sample weights for \(n) observations")
        }
        var weightOfClass = [0.0, 0.0]
        for i in 0..<n {
            guard y[i] == 0 || y[i] == 1 else {
                throw EnsembleError(routine: routine, reason: "label \(y[i]) at row \(i): labels must be 0 or 1")
            }
            guard s[i] >= 0, s[i].isFinite else {
                throw EnsembleError(routine: routine, reason: "sample weight \(s[i]) at row \(i) must be ≥ 0 and finite")
            }
            weightOfClass[y[i]] += s[i]
        }
        if config.fitIntercept, weightOfClass[0] == 0 || weightOfClass[1] == 0 {
            throw EnsembleError(
                routine: routine,
                reason: "both classes need positive total weight to fit an intercept (class 0: \(weightOfClass[0]), class 1: \(weightOfClass[1]))")
        }
        let problem = LogisticProblem(
            x: x.values, y: y.map(Double.init), s: s, n: n, d: d, c: config.c, intercept: config.fitIntercept)
        return try problem.solve(tolerance: config.tolerance, maxIterations: config.maxIterations, routine: routine)
    }

    /// ``fit(x:y:sampleWeights:config:)`` on row-major nested arrays.
    public static func fit(
        x: [[Double]], y: [Int], sampleWeights: [Double]? = nil, config: LogisticRegressionConfig = .init()
    ) throws(EnsembleError) -> LogisticModel {
        try fit(x: SignalMatrix(rows: x), y: y, sampleWeights: sampleWeights, config: config)
    }
}
