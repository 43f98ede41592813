import Backtest
import Market

/// How captured member signals become one ensemble position per symbol (`weighted_average`
/// with regime gating and a rebalancing period).
///
/// For symbol j at bar t of the evaluated range (first bar t₀), with the anchor
/// a(t) = t₀ + k·⌊(t − t₀)/k⌋ (the last rebalancing bar; k = `rebalanceEvery`):
///
///     s_j(t) = Σᵢ wᵢ · gᵢ(a) · s_ij(a)
///
/// with weights w (already constrained: Σw = sum_weights, each 0 or in [min, max]), and
/// the gate gᵢ(a) = 1 unless member i was optimised for regime rᵢ and the causal regime
/// label at a is known with filtered probability ≥ `confidenceThreshold`, in which case
/// gᵢ(a) = [label(a) = rᵢ]. So with a confident label only the members of that regime (and
/// members without a regime) trade; with an uncertain or missing label every member
/// trades. Non-finite member signals count as 0. Members without a signal on a symbol add 0.
/// No normalisation: inactive members leave their weight in cash.
struct EnsembleRule: Sendable, Equatable {
    var weights: [Double]
    var confidenceThreshold: Double?
    var rebalanceEvery: Int
}

/// The regime context over the evaluated range, with each member's regime index.
struct EnsembleRegimes: Sendable {
    var labels: [Int64]
    var probabilities: [Double]
    var memberRegimes: [Int?]
}

enum EnsembleCombiner {
    /// The ensemble's per-symbol signals under `rule` (see ``EnsembleRule``).
    static func combine(_ members: [[[Double]?]], symbols: [String], timestamps: [Int64], rule: EnsembleRule,
                        regimes: EnsembleRegimes?) -> [SignalSeries] {
        let n = timestamps.count
        let k = max(1, rule.rebalanceEvery)
        var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: symbols.count)
        var gates = [Double](repeating: 1, count: members.count)
        var t = 0
        while t < n {
            let a = t
            if let regimes, let threshold = rule.confidenceThreshold {
                setGates(&gates, label: regimes.labels[a], probability: regimes.probabilities[a], threshold: threshold,
                         memberRegimes: regimes.memberRegimes)
            }
            let end = min(n, t + k)
            for j in symbols.indices {
                let value = position(weights: rule.weights, gates: gates) { i in members[i][j].map { $0[a] } }
                for u in t..<end { out[j][u] = value }
            }
            t = end
        }
        return symbols.indices.map { SignalSeries(symbol: symbols[$0], timestamps: timestamps, values: out[$0]) }
    }

    /// The members' gates at a rebalancing bar with causal `label` and its `probability`: with a
    /// confident label only the members of that regime (and those without one) trade.
    @inline(__always)
    static func setGates(_ gates: inout [Double], label: Int64, probability: Double, threshold: Double, memberRegimes: [Int?]) {
        let confident = label >= 0 && probability.isFinite && probability >= threshold
        for i in gates.indices {
            if confident, let r = memberRegimes[i] { gates[i] = Int64(r) == label ? 1 : 0 } else { gates[i] = 1 }
        }
    }

    /// One symbol's ensemble position at a rebalancing bar, Σᵢ wᵢ · gᵢ · sᵢ over the members with
    /// a finite signal on it (`signal(i)`: nil where member i does not trade the symbol).
    @inline(__always)
    static func position(weights: [Double], gates: [Double], signal: (Int) -> Double?) -> Double {
        var value = 0.0
        for i in weights.indices where weights[i] != 0 && gates[i] != 0 {
            guard let s = signal(i) else { continue }
            if s.isFinite { value += weights[i] * gates[i] * s }
        }
        return value
    }

    /// Pearson correlation of the members' gross strategy returns Σⱼ s_ij(t)·r_j(t+1) / J over
    /// the range (for `max_correlation`); a constant series correlates 0 with everything.
    static func correlation(_ members: [[[Double]?]], bars: [BarSeries]) -> [[Double]] {
        let n = bars.first?.count ?? 0
        let returns: [[Double]] = members.map { row in
            (0..<max(0, n - 1)).map { t in
                var total = 0.0
                for (j, series) in bars.enumerated() {
                    guard let signal = row[j], signal[t].isFinite, series.close[t] != 0 else { continue }
                    total += signal[t] * (series.close[t + 1] / series.close[t] - 1)
                }
                return total / Double(max(1, bars.count))
            }
        }
        return EnsembleConstruction.pearson(returns)
    }
}
