/// Gaussian hidden Markov model with diagonal covariances, fitted by Baum-Welch (EM) in log space.
///
/// **Algorithm.** E-step: forward–backward with log-sum-exp (log α, log β), posteriors
/// γ_t(i) and expected transition counts Σ_t ξ_t(i, j). M-step (hmmlearn 0.3.3
/// `GaussianHMM._do_mstep` with its default priors): π ∝ γ_0, A_ij ∝ Σξ(i, j)
/// (entries that start at 0 stay 0), μ_i = Σγx / Σγ,
/// σ²_i = (covariancePrior + Σγ(x − μ)²) / max(Σγ, 1e-5), floored at `minCovariance`.
/// Iterate until the log-likelihood gain is below `tolerance` or `iterations` run out.
///
/// **Initialisation** (hmmlearn `GaussianHMM._init`): means from k-means (`kmeansStarts`
/// restarts), every state's variances = the data variance (ddof 1) + `minCovariance`,
/// uniform start and transition probabilities (hmmlearn ≤ 0.2; 0.3 draws them from
/// Dirichlet(1/k), which we avoid because near-zero entries can never recover).
/// Start `s` of `config.starts` seeds its k-means with stream `"\(stream)/start/\(s)"`;
/// the start with the highest final log-likelihood wins (the first on a tie).
///
/// **State labels** are canonicalised: state 0 has the lowest mean of feature 0.
///
/// References: Rabiner (1989), "A tutorial on hidden Markov models", Proc. IEEE 77(2);
/// hmmlearn `GaussianHMM(covariance_type="diag")`. Fixtures in `Tests/Fixtures/regimes/`
/// check agreement with hmmlearn from the same initial parameters.
///
/// ```swift
/// let x = RegimeFeatures.standardized(features).rows       // n × d
/// let model = try GaussianHMM.fit(x, config: .init(states: 2), seed: 42, stream: "hmm")
/// let states = try model.viterbi(x)
/// ```
public enum GaussianHMM {
    /// Fits from `config.starts` seeded initialisations and returns the best, canonicalised.
    public static func fit(_ x: [[Double]], config: GaussianHMMConfig, seed: UInt64, stream: String) throws
        -> GaussianHMMModel
    {
        let routine = "GaussianHMM.fit"
        let m = try FlatMatrix(validating: x, routine: routine, minimumRows: max(2, config.states))
        guard config.states >= 1 else { throw RegimeError(routine: routine, reason: "states must be ≥ 1") }
        guard config.starts >= 1, config.iterations >= 1 else {
            throw RegimeError(routine: routine, reason: "starts and iterations must be ≥ 1")
        }
        let k = config.states
        let variance = m.columnMeanAndVariance(ddof: 1).variance.map { $0 + config.minCovariance }
        var best: GaussianHMMModel?
        for s in 0..<config.starts {
            let kmeans = try KMeans.fit(
                x, config: KMeansConfig(clusters: k, starts: config.kmeansStarts), seed: seed,
                stream: "\(stream)/start/\(s)")
            let initial = GaussianHMMParameters(
                startProbabilities: [Double](repeating: 1 / Double(k), count: k),
                transitions: [[Double]](repeating: [Double](repeating: 1 / Double(k), count: k), count: k),
                means: kmeans.centroids,
                variances: [[Double]](repeating: variance, count: k))
            let model = try baumWelch(m, initial: initial, config: config, routine: routine)
            if let current = best, !(model.logLikelihood > current.logLikelihood) { continue }
            best = model
        }
        guard let best else { throw RegimeError(routine: routine, reason: "no start produced a model") }
        return best.canonicalized()
    }

