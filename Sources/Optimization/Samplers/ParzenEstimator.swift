#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Market

/// A one-parameter Parzen estimator: a weighted mixture of truncated normals, one kernel per
/// observation plus a prior kernel, as Optuna's `_ParzenEstimator` builds for a
/// `FloatDistribution` / `IntDistribution(step=1)` (optuna/samplers/_tpe/parzen_estimator.py).
///
/// - Space: kernels live in the transformed space — `log x` for log-scale parameters, and for
///   integers the bounds are widened to `[low − ½, high + ½]` (before the log), so each whole
///   number owns a unit cell. The density of an integer `k` is the kernel mass over
///   `[k − ½, k + ½]` (in log space when `log`), renormalised to the widened bounds.
/// - Kernels: `mu` = the observation; `sigma` = the larger gap to its sorted neighbours, the
///   bounds acting as neighbours; without `consider_endpoints` the first and last kernels use
///   their inner gap only (when there are ≥ 2 observations). Sigmas are clipped to
///   `[(high − low) / min(100, n + 2), high − low]` (the "magic clip"; `1e-12` as the lower
///   bound without it). The prior kernel sits at the midpoint with `sigma = high − low`.
/// - Weights: `weights(n)` for the observations (Optuna's ``TPEConfig/defaultWeights(_:)``
///   unless given), `priorWeight` appended, normalised; with no observation only the prior.
/// - `logPDF` is in the transformed space (no Jacobian), exactly as Optuna's `log_pdf`: TPE
///   compares log l(x) − log g(x), where a Jacobian would cancel.
public struct ParzenEstimator: Sendable {
    public let parameter: SamplerParameter
    public let mus: [Double]
    public let sigmas: [Double]
    /// The normalised mixture weights (observations in the given order, then the prior).
    public let weights: [Double]
    /// Bounds in the transformed space (widened by ½ for integers, then logged when `log`).
    let low: Double
    let high: Double
    let discrete: Bool
    /// log(weight) − log(mass of the kernel inside the bounds) [− log sigma for continuous].
    private let logConstants: [Double]
    /// log sigma of each kernel (for the cheap upper bound of a kernel's mass over a cell).
    private let logSigmas: [Double]
    private let cumulativeWeights: [Double]
    /// Integer kernels on the integer lattice, for ``logPDFs(_:)`` (nil when not applicable).
    private let lattice: KernelLattice?

    public init(
        observations: [Double], parameter: SamplerParameter, priorWeight: Double = 1.0,
        magicClip: Bool = true, endpoints: Bool = false, weights customWeights: [Double]? = nil
    ) {
        precondition(priorWeight >= 0, "prior weight must be non-negative")
        self.parameter = parameter
        discrete = parameter.kind == .integer
        var lo = parameter.lowerBound, hi = parameter.upperBound
        if discrete { lo -= 0.5; hi += 0.5 }
        var obs = observations
        if parameter.log {
            lo = log(lo); hi = log(hi)
            obs = obs.map { log($0) }
        }
        low = lo
        high = hi
        let n = obs.count

        var w: [Double]
        if n == 0 {
            w = [1.0]
        } else {
            w = Array((customWeights ?? TPEConfig.defaultWeights(n)).prefix(n))
            precondition(w.count == n && w.allSatisfy { $0 >= 0 && $0.isFinite }, "weights must be \(n) finite non-negative numbers")
            w.append(priorWeight)
        }
        let total = w.reduce(0, +)
        w = w.map { $0 / total }
        weights = w

        // Bandwidths (compute_sigmas in Optuna).
        var sig = [Double](repeating: 0, count: n)
        if n > 0 {
            let order = obs.indices.sorted { obs[$0] < obs[$1] || (obs[$0] == obs[$1] && $0 < $1) }
            var ends = [lo]
            ends.reserveCapacity(n + 2)
            for i in order { ends.append(obs[i]) }
            ends.append(hi)
            var sortedSigmas = [Double](repeating: 0, count: n)
            for k in 0..<n {
                let leftGap: Double = ends[k + 1] - ends[k]
                let rightGap: Double = ends[k + 2] - ends[k + 1]
                sortedSigmas[k] = max(leftGap, rightGap)
            }
            if !endpoints, ends.count >= 4 {
                sortedSigmas[0] = ends[2] - ends[1]
                sortedSigmas[n - 1] = ends[n] - ends[n - 1]
            }
            let maxSigma = hi - lo
            let minSigma = magicClip ? (hi - lo) / min(100.0, 1.0 + Double(n + 1)) : 1e-12
            for (rank, i) in order.enumerated() {
                sig[i] = min(max(sortedSigmas[rank], minSigma), maxSigma)
            }
        }
        var m = obs
        m.append(0.5 * (lo + hi))
        sig.append(hi - lo)
        mus = m
        sigmas = sig

        let lattice = discrete && !parameter.log ? KernelLattice(mus: m, sigmas: sig, lower: parameter.lowerBound, upper: parameter.upperBound) : nil
        self.lattice = lattice
        // Kernels with the same (σ, μ) share their truncation mass: computed once, with the same
        // expression, so the same bits.
        var massMemo = lattice.map { [Double](repeating: .nan, count: $0.classCount * ($0.range + 1)) } ?? []
        var constants = [Double](repeating: 0, count: m.count)
        for k in 0..<m.count {
            var mass = Double.nan
            var slot = -1
            if let lattice, lattice.classes[k] >= 0 {
                slot = Int(lattice.classes[k]) * (lattice.range + 1) + lattice.offsets[k]
                mass = massMemo[slot]
            }
            if mass.isNaN {
                let a: Double = (lo - m[k]) / sig[k]
                let b: Double = (hi - m[k]) / sig[k]
                mass = GaussianMath.logGaussMass(a, b)
                if slot >= 0 { massMemo[slot] = mass }
            }
            var c: Double = log(w[k]) - mass
            if parameter.kind != .integer { c -= log(sig[k]) + GaussianMath.logSqrt2Pi }
            constants[k] = c
        }
        logConstants = constants
        logSigmas = sig.map { log($0) }
        var running = 0.0
        cumulativeWeights = w.map { running += $0; return running }
    }

