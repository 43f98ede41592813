#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Forward filtering: the state distribution given the observations up to now only.
///
/// **Formula** (Rabiner 1989, eqs. 19–20, the forward variable, here in log space):
/// log α_0(i) = log π_i + log b_i(x_0),
/// log α_t(j) = logsumexp_i [log α_{t−1}(i) + log A_ij] + log b_j(x_t),
/// and the filtered probability is α normalised per row,
/// P(s_t = i | x_0 … x_t) = exp(log α_t(i) − logsumexp_j log α_t(j)).
///
/// Row t depends on rows 0…t only, so (with parameters fitted on earlier data) it is a
/// causal, per-bar rule — unlike ``GaussianHMMModel/posteriors(_:)`` (forward–backward
/// smoothing) and ``GaussianHMMModel/viterbi(_:)``, which use every row after t as well.
/// At the last row the filtered and smoothed distributions coincide (β_{n−1} = 1).
///
/// The lattice is hmmlearn 0.3.3's `_hmmc.forward_log(startprob, transmat, log_frameprob)`;
/// `Tests/Fixtures/regimes/hmm_filter.json` holds its rows normalised.
///
/// ```swift
/// let p = try model.filtered(x)          // n × k, each row sums to 1
/// let now = try model.filteredLabels(x)  // argmax per row, lowest state on ties
/// ```
extension GaussianHMMModel {
    /// P(s_t = i | x_0 … x_t) for every row t (n × k).
    ///
    /// Throws when the observations are impossible under the model (every α_t is 0, which
    /// needs zero start or transition probabilities), rather than returning NaN.
    public func filtered(_ x: [[Double]]) throws -> [[Double]] {
        let routine = "GaussianHMMModel.filtered"
        let m = try FlatMatrix(validating: x, routine: routine)
        guard m.cols == (means.first?.count ?? 0) else {
            throw RegimeError(
                routine: routine, reason: "observations have \(m.cols) features, the model \(means.first?.count ?? 0)")
        }
        let kernel = HMMKernel(parameters)
        let lattice = kernel.forward(kernel.logEmissions(m), n: m.rows).lattice
        guard let p = kernel.normalisedRows(lattice, n: m.rows) else {
            throw RegimeError(
                routine: routine,
                reason: "the observations have zero probability under the model (check zero start/transition probabilities)")
        }
        let k = states
        return (0..<m.rows).map { t in Array(p[(t * k)..<((t + 1) * k)]) }
    }

    /// The most probable state of every row given the rows up to it: argmax of
    /// ``filtered(_:)``, the lowest state index on ties.
    public func filteredLabels(_ x: [[Double]]) throws -> [Int] {
        try filtered(x).map(Self.argmax)
    }

    /// The index of the largest value, the first on ties (the causal label of a filtered row).
    public static func argmax(_ row: [Double]) -> Int {
        var best = 0
        for i in row.indices.dropFirst() where row[i] > row[best] { best = i }
        return best
    }
}

extension GaussianHMMModel {
    /// ``filtered(_:)`` one observation at a time: each ``next(_:)`` takes the next row and
    /// returns P(state | rows so far), equal bit for bit to the batch filter's row (the same
    /// log-space recursion, kept as the previous row of the forward lattice; tested), at a
    /// cost that does not grow with the number of rows seen.
    public struct ForwardFilter: Sendable {
        private let kernel: HMMKernel
        private var previous: [Double] = []
        private var current: [Double]
        private var scratch: [Double]

        public init(_ model: GaussianHMMModel) {
            kernel = HMMKernel(model.parameters)
            current = [Double](repeating: 0, count: kernel.k)
            scratch = current
        }

        /// The filtered state probabilities after the observation `x`.
        public mutating func next(_ x: [Double]) throws -> [Double] {
            let routine = "GaussianHMMModel.ForwardFilter.next"
            let m = try FlatMatrix(validating: [x], routine: routine)
            guard m.cols == kernel.d else {
                throw RegimeError(routine: routine, reason: "observations have \(m.cols) features, the model \(kernel.d)")
            }
            let b = kernel.logEmissions(m), k = kernel.k
            let a = kernel.logTransitions
            scratch.withUnsafeMutableBufferPointer { w in
                if previous.isEmpty {
                    for i in 0..<k { current[i] = kernel.logStart[i] + b[i] }
                } else {
                    for j in 0..<k {
                        for i in 0..<k { w[i] = previous[i] + a[i * k + j] }
                        current[j] = LogSpace.logSumExp(w, k) + b[j]
                    }
                }
            }
            previous = current
            guard let p = kernel.normalisedRows(current, n: 1) else {
                throw RegimeError(
                    routine: routine,
                    reason: "the observations have zero probability under the model (check zero start/transition probabilities)")
            }
            return p
        }
    }
}

extension HMMKernel {
    /// exp(lattice[t, i] − logsumexp_j lattice[t, j]) for every row; nil if some row is all −∞.
    func normalisedRows(_ lattice: [Double], n: Int) -> [Double]? {
        var out = [Double](repeating: 0, count: n * k)
        var scratch = [Double](repeating: 0, count: k)
        var impossible = false
        scratch.withUnsafeMutableBufferPointer { w in
            out.withUnsafeMutableBufferPointer { o in
                for t in 0..<n {
                    for i in 0..<k { w[i] = lattice[t * k + i] }
                    let z = LogSpace.logSumExp(w, k)
                    guard z.isFinite else {
                        impossible = true
                        return
                    }
                    for i in 0..<k { o[t * k + i] = exp(w[i] - z) }
                }
            }
        }
        return impossible ? nil : out
    }
}
