/// Majority vote of member signals, bar by bar.
///
/// Each member votes with the sign of its signal (+1 if s > 0, −1 if s < 0, abstains if
/// s = 0). With m members, P positive and N negative votes at a bar, the **net vote** is
/// v = (P − N) / m ∈ [−1, 1], and the combined signal is
///
///     +1 if v > τ,   −1 if v < −τ,   0 otherwise
///
/// for a threshold τ ∈ [0, 1). τ = 0 is the plain majority of signs with ties → 0; τ = ½
/// needs the winning side to outnumber the other by more than half the members
/// (Kuncheva, *Combining Pattern Classifiers*, 2nd ed. 2014, §4.2, "plurality / threshold voting").
///
/// ```swift
/// let s = try SignalMatrix(rows: [[1, 1, -1], [1, -1, 0], [-1, -1, 0]])
/// try Voting.vote(s)                 // [1, 0, -1]
/// try Voting.vote(s, threshold: 0.5) // [0, 0, -1]   (v = 1/3, 0, −2/3)
/// ```
public enum Voting {
    /// The combined signal of every bar of `signals` (bars × members).
    ///
    /// - Throws: ``EnsembleError`` when the matrix has no members or τ ∉ [0, 1).
    public static func vote(_ signals: SignalMatrix, threshold: Double = 0) throws(EnsembleError) -> [Double] {
        try checkThreshold(threshold, routine: "Voting.vote")
        guard signals.members > 0 else { throw EnsembleError(routine: "Voting.vote", reason: "no members") }
        let m = signals.members
        var out = [Double](repeating: 0, count: signals.bars)
        signals.values.withUnsafeBufferPointer { sb in
            out.withUnsafeMutableBufferPointer { ob in
                for t in 0..<signals.bars {
                    ob[t] = vote(UnsafeBufferPointer(rebasing: sb[(t * m)..<((t + 1) * m)]), threshold: threshold)
                }
            }
        }
        return out
    }

    /// The combined signal of one bar's member signals (an empty row gives 0).
    public static func vote(_ row: UnsafeBufferPointer<Double>, threshold: Double = 0) -> Double {
        guard !row.isEmpty else { return 0 }
        var net = 0
        for s in row {
            if s > 0 { net += 1 } else if s < 0 { net -= 1 }
        }
        return decide(Double(net) / Double(row.count), threshold: threshold)
    }

    /// +1 if v > τ, −1 if v < −τ, else 0.
    static func decide(_ v: Double, threshold: Double) -> Double {
        if v > threshold { return 1 }
        if v < -threshold { return -1 }
        return 0
    }

    static func checkThreshold(_ threshold: Double, routine: String) throws(EnsembleError) {
        guard threshold >= 0, threshold < 1 else {
            throw EnsembleError(routine: routine, reason: "threshold must be in [0, 1), got \(threshold)")
        }
    }
}
