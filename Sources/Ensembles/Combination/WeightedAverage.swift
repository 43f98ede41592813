/// Weighted linear combination of member signals, bar by bar: cₜ = Σᵢ wᵢ sₜᵢ.
///
/// The weights are used as given (not normalised; pass weights summing to 1 for a weighted
/// mean, e.g. from ``ConstrainedWeights``). With ``Output/sign(threshold:)`` the result is
/// +1 if cₜ > τ, −1 if cₜ < −τ, else 0 (Timmermann, "Forecast combinations",
/// *Handbook of Economic Forecasting* 1, 2006, §2: linear combinations).
///
/// ```swift
/// let s = try SignalMatrix(rows: [[1, -1], [1, 1]])
/// try WeightedAverage.combine(s, weights: [0.7, 0.3])                           // [0.4, 1.0]
/// try WeightedAverage.combine(s, weights: [0.7, 0.3], output: .sign(threshold: 0.5))  // [0, 1]
/// ```
public enum WeightedAverage {
    /// What ``combine(_:weights:output:)`` returns per bar.
    public enum Output: Sendable, Equatable {
        /// cₜ itself.
        case raw
        /// +1 if cₜ > threshold, −1 if cₜ < −threshold, else 0 (threshold ≥ 0).
        case sign(threshold: Double)
    }

    /// Σᵢ wᵢ sₜᵢ for every bar (then the chosen output mapping).
    ///
    /// - Throws: ``EnsembleError`` when `weights.count` differs from the member count, a
    ///   weight is not finite, or the sign threshold is negative or not finite.
    public static func combine(_ signals: SignalMatrix, weights: [Double], output: Output = .raw)
        throws(EnsembleError) -> [Double]
    {
        let routine = "WeightedAverage.combine"
        let m = signals.members
        guard weights.count == m else {
            throw EnsembleError(routine: routine, reason: "\(weights.count) weights for \(m) members")
        }
        for (i, w) in weights.enumerated() where !w.isFinite {
            throw EnsembleError(routine: routine, reason: "weight \(i) is not finite (\(w))")
        }
        if case .sign(let threshold) = output, !(threshold >= 0 && threshold.isFinite) {
            throw EnsembleError(routine: routine, reason: "threshold must be ≥ 0 and finite, got \(threshold)")
        }
        var out = [Double](repeating: 0, count: signals.bars)
        signals.values.withUnsafeBufferPointer { sb in
            weights.withUnsafeBufferPointer { wb in
                out.withUnsafeMutableBufferPointer { ob in
                    for t in 0..<signals.bars {
                        var c = 0.0
                        for j in 0..<m { c += wb[j] * sb[t * m + j] }
                        switch output {
                        case .raw: ob[t] = c
                        case .sign(let threshold): ob[t] = Voting.decide(c, threshold: threshold)
                        }
                    }
                }
            }
        }
        return out
    }
}