    /// The log-density (log-mass for integers) of `x`, given in the parameter's own units,
    /// in the transformed space; `−∞` outside the bounds.
    public func logPDF(_ x: Double) -> Double {
        let count = mus.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { terms -> Double in
            if discrete {
                var left = x - 0.5, right = x + 0.5
                if parameter.log { left = log(left); right = log(right) }
                // A kernel's mass over the cell is at most width/σ · φ(distance/σ): log bound
                // U_k = log(width) − log σ_k − z²/2 − log √(2π) (+ its constant). The exact term of the
                // kernel with the largest bound is a floor P₀ for the peak; a kernel with U_k + 1 ≤ P₀ − 60
                // cannot pass the log-sum-exp cutoff below, so its (costly) mass is never computed.
                // The terms that are computed, the peak and the sum are exactly those of the full loop.
                let logWidth = log(right - left)
                var best = 0, bestBound = -Double.infinity
                for k in 0..<count {
                    let mu = mus[k]
                    let gap = mu < left ? left - mu : (mu > right ? mu - right : 0)
                    let z = gap / sigmas[k]
                    let bound = logWidth - logSigmas[k] - 0.5 * z * z - GaussianMath.logSqrt2Pi + logConstants[k]
                    terms[k] = bound
                    if bound > bestBound { bestBound = bound; best = k }
                }
                let s0 = sigmas[best]
                let floor = GaussianMath.logGaussMass((left - mus[best]) / s0, (right - mus[best]) / s0) + logConstants[best]
                let skipBelow = floor - 61
                for k in 0..<count {
                    if k == best { terms[k] = floor; continue }
                    guard terms[k] > skipBelow else { terms[k] = -.infinity; continue }
                    let s = sigmas[k]
                    terms[k] = GaussianMath.logGaussMass((left - mus[k]) / s, (right - mus[k]) / s) + logConstants[k]
                }
            } else {
                let t = parameter.log ? log(x) : x
                // every kernel shares the bounds: outside them the density is 0 (Optuna: z < a or z > b)
                guard t >= low, t <= high else { return -.infinity }
                for k in 0..<count {
                    let z = (t - mus[k]) / sigmas[k]
                    terms[k] = -(z * z) / 2.0 + logConstants[k]
                }
            }
            var peak = -Double.infinity
            for k in 0..<count where terms[k] > peak { peak = terms[k] }
            if peak == -.infinity { return -.infinity }
            // log-sum-exp; a term more than 60 below the peak adds < 1e-26 of it, so it is skipped
            // (saves most exponentials for g's far kernels; far below the 1e-9 agreement with Optuna).
            let cutoff = peak - 60
            var sum = 0.0
            for k in 0..<count where terms[k] > cutoff { sum += exp(terms[k] - peak) }
            return log(sum) + peak
        }
    }

