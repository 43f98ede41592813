/// Historical conditional value at risk (expected shortfall): the mean of the worst
/// returns at or below the VaR cut.
///
/// With the returns sorted ascending `r_(0) ≤ … ≤ r_(N−1)` and
/// `k = ⌊(N − 1)(1 − c)⌋` (the order statistic at or just below the VaR quantile),
///
/// `CVaR_c = (1 / (k + 1)) Σ_{i=0…k} r_(i)`.
///
/// That is the mean of the returns at or below ``ValueAtRisk``, counted by rank: when
/// several returns tie at the cut, exactly `k + 1` of them are averaged (quantstats'
/// historical CVaR, `mean(r[r ≤ VaR])`, would take every tied value). Per period,
/// not annualised; a loss is NEGATIVE, as for VaR. Confidence default 0.95.
///
/// Agrees with empyrical `conditional_value_at_risk(returns, cutoff = 1 − c)`.
///
/// Degenerate input → NaN: an empty series, or `c` outside [0, 1].
///
/// ```swift
/// ConditionalValueAtRisk.compute(dailyReturns, confidence: 0.95)
/// ```
public enum ConditionalValueAtRisk: ReturnStatistic, SeriesStatistic {
    public static let name = "conditional_value_at_risk"

    /// The 95% historical CVaR.
    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        compute(returns, confidence: 0.95)
    }

    /// The historical CVaR at `confidence` (e.g. 0.95 or 0.99).
    public static func compute(_ returns: UnsafeBufferPointer<Double>, confidence: Double) -> Double {
        let tail = EmpiricalQuantile.tailProbability(confidence: confidence)
        guard !returns.isEmpty, !tail.isNaN else { return .nan }
        let sorted = EmpiricalQuantile.ascending(returns)
        let cutoffIndex = Int((Double(sorted.count - 1) * tail).rounded(.down))
        var total = 0.0
        for index in 0...cutoffIndex { total += sorted[index] }
        return total / Double(cutoffIndex + 1)
    }

    /// The historical CVaR at `confidence` of any collection of returns.
    public static func compute<C: Collection>(_ returns: C, confidence: Double) -> Double
    where C.Element == Double {
        withContiguousBuffer(returns) { compute($0, confidence: confidence) }
    }
}
