/// Descriptive statistics of a regime label path.
///
/// - `transitions[i][j]`: the share of bars in state i followed by state j (rows sum to 1;
///   a state never left — never seen before the last bar — has a row of NaN).
/// - `occupancy[i]`: the fraction of bars in state i.
/// - `meanRunLength[i]`: the mean length of maximal runs of state i (NaN if unseen).
/// - `expectedDuration[i]`: 1 / (1 − p_ii) from the empirical matrix (∞ when p_ii = 1, NaN if unseen),
///   the mean sojourn of a Markov chain; ``expectedDurations(transitions:)`` applies it to a fitted
///   HMM's matrix.
///
/// ```swift
/// let stats = RegimeStatistics(labels: [0, 0, 1, 1, 1, 0], states: 2)
/// stats.transitions      // [[0.5, 0.5], [0.333…, 0.666…]]
/// stats.meanRunLength    // [1.5, 3]
/// RegimeStatistics.expectedDurations(transitions: model.transitions)
/// ```
public struct RegimeStatistics: Sendable, Equatable {
    public var states: Int
    public var transitions: [[Double]]
    public var occupancy: [Double]
    public var meanRunLength: [Double]
    public var expectedDuration: [Double]

    /// Statistics of `labels` (each in 0..<states).
    public init(labels: [Int], states: Int) {
        precondition(states >= 1, "RegimeStatistics: states must be ≥ 1")
        precondition(labels.allSatisfy { $0 >= 0 && $0 < states }, "RegimeStatistics: label out of range")
        self.states = states
        var counts = [[Double]](repeating: [Double](repeating: 0, count: states), count: states)
        var occupied = [Double](repeating: 0, count: states)
        var runs = [Double](repeating: 0, count: states)
        for (t, l) in labels.enumerated() {
            occupied[l] += 1
            if t == 0 || labels[t - 1] != l { runs[l] += 1 }
            if t > 0 { counts[labels[t - 1]][l] += 1 }
        }
        transitions = counts.map { row in
            let s = row.reduce(0, +)
            return s > 0 ? row.map { $0 / s } : row.map { _ in Double.nan }
        }
        let n = Double(labels.count)
        occupancy = occupied.map { n > 0 ? $0 / n : .nan }
        meanRunLength = (0..<states).map { runs[$0] > 0 ? occupied[$0] / runs[$0] : .nan }
        expectedDuration = Self.expectedDurations(transitions: transitions)
    }

    /// 1 / (1 − p_ii) for each state of a transition matrix (∞ when p_ii = 1; NaN stays NaN).
    public static func expectedDurations(transitions: [[Double]]) -> [Double] {
        transitions.indices.map { i in
            let p = transitions[i][i]
            if p.isNaN { return .nan }
            return p >= 1 ? .infinity : 1 / (1 - p)
        }
    }
}
