/// Parametric (Gaussian) value at risk: the (1 − c) quantile of a normal distribution
/// fitted to the returns.
///
/// `VaR_c = μ + σ · Φ⁻¹(1 − c)` with `μ` the mean and `σ` the sample standard
/// deviation (ddof = 1) of the returns, and `Φ⁻¹` ``NormalDistribution/quantile(_:)``.
/// Per period, not annualised; a loss is NEGATIVE, as for ``ValueAtRisk``.
/// Confidence default 0.95.
///
/// Agrees with quantstats `value_at_risk(returns, sigma = 1, confidence = c)`;
/// LEAN `GetValueAtRisk` uses the same formula over a lookback.
///
/// Degenerate input → NaN: fewer than two returns, or `c` outside [0, 1].
///
/// ```swift
/// GaussianValueAtRisk.compute(dailyReturns, confidence: 0.99)
/// ```
public enum GaussianValueAtRisk: ReturnStatistic, SeriesStatistic {
    public static let name = "gaussian_value_at_risk"

    /// The 95% Gaussian VaR.
    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        compute(returns, confidence: 0.95)
    }

    /// The Gaussian VaR at `confidence` (e.g. 0.95 or 0.99).
    public static func compute(_ returns: UnsafeBufferPointer<Double>, confidence: Double) -> Double {
        let tail = EmpiricalQuantile.tailProbability(confidence: confidence)
        guard returns.count >= 2, !tail.isNaN else { return .nan }
        let mean = Moments.mean(returns)
        let deviation = Moments.sampleStandardDeviation(returns)
        return NormalDistribution.quantile(tail, mean: mean, standardDeviation: deviation)
    }

    /// The Gaussian VaR at `confidence` of any collection of returns.
    public static func compute<C: Collection>(_ returns: C, confidence: Double) -> Double
    where C.Element == Double {
        withContiguousBuffer(returns) { compute($0, confidence: confidence) }
    }
}