    /// Runs Baum-Welch from the given initial parameters, keeping their state order.
    ///
    /// For reproducibility and tests: from the same initial parameters, hmmlearn's
    /// `GaussianHMM(covariance_type="diag", init_params="", n_iter=…, tol=…)` reaches the
    /// same parameters, `score` and `predict` path.
    public static func fit(
        _ x: [[Double]], initial: GaussianHMMParameters, iterations: Int = 100, tolerance: Double = 0.01,
        minCovariance: Double = 1e-3, covariancePrior: Double = 1e-2
    ) throws -> GaussianHMMModel {
        let routine = "GaussianHMM.fit(initial:)"
        let m = try FlatMatrix(validating: x, routine: routine)
        let config = GaussianHMMConfig(
            states: initial.states, iterations: iterations, tolerance: tolerance, minCovariance: minCovariance,
            covariancePrior: covariancePrior, starts: 1)
        return try baumWelch(m, initial: initial, config: config, routine: routine)
    }

    static func baumWelch(_ x: FlatMatrix, initial: GaussianHMMParameters, config: GaussianHMMConfig, routine: String)
        throws(RegimeError) -> GaussianHMMModel
    {
        try initial.validate(features: x.cols, routine: routine)
        var p = initial
        var history: [Double] = []
        var converged = false
        let n = x.rows, d = x.cols, k = initial.states
        for _ in 0..<config.iterations {
            let kernel = HMMKernel(p)
            let logB = kernel.logEmissions(x)
            let (fwd, logL) = kernel.forward(logB, n: n)
            let bwd = kernel.backward(logB, n: n)
            let gamma = kernel.posteriors(forward: fwd, backward: bwd, n: n)
            let xi = kernel.transitionCounts(forward: fwd, backward: bwd, logB: logB, logLikelihood: logL, n: n)
            guard logL.isFinite else {
                throw RegimeError(routine: routine, reason: "log-likelihood is not finite; check the initial parameters")
            }
            // Sufficient statistics.
            var post = [Double](repeating: 0, count: k)
            var obs = [Double](repeating: 0, count: k * d)
            var obs2 = [Double](repeating: 0, count: k * d)
            gamma.withUnsafeBufferPointer { g in
                x.values.withUnsafeBufferPointer { xs in
                    for t in 0..<n {
                        for i in 0..<k {
                            let w = g[t * k + i]
                            post[i] += w
                            for j in 0..<d {
                                let v = xs[t * d + j]
                                obs[i * d + j] += w * v
                                obs2[i * d + j] += w * v * v
                            }
                        }
                    }
                }
            }
            // M-step.
            var start = (0..<k).map { p.startProbabilities[$0] == 0 ? 0 : max(gamma[$0], 0) }
            normalise(&start)
            var transitions = p.transitions
            for i in 0..<k {
                var row = (0..<k).map { j in p.transitions[i][j] == 0 ? 0 : max(xi[i * k + j], 0) }
                normalise(&row)
                transitions[i] = row
            }
            var means = p.means
            var variances = p.variances
            for i in 0..<k where post[i] > 0 {
                for j in 0..<d {
                    let mu = obs[i * d + j] / post[i]
                    let cn = obs2[i * d + j] - 2 * mu * obs[i * d + j] + mu * mu * post[i]
                    means[i][j] = mu
                    variances[i][j] = max((config.covariancePrior + cn) / max(post[i], 1e-5), config.minCovariance)
                }
            }
            p = GaussianHMMParameters(
                startProbabilities: start, transitions: transitions, means: means, variances: variances)
            history.append(logL)
            if history.count >= 2, history[history.count - 1] - history[history.count - 2] < config.tolerance {
                converged = true
                break
            }
        }
        let final = HMMKernel(p).forward(HMMKernel(p).logEmissions(x), n: n).logLikelihood
        return GaussianHMMModel(
            parameters: p, logLikelihood: final, iterations: history.count, converged: converged, history: history)
    }

    /// Divides by the sum (a zero sum leaves the zeros), as hmmlearn `normalize`.
    private static func normalise(_ v: inout [Double]) {
        let s = v.reduce(0, +)
        guard s != 0 else { return }
        for i in v.indices { v[i] /= s }
    }
}
