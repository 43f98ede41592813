#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inference kernels of a diagonal Gaussian HMM over flat buffers (hmmlearn `_hmmc`, log space).
///
/// Lattices are n × k row-major: `lattice[t * k + i]`.
struct HMMKernel {
    let k: Int
    let d: Int
    var logStart: [Double]
    var logTransitions: [Double]  // k × k
    var means: [Double]  // k × d
    var inverseVariances: [Double]  // k × d
    var logNormaliser: [Double]  // −½(d log 2π + Σ log σ²)

    init(_ p: GaussianHMMParameters) {
        k = p.states
        d = p.features
        logStart = p.startProbabilities.map(LogSpace.safeLog)
        logTransitions = p.transitions.flatMap { $0.map(LogSpace.safeLog) }
        means = p.means.flatMap { $0 }
        let variances = p.variances.flatMap { $0.map { max($0, Double.leastNormalMagnitude) } }
        inverseVariances = variances.map { 1 / $0 }
        logNormaliser = (0..<p.states).map { i in
            var s = Double(p.features) * log(2 * Double.pi)
            for j in 0..<p.features { s += log(variances[i * p.features + j]) }
            return -0.5 * s
        }
    }

    /// log N(x_t | μ_i, diag σ²_i) for every t, i.
    func logEmissions(_ x: FlatMatrix) -> [Double] {
        let n = x.rows
        var out = [Double](repeating: 0, count: n * k)
        x.values.withUnsafeBufferPointer { xs in
            means.withUnsafeBufferPointer { mu in
                inverseVariances.withUnsafeBufferPointer { iv in
                    out.withUnsafeMutableBufferPointer { o in
                        for t in 0..<n {
                            for i in 0..<k {
                                var q = 0.0
                                for j in 0..<d {
                                    let e = xs[t * d + j] - mu[i * d + j]
                                    q += e * e * iv[i * d + j]
                                }
                                o[t * k + i] = logNormaliser[i] - 0.5 * q
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Forward lattice log α and the sequence log-likelihood log Σ_i α_{n−1}(i).
    func forward(_ logB: [Double], n: Int) -> (lattice: [Double], logLikelihood: Double) {
        var fwd = [Double](repeating: 0, count: n * k)
        var scratch = [Double](repeating: 0, count: k)
        var logLikelihood = -Double.infinity
        logB.withUnsafeBufferPointer { b in
            logTransitions.withUnsafeBufferPointer { a in
                fwd.withUnsafeMutableBufferPointer { f in
                    scratch.withUnsafeMutableBufferPointer { w in
                        for i in 0..<k { f[i] = logStart[i] + b[i] }
                        if n > 1 {
                            for t in 1..<n {
                                for j in 0..<k {
                                    for i in 0..<k { w[i] = f[(t - 1) * k + i] + a[i * k + j] }
                                    f[t * k + j] = LogSpace.logSumExp(w, k) + b[t * k + j]
                                }
                            }
                        }
                        for i in 0..<k { w[i] = f[(n - 1) * k + i] }
                        logLikelihood = LogSpace.logSumExp(w, k)
                    }
                }
            }
        }
        return (fwd, logLikelihood)
    }

    /// Backward lattice log β (log β_{n−1} = 0).
    func backward(_ logB: [Double], n: Int) -> [Double] {
        var bwd = [Double](repeating: 0, count: n * k)
        var scratch = [Double](repeating: 0, count: k)
        logB.withUnsafeBufferPointer { b in
            logTransitions.withUnsafeBufferPointer { a in
                bwd.withUnsafeMutableBufferPointer { g in
                    scratch.withUnsafeMutableBufferPointer { w in
                        var t = n - 2
                        while t >= 0 {
                            for i in 0..<k {
                                for j in 0..<k { w[j] = a[i * k + j] + b[(t + 1) * k + j] + g[(t + 1) * k + j] }
                                g[t * k + i] = LogSpace.logSumExp(w, k)
                            }
                            t -= 1
                        }
                    }
                }
            }
        }
        return bwd
    }

    /// Posterior state probabilities γ_t(i) = exp(log α + log β − log-normaliser of row t).
    func posteriors(forward fwd: [Double], backward bwd: [Double], n: Int) -> [Double] {
        var gamma = [Double](repeating: 0, count: n * k)
        var scratch = [Double](repeating: 0, count: k)
        scratch.withUnsafeMutableBufferPointer { w in
            gamma.withUnsafeMutableBufferPointer { g in
                for t in 0..<n {
                    for i in 0..<k { w[i] = fwd[t * k + i] + bwd[t * k + i] }
                    let z = LogSpace.logSumExp(w, k)
                    for i in 0..<k { g[t * k + i] = exp(w[i] - z) }
                }
            }
        }
        return gamma
    }

    /// Σ_t ξ_t(i, j) (expected transition counts), accumulated with log-add-exp as hmmlearn.
    func transitionCounts(forward fwd: [Double], backward bwd: [Double], logB: [Double], logLikelihood: Double, n: Int)
        -> [Double]
    {
        var logXi = [Double](repeating: -.infinity, count: k * k)
        guard n > 1 else { return logXi.map { _ in 0 } }
        fwd.withUnsafeBufferPointer { f in
            bwd.withUnsafeBufferPointer { g in
                logB.withUnsafeBufferPointer { b in
                    logTransitions.withUnsafeBufferPointer { a in
                        logXi.withUnsafeMutableBufferPointer { x in
                            for t in 0..<(n - 1) {
                                for i in 0..<k {
                                    let fi = f[t * k + i] - logLikelihood
                                    for j in 0..<k {
                                        let v = fi + a[i * k + j] + b[(t + 1) * k + j] + g[(t + 1) * k + j]
                                        x[i * k + j] = LogSpace.logAddExp(x[i * k + j], v)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return logXi.map { exp($0) }
    }

    /// The most likely state path (Viterbi); ties go to the lowest state index, as hmmlearn.
    func viterbi(_ logB: [Double], n: Int) -> (path: [Int], logProbability: Double) {
        var lattice = [Double](repeating: 0, count: n * k)
        lattice.withUnsafeMutableBufferPointer { v in
            logTransitions.withUnsafeBufferPointer { a in
                for i in 0..<k { v[i] = logStart[i] + logB[i] }
                if n > 1 {
                    for t in 1..<n {
                        for j in 0..<k {
                            var best = -Double.infinity
                            for i in 0..<k {
                                let s = v[(t - 1) * k + i] + a[i * k + j]
                                if s > best { best = s }
                            }
                            v[t * k + j] = best + logB[t * k + j]
                        }
                    }
                }
            }
        }
        var path = [Int](repeating: 0, count: n)
        var state = 0
        var best = -Double.infinity
        for i in 0..<k {
            let s = lattice[(n - 1) * k + i]
            if i == 0 || s > best {
                best = s
                state = i
            }
        }
        let logProbability = best
        path[n - 1] = state
        var t = n - 2
        while t >= 0 {
            var arg = 0
            var top = -Double.infinity
            for i in 0..<k {
                let s = lattice[t * k + i] + logTransitions[i * k + state]
                if i == 0 || s > top {
                    top = s
                    arg = i
                }
            }
            state = arg
            path[t] = state
            t -= 1
        }
        return (path, logProbability)
    }
}
