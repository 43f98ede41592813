/// Historical value at risk: the empirical (1 − c) quantile of the returns.
///
/// `VaR_c = quantile(r, 1 − c)` with numpy's default linear interpolation between
/// order statistics (`np.percentile(r, 100(1 − c))`, Hyndman & Fan type 7), at
/// confidence `c` (default 0.95). Per period, not annualised.
///
/// Sign: reported as the return itself, so a loss is NEGATIVE (−0.03 = "on the
/// worst 5% of bars the return is −3% or worse"). A series without losses can have a
/// positive VaR.
///
/// Agrees with empyrical `value_at_risk(returns, cutoff = 1 − c)`.
///
/// Degenerate input → NaN: an empty series, or `c` outside [0, 1].
///
/// ```swift
/// ValueAtRisk.compute(dailyReturns, confidence: 0.99)
/// ```
public enum ValueAtRisk: ReturnStatistic, SeriesStatistic {
    public static let name = "value_at_risk"

    /// The 95% historical VaR.
    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        compute(returns, confidence: 0.95)
    }

    /// The historical VaR at `confidence` (e.g. 0.95 or 0.99).
    public static func compute(_ returns: UnsafeBufferPointer<Double>, confidence: Double) -> Double {
        let tail = EmpiricalQuantile.tailProbability(confidence: confidence)
        guard !returns.isEmpty, !tail.isNaN else { return .nan }
        let sorted = EmpiricalQuantile.ascending(returns)
        return sorted.withUnsafeBufferPointer {
            EmpiricalQuantile.sorted($0, probability: (100 * tail) / 100)
        }
    }

    /// The historical VaR at `confidence` of any collection of returns.
    public static func compute<C: Collection>(_ returns: C, confidence: Double) -> Double
    where C.Element == Double {
        withContiguousBuffer(returns) { compute($0, confidence: confidence) }
    }
}
