#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fitted Gaussian HMM with diagonal covariances, and inference on new observations.
///
/// Observations are row-major `[[Double]]`: n rows (time) × d features, the same
/// features the model was fitted on. Decoding (``viterbi(_:)``), smoothing
/// (``posteriors(_:)``) and scoring (``score(_:)``) run in log space as hmmlearn's
/// `predict`, `predict_proba` and `score`.
///
/// ```swift
/// let model = try GaussianHMM.fit(x, config: .init(states: 2), seed: 7, stream: "hmm")
/// let path = try model.viterbi(x)           // one state per row
/// let p = try model.posteriors(x)           // n × k, rows sum to 1
/// let bic = try model.bic(x)                // −2 log L + p ln n
/// ```
public struct GaussianHMMModel: Sendable, Equatable {
    /// π: the probability of each state at the first observation.
    public var startProbabilities: [Double]
    /// A: `transitions[i][j]` = P(j at t+1 | i at t); rows sum to 1.
    public var transitions: [[Double]]
    /// Per-state emission means (k × d).
    public var means: [[Double]]
    /// Per-state emission variances (k × d, the diagonal of each covariance).
    public var variances: [[Double]]
    /// The log-likelihood of the training data under these (final) parameters.
    public var logLikelihood: Double
    /// EM iterations run (hmmlearn `monitor_.iter`).
    public var iterations: Int
    /// Whether EM stopped because the gain fell below the tolerance (not because iterations ran out).
    public var converged: Bool
    /// The log-likelihood before each M-step, one per iteration (hmmlearn `monitor_.history`).
    public var history: [Double]

    public init(
        parameters: GaussianHMMParameters, logLikelihood: Double, iterations: Int, converged: Bool,
        history: [Double] = []
    ) {
        startProbabilities = parameters.startProbabilities
        transitions = parameters.transitions
        means = parameters.means
        variances = parameters.variances
        self.logLikelihood = logLikelihood
        self.iterations = iterations
        self.converged = converged
        self.history = history
    }

    /// The parameters alone.
    public var parameters: GaussianHMMParameters {
        GaussianHMMParameters(
            startProbabilities: startProbabilities, transitions: transitions, means: means, variances: variances)
    }

    /// The number of states k.
    public var states: Int { startProbabilities.count }

    /// Free parameters: (k − 1) start + k(k − 1) transition + k·d means + k·d variances.
    public var parameterCount: Int {
        let k = states
        let d = means.first?.count ?? 0
        return (k - 1) + k * (k - 1) + 2 * k * d
    }

    /// The most likely state path (Viterbi decoding; hmmlearn `predict`).
    public func viterbi(_ x: [[Double]]) throws -> [Int] {
        let (kernel, m) = try prepare(x, "GaussianHMMModel.viterbi")
        return kernel.viterbi(kernel.logEmissions(m), n: m.rows).path
    }

    /// P(state i at t | all observations), n × k (hmmlearn `predict_proba`).
    public func posteriors(_ x: [[Double]]) throws -> [[Double]] {
        let (kernel, m) = try prepare(x, "GaussianHMMModel.posteriors")
        let logB = kernel.logEmissions(m)
        let fwd = kernel.forward(logB, n: m.rows).lattice
        let bwd = kernel.backward(logB, n: m.rows)
        let gamma = kernel.posteriors(forward: fwd, backward: bwd, n: m.rows)
        return (0..<m.rows).map { t in Array(gamma[(t * states)..<((t + 1) * states)]) }
    }

    /// log P(observations | model) by the forward algorithm (hmmlearn `score`).
    public func score(_ x: [[Double]]) throws -> Double {
        let (kernel, m) = try prepare(x, "GaussianHMMModel.score")
        return kernel.forward(kernel.logEmissions(m), n: m.rows).logLikelihood
    }

    /// Bayesian information criterion `−2 log L + p ln n` with log L = ``score(_:)`` and p = ``parameterCount``.
    public func bic(_ x: [[Double]]) throws -> Double {
        let logL = try score(x)
        return -2 * logL + Double(parameterCount) * log(Double(x.count))
    }

    /// The same model with states relabelled by the mean of feature 0, ascending.
    public func canonicalized() -> GaussianHMMModel {
        let (order, _) = Canonical.order(byFirstFeatureOf: means)
        var copy = self
        copy.startProbabilities = order.map { startProbabilities[$0] }
        copy.transitions = order.map { i in order.map { j in transitions[i][j] } }
        copy.means = order.map { means[$0] }
        copy.variances = order.map { variances[$0] }
        return copy
    }

    private func prepare(_ x: [[Double]], _ routine: String) throws(RegimeError) -> (HMMKernel, FlatMatrix) {
        let m = try FlatMatrix(validating: x, routine: routine)
        guard m.cols == (means.first?.count ?? 0) else {
            throw RegimeError(
                routine: routine, reason: "observations have \(m.cols) features, the model \(means.first?.count ?? 0)")
        }
        return (HMMKernel(parameters), m)
    }
}