    /// The log-densities of several points: bitwise `points.map(logPDF)`, faster for many
    /// points of an integer parameter. There a kernel's mass over the cell of `x` depends only
    /// on its σ and on `x − μ` (both whole numbers, so `x − ½ − μ` is exact): each distinct
    /// (σ, x − μ) pair is computed once, by the same expression as ``logPDF(_:)``. Terms that
    /// `logPDF` skips lie below its log-sum-exp cutoff, so computing them changes nothing.
    public func logPDFs(_ points: [Double]) -> [Double] {
        guard let lattice, points.count > 1 else { return points.map { logPDF($0) } }
        let count = mus.count, width = 2 * lattice.range + 1
        let lower = parameter.lowerBound
        var table = [Double](repeating: .nan, count: lattice.classCount * width)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { terms -> [Double] in
            points.map { x -> Double in
                guard x == x.rounded(), x >= lower, x <= parameter.upperBound else { return logPDF(x) }
                let cell = Int(x - lower)
                let left = x - 0.5, right = x + 0.5
                var peak = -Double.infinity
                for k in 0..<count {
                    let c = Int(lattice.classes[k])
                    var mass = Double.nan
                    var slot = -1
                    if c >= 0 {
                        slot = c * width + (cell - lattice.offsets[k] + lattice.range)
                        mass = table[slot]
                    }
                    if mass.isNaN {
                        let s = sigmas[k]
                        mass = GaussianMath.logGaussMass((left - mus[k]) / s, (right - mus[k]) / s)
                        if slot >= 0 { table[slot] = mass }
                    }
                    let term = mass + logConstants[k]
                    terms[k] = term
                    if term > peak { peak = term }
                }
                if peak == -.infinity { return -.infinity }
                let cutoff = peak - 60
                var sum = 0.0
                for k in 0..<count where terms[k] > cutoff { sum += exp(terms[k] - peak) }
                return log(sum) + peak
            }
        }
    }

    /// One draw: a kernel chosen by weight, then a truncated-normal quantile (Optuna's `sample`);
    /// integers are rounded to the nearest whole number and clipped to the bounds.
    public func sample(using generator: inout SeededGenerator) -> Double {
        let u = generator.nextDouble()
        var k = 0
        while k < cumulativeWeights.count - 1, cumulativeWeights[k] <= u { k += 1 }
        let s = sigmas[k]
        let a = (low - mus[k]) / s, b = (high - mus[k]) / s
        var t = GaussianMath.truncatedPPF(generator.nextDouble(), a, b) * s + mus[k]
        if !t.isFinite { t = mus[k] }
        t = min(max(t, low), high)
        let x = parameter.log ? exp(t) : t
        return parameter.clamp(x)
    }
}

/// The kernels of an integer parameter whose centres are whole numbers, grouped by bandwidth:
/// `classes[k]` numbers kernel k's distinct σ (−1: centre not a whole number, e.g. the prior at
/// a half-integer midpoint), `offsets[k] = μ_k − low`. Built only when the tables it indexes
/// stay small (at most 2²⁰ entries).
struct KernelLattice: Sendable {
    let classes: [Int32]
    let offsets: [Int]
    let classCount: Int
    /// `high − low` of the integer bounds.
    let range: Int

    init?(mus: [Double], sigmas: [Double], lower: Double, upper: Double) {
        guard upper - lower < 1_000_000 else { return nil }
        let range = Int(upper - lower)
        var order: [Int] = []
        order.reserveCapacity(mus.count)
        var offsets = [Int](repeating: 0, count: mus.count)
        for k in mus.indices {
            let mu = mus[k]
            guard mu == mu.rounded(), mu >= lower, mu <= upper, sigmas[k] > 0, sigmas[k].isFinite else { continue }
            offsets[k] = Int(mu - lower)
            order.append(k)
        }
        guard order.count > 1 else { return nil }
        // positive finite doubles order as their bit patterns
        order.sort { sigmas[$0].bitPattern < sigmas[$1].bitPattern || (sigmas[$0] == sigmas[$1] && $0 < $1) }
        var classes = [Int32](repeating: -1, count: mus.count)
        var classCount = 0
        var previous: UInt64?
        for k in order {
            let bits = sigmas[k].bitPattern
            if bits != previous { classCount += 1; previous = bits }
            classes[k] = Int32(classCount - 1)
        }
        guard classCount * (2 * range + 1) <= 1 << 20 else { return nil }
        self.classes = classes
        self.offsets = offsets
        self.classCount = classCount
        self.range = range
    }
}
