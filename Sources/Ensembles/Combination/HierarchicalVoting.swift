/// A named group of members for ``HierarchicalVoting``.
public struct VotingGroup: Sendable, Equatable {
    /// A label (e.g. "trend", "mean-reversion"); names must be unique.
    public var name: String
    /// Member (column) indices of the group, at least one.
    public var members: [Int]
    /// The group's weight in the vote across groups (≥ 0, finite).
    public var weight: Double

    public init(name: String, members: [Int], weight: Double = 1) {
        self.name = name
        self.members = members
        self.weight = weight
    }
}

/// Two-level voting: a majority vote inside each group, then a weighted vote across groups.
///
/// Level 1: group g's signal is ``Voting`` over its members, g⁽ᵗ⁾ ∈ {−1, 0, 1} with threshold
/// τ₁. Level 2: the net vote v = Σ_g ω_g g⁽ᵗ⁾ / Σ_g ω_g with the group weights ω, and the
/// combined signal +1 if v > τ₂, −1 if v < −τ₂, else 0. With equal weights level 2 is the
/// plain majority of group signals (ties → 0); a group whose own vote ties counts as 0.
/// This keeps a family of many similar members from outvoting a family of few
/// (Kuncheva 2014, §4.2; hierarchical / two-stage majority voting).
///
/// Groups are read in the order given, so the result does not depend on any hashing order.
///
/// ```swift
/// let s = try SignalMatrix(rows: [[1, 1, 1, -1]])
/// let groups = [VotingGroup(name: "trend", members: [0, 1, 2]), VotingGroup(name: "reversion", members: [3])]
/// try HierarchicalVoting.vote(s, groups: groups)   // [0]: the groups tie
/// ```
public enum HierarchicalVoting {
    /// The combined signal of every bar.
    ///
    /// - Throws: ``EnsembleError`` for no groups, an empty group, a member index out of range
    ///   or listed twice, duplicate group names, negative / non-finite weights or all-zero
    ///   weights, thresholds outside [0, 1).
    public static func vote(
        _ signals: SignalMatrix, groups: [VotingGroup], withinThreshold: Double = 0, acrossThreshold: Double = 0
    ) throws(EnsembleError) -> [Double] {
        let routine = "HierarchicalVoting.vote"
        try Voting.checkThreshold(acrossThreshold, routine: routine)
        let perGroup = try groupSignals(signals, groups: groups, threshold: withinThreshold)
        var total = 0.0
        for g in groups { total += g.weight }
        guard total > 0 else { throw EnsembleError(routine: routine, reason: "group weights sum to 0") }
        let k = groups.count
        let weights = groups.map(\.weight)
        var out = [Double](repeating: 0, count: signals.bars)
        perGroup.values.withUnsafeBufferPointer { gb in
            for t in 0..<signals.bars {
                var v = 0.0
                for j in 0..<k { v += weights[j] * gb[t * k + j] }
                out[t] = Voting.decide(v / total, threshold: acrossThreshold)
            }
        }
        return out
    }

    /// The level-1 signals: bars × groups, column j the vote inside `groups[j]`.
    public static func groupSignals(_ signals: SignalMatrix, groups: [VotingGroup], threshold: Double = 0)
        throws(EnsembleError) -> SignalMatrix
    {
        let routine = "HierarchicalVoting.groupSignals"
        try Voting.checkThreshold(threshold, routine: routine)
        guard !groups.isEmpty else { throw EnsembleError(routine: routine, reason: "no groups") }
        var used = [Bool](repeating: false, count: signals.members)
        for (j, g) in groups.enumerated() {
            guard !g.members.isEmpty else { throw EnsembleError(routine: routine, reason: "group '\(g.name)' is empty") }
            guard g.weight >= 0, g.weight.isFinite else {
                throw EnsembleError(routine: routine, reason: "group '\(g.name)' weight must be ≥ 0 and finite, got \(g.weight)")
            }
            for other in groups[..<j] where other.name == g.name {
                throw EnsembleError(routine: routine, reason: "group name '\(g.name)' appears twice")
            }
            for i in g.members {
                guard i >= 0, i < signals.members else {
                    throw EnsembleError(
                        routine: routine, reason: "group '\(g.name)' lists member \(i); there are \(signals.members)")
                }
                guard !used[i] else {
                    throw EnsembleError(routine: routine, reason: "member \(i) is listed twice (group '\(g.name)')")
                }
                used[i] = true
            }
        }
        let m = signals.members
        let k = groups.count
        var out = [Double](repeating: 0, count: signals.bars * k)
        var row = [Double](repeating: 0, count: m)
        signals.values.withUnsafeBufferPointer { sb in
            for t in 0..<signals.bars {
                for (j, g) in groups.enumerated() {
                    let n = g.members.count
                    for (q, i) in g.members.enumerated() { row[q] = sb[t * m + i] }
                    out[t * k + j] = row.withUnsafeBufferPointer { rb in
                        Voting.vote(UnsafeBufferPointer(rebasing: rb[0..<n]), threshold: threshold)
                    }
                }
            }
        }
        return SignalMatrix(unchecked: signals.bars, k, out)
    }
}
