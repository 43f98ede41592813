#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Change-point detection by PELT with the L2 cost (ruptures `Pelt(model="l2")`).
///
/// **Algorithm** (Killick, Fearnhead & Eckley 2012, JASA 107(500):1590–1598):
/// F(t) = min over admissible τ < t of [F(τ) + C(y_{τ..t}) + β], with
/// C = Σ_features Σ (y − ȳ)² over the segment (ruptures `CostL2`: `var · length`).
/// Candidate ends lie on the `jump` grid (multiples of `jump` that are ≥ `minSize`, then n);
/// a new admissible start for end t is ⌊(t − minSize)/jump⌋·jump; τ is pruned when
/// F(τ) + C(τ, t) + β > F(t) + β — exactly ruptures 1.1 `Pelt._seg`, including its tie
/// rule (the earliest admissible τ wins).
///
/// **Output** as ruptures `predict(pen:)`: sorted breakpoints, each the END index
/// (exclusive) of a segment, the last equal to n.
///
/// **Penalty.** β is in the cost's units (squared signal). ``defaultPenalty(_:)`` is a
/// BIC-style β = σ̂² · (d + 1) · ln n: each change adds d means and a location, and
/// σ̂² is the noise variance, estimated robustly from first differences
/// (mean over features of (MAD(Δy) / 0.6745)² / 2), so the mean shifts do not inflate it.
///
/// Input: row-major `[[Double]]`, n samples × d features.
///
/// ```swift
/// let signal = (0..<100).map { [$0 < 50 ? 0.0 : 5.0] }
/// let ends = try PELT.breakpoints(signal, penalty: 10)   // [50, 100]
/// let labels = PELT.segmentLabels(breakpoints: ends)      // 0 × 50, 1 × 50
/// ```
public enum PELT {
    /// The breakpoints (segment ends, n last) minimising total L2 cost + β per segment.
    public static func breakpoints(_ signal: [[Double]], penalty: Double, minSize: Int = 2, jump: Int = 5) throws
        -> [Int]
    {
        let routine = "PELT.breakpoints"
        let m = try FlatMatrix(validating: signal, routine: routine)
        guard penalty >= 0, penalty.isFinite else {
            throw RegimeError(routine: routine, reason: "penalty must be finite and ≥ 0, not \(penalty)")
        }
        guard minSize >= 1, jump >= 1 else {
            throw RegimeError(routine: routine, reason: "minSize and jump must be ≥ 1")
        }
        let n = m.rows
        let cost = L2Cost(m)
        var ends = stride(from: 0, to: n, by: jump).filter { $0 >= minSize }
        ends.append(n)
        // best[t]: total cost of the optimal partition of 0..<t; previous[t]: its last start.
        var best = [Double](repeating: .nan, count: n + 1)
        var previous = [Int](repeating: -1, count: n + 1)
        best[0] = 0
        var admissible: [Int] = []
        var totals: [Double] = []
        for end in ends {
            if end >= minSize { admissible.append(((end - minSize) / jump) * jump) }
            totals.removeAll(keepingCapacity: true)
            var kept: [Int] = []
            var minTotal = Double.infinity
            var argStart = -1
            for start in admissible {
                guard start >= 0, start < end, !best[start].isNaN else { continue }
                let total = best[start] + cost.error(start, end) + penalty
                kept.append(start)
                totals.append(total)
                if total < minTotal {
                    minTotal = total
                    argStart = start
                }
            }
            guard argStart >= 0 else {
                admissible = kept
                continue
            }
            best[end] = minTotal
            previous[end] = argStart
            var pruned: [Int] = []
            for (start, total) in zip(kept, totals) where total <= minTotal + penalty { pruned.append(start) }
            admissible = pruned
        }
        guard !best[n].isNaN else {
            throw RegimeError(routine: routine, reason: "signal of \(n) samples is too short for minSize \(minSize)")
        }
        var result: [Int] = []
        var t = n
        while t > 0 {
            result.append(t)
            t = previous[t]
        }
        return result.reversed()
    }

    /// Breakpoints with ``defaultPenalty(_:)``.
    public static func breakpoints(_ signal: [[Double]], minSize: Int = 2, jump: Int = 5) throws -> [Int] {
        try breakpoints(signal, penalty: defaultPenalty(signal), minSize: minSize, jump: jump)
    }

    /// β = σ̂² · (d + 1) · ln n with σ̂² from the MAD of first differences (see the type's notes).
    public static func defaultPenalty(_ signal: [[Double]]) throws -> Double {
        let m = try FlatMatrix(validating: signal, routine: "PELT.defaultPenalty", minimumRows: 3)
        var total = 0.0
        for j in 0..<m.cols {
            var diffs = (1..<m.rows).map { m[$0, j] - m[$0 - 1, j] }
            let med = median(&diffs)
            var deviations = diffs.map { abs($0 - med) }
            let mad = median(&deviations) / 0.6745
            total += mad * mad / 2
        }
        let sigma2 = total / Double(m.cols)
        return max(sigma2, 1e-12) * Double(m.cols + 1) * log(Double(m.rows))
    }

    /// Segment index (0, 1, 2, …) of every sample, from breakpoints as returned above.
    public static func segmentLabels(breakpoints: [Int]) -> [Int] {
        var labels: [Int] = []
        var start = 0
        for (segment, end) in breakpoints.enumerated() {
            if end > start { labels.append(contentsOf: repeatElement(segment, count: end - start)) }
            start = max(start, end)
        }
        return labels
    }

    static func median(_ v: inout [Double]) -> Double {
        v.sort()
        let c = v.count
        guard c > 0 else { return 0 }
        return c % 2 == 1 ? v[c / 2] : 0.5 * (v[c / 2 - 1] + v[c / 2])
    }
}

/// Segment cost Σ_features Σ (y − ȳ)² in O(d) from prefix sums of the centred signal.
struct L2Cost {
    let d: Int
    var sum: [Double]  // (n + 1) × d
    var squares: [Double]

    init(_ m: FlatMatrix) {
        d = m.cols
        let mean = m.columnMeanAndVariance().mean
        sum = [Double](repeating: 0, count: (m.rows + 1) * d)
        squares = sum
        for t in 0..<m.rows {
            for j in 0..<d {
                let v = m.values[t * d + j] - mean[j]
                sum[(t + 1) * d + j] = sum[t * d + j] + v
                squares[(t + 1) * d + j] = squares[t * d + j] + v * v
            }
        }
    }

    @inline(__always)
    func error(_ start: Int, _ end: Int) -> Double {
        let length = Double(end - start)
        var c = 0.0
        for j in 0..<d {
            let s = sum[end * d + j] - sum[start * d + j]
            let q = squares[end * d + j] - squares[start * d + j]
            c += max(q - s * s / length, 0)
        }
        return c
    }
}
