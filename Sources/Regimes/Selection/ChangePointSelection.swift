/// The chosen grouping of PELT segments into regimes and every candidate's silhouette.
public struct ChangePointSelection: Sendable, Equatable {
    /// The chosen number of regimes.
    public var regimes: Int
    /// PELT breakpoints of the signal (segment ends, n last; indices into the signal given).
    public var breakpoints: [Int]
    /// The PELT penalty β used.
    public var penalty: Double
    /// The segments grouped into the chosen number of regimes.
    public var mapping: SegmentRegimes
    /// The mean silhouette of each candidate's sample labels (NaN where undefined).
    public var scores: [RegimeCandidateScore]

    public init(
        regimes: Int, breakpoints: [Int], penalty: Double, mapping: SegmentRegimes, scores: [RegimeCandidateScore]
    ) {
        self.regimes = regimes
        self.breakpoints = breakpoints
        self.penalty = penalty
        self.mapping = mapping
        self.scores = scores
    }
}

extension RegimeSelection {
    /// Change-point regimes: PELT breakpoints (L2 cost, `minSize` 2, `jump` 5, the penalty
    /// given or ``PELT/defaultPenalty(_:)``), then for each candidate k ≤ the number of
    /// segments ``SegmentRegimes/assign(_:breakpoints:regimes:seed:stream:)`` with stream
    /// `"\(stream)/k=\(k)"`, scored by the mean silhouette of the per-sample labels
    /// (Rousseeuw 1987). The highest silhouette wins, ties to the fewer regimes; a candidate
    /// whose silhouette is undefined (one distinct label) scores NaN and wins only if no
    /// candidate has a score. Candidates above the number of segments are not scored.
    ///
    /// The segmentation is ex post (PELT sees the whole signal); see ``SegmentRegimes`` for
    /// the causal nearest-centroid rule.
    ///
    /// ```swift
    /// let pick = try RegimeSelection.changePoint(x, candidates: [2, 3], seed: 1, stream: "cp")
    /// pick.breakpoints    // e.g. [120, 310, 500]
    /// pick.mapping.labels
    /// ```
    public static func changePoint(
        _ x: [[Double]], candidates: [Int], penalty: Double? = nil, seed: UInt64, stream: String
    ) throws -> ChangePointSelection {
        let routine = "RegimeSelection.changePoint"
        let ks = Array(Set(candidates)).sorted()
        guard !ks.isEmpty, ks.allSatisfy({ $0 >= 1 }) else {
            throw RegimeError(routine: routine, reason: "candidates must be non-empty and ≥ 1")
        }
        let beta = try penalty ?? PELT.defaultPenalty(x)
        let breakpoints = try PELT.breakpoints(x, penalty: beta, minSize: 2, jump: 5)
        var best: (k: Int, mapping: SegmentRegimes, score: Double)?
        var scores: [RegimeCandidateScore] = []
        for k in ks where k <= breakpoints.count {
            let mapping = try SegmentRegimes.assign(
                x, breakpoints: breakpoints, regimes: k, seed: seed, stream: "\(stream)/k=\(k)")
            let score = (try? Silhouette.score(x, labels: mapping.labels)) ?? .nan
            scores.append(RegimeCandidateScore(regimes: k, score: score))
            if let b = best, b.score.isNaN ? score.isNaN : !(score > b.score) { continue }
            best = (k, mapping, score)
        }
        guard let best else {
            throw RegimeError(
                routine: routine,
                reason: "PELT found \(breakpoints.count) segment(s), fewer than the smallest candidate (\(ks[0])) regimes; "
                    + "use more rows, fewer regimes or a lower penalty")
        }
        return ChangePointSelection(
            regimes: best.k, breakpoints: breakpoints, penalty: beta, mapping: best.mapping, scores: scores)
    }
}
