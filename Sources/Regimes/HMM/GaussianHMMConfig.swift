/// Settings of ``GaussianHMM/fit(_:config:seed:stream:)``.
///
/// Defaults follow hmmlearn's `GaussianHMM(covariance_type="diag")` except
/// `iterations`: hmmlearn's `n_iter` is 10, which rarely reaches convergence on
/// a few thousand bars, so the default here is 100 (EM stops earlier when the
/// log-likelihood gain falls below `tolerance`).
///
/// ```swift
/// var config = GaussianHMMConfig(states: 3)
/// config.starts = 10          // more seeded restarts, keep the best log-likelihood
/// ```
public struct GaussianHMMConfig: Sendable, Equatable {
    /// The number of hidden states (≥ 1).
    public var states: Int
    /// The most EM (Baum-Welch) iterations per start; hmmlearn `n_iter` (its default is 10, ours 100).
    public var iterations: Int
    /// Stop when the log-likelihood gain of one iteration is below this (hmmlearn `tol`, 0.01).
    public var tolerance: Double
    /// Added to the data variance of every feature when initialising (hmmlearn `min_covar`, 1e-3);
    /// also a floor for the re-estimated variances, so no state collapses onto a point.
    public var minCovariance: Double
    /// The prior added to every variance numerator in the M-step (hmmlearn `covars_prior`, 1e-2,
    /// with `covars_weight` 1): `σ² = (prior + Σγ(x−μ)²) / max(Σγ, 1e-5)`.
    public var covariancePrior: Double
    /// Independent seeded starts (differently seeded k-means initialisations); the fit with
    /// the highest final log-likelihood is kept.
    public var starts: Int
    /// k-means restarts inside each initialisation (hmmlearn uses `KMeans(n_init=10)`).
    public var kmeansStarts: Int

    public init(
        states: Int, iterations: Int = 100, tolerance: Double = 0.01, minCovariance: Double = 1e-3,
        covariancePrior: Double = 1e-2, starts: Int = 5, kmeansStarts: Int = 10
    ) {
        self.states = states
        self.iterations = iterations
        self.tolerance = tolerance
        self.minCovariance = minCovariance
        self.covariancePrior = covariancePrior
        self.starts = starts
        self.kmeansStarts = kmeansStarts
    }
}

/// The parameters of a diagonal-covariance Gaussian HMM with `k` states and `d` features.
///
/// `transitions[i][j]` is P(state j at t+1 | state i at t); `means[i]` and
/// `variances[i]` are state i's emission mean and per-feature variance.
///
/// ```swift
/// let p = GaussianHMMParameters(
///     startProbabilities: [0.5, 0.5], transitions: [[0.9, 0.1], [0.2, 0.8]],
///     means: [[-1], [1]], variances: [[0.5], [2]])
/// ```
public struct GaussianHMMParameters: Sendable, Equatable {
    public var startProbabilities: [Double]
    public var transitions: [[Double]]
    public var means: [[Double]]
    public var variances: [[Double]]

    public init(startProbabilities: [Double], transitions: [[Double]], means: [[Double]], variances: [[Double]]) {
        self.startProbabilities = startProbabilities
        self.transitions = transitions
        self.means = means
        self.variances = variances
    }

    /// The number of states.
    public var states: Int { startProbabilities.count }
    /// The number of features.
    public var features: Int { means.first?.count ?? 0 }

    /// Checks shapes (k, k×k, k×d, k×d), probabilities and positive variances.
    func validate(features d: Int, routine: String) throws(RegimeError) {
        let k = startProbabilities.count
        guard k >= 1 else { throw RegimeError(routine: routine, reason: "at least one state is needed") }
        guard transitions.count == k, transitions.allSatisfy({ $0.count == k }) else {
            throw RegimeError(routine: routine, reason: "transitions must be \(k)×\(k)")
        }
        guard means.count == k, means.allSatisfy({ $0.count == d }) else {
            throw RegimeError(routine: routine, reason: "means must be \(k)×\(d) (states × features)")
        }
        guard variances.count == k, variances.allSatisfy({ $0.count == d }) else {
            throw RegimeError(routine: routine, reason: "variances must be \(k)×\(d) (states × features)")
        }
        guard startProbabilities.allSatisfy({ $0 >= 0 && $0.isFinite }),
            transitions.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0.isFinite } })
        else { throw RegimeError(routine: routine, reason: "probabilities must be finite and non-negative") }
        guard variances.allSatisfy({ $0.allSatisfy { $0 > 0 && $0.isFinite } }),
            means.allSatisfy({ $0.allSatisfy(\.isFinite) })
        else { throw RegimeError(routine: routine, reason: "means must be finite and variances positive") }
    }
}
