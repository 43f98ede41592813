/// Parametric (Gaussian) expected shortfall: the mean of a fitted normal
/// distribution below its (1 − c) quantile.
///
/// `ES_c = μ − σ · φ(Φ⁻¹(α)) / α`, `α = 1 − c`,
///
/// with `μ` the mean and `σ` the sample standard deviation (ddof = 1) of the
/// returns — the same fit as ``GaussianValueAtRisk``, so `ES_c ≤ VaR_c` — `φ`
/// ``NormalDistribution/pdf(_:)`` and `Φ⁻¹` ``NormalDistribution/quantile(_:)``.
/// Per period, not annualised; a loss is NEGATIVE. Confidence default 0.95.
///
/// Agrees with the mean of scipy's `truncnorm(−∞, Φ⁻¹(α), loc = μ, scale = σ)` (the
/// fixture's reference). PerformanceAnalytics `ES(method = "gaussian")` uses the
/// population σ (ddof 0) instead, a factor `√((N − 1)/N)` on the σ term.
///
/// Reference: McNeil, Frey & Embrechts, "Quantitative Risk Management", Princeton,
/// 2005, §2.2.4 (expected shortfall of the normal distribution).
///
/// Degenerate input → NaN: fewer than two returns, or `c` outside (0, 1). A
/// constant series gives its value (σ = 0).
///
/// ```swift
/// GaussianConditionalValueAtRisk.compute(dailyReturns, confidence: 0.99)
/// ```
public enum GaussianConditionalValueAtRisk: ReturnStatistic, SeriesStatistic {
    public static let name = "gaussian_conditional_value_at_risk"

    /// The 95% Gaussian ES.
    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        compute(returns, confidence: 0.95)
    }

    /// The Gaussian ES at `confidence` (e.g. 0.95 or 0.99).
    public static func compute(_ returns: UnsafeBufferPointer<Double>, confidence: Double) -> Double {
        let tail = EmpiricalQuantile.tailProbability(confidence: confidence)
        guard returns.count >= 2, tail > 0, tail < 1 else { return .nan }
        let mean = Moments.mean(returns)
        let deviation = Moments.sampleStandardDeviation(returns)
        return mean - deviation * NormalDistribution.pdf(NormalDistribution.quantile(tail)) / tail
    }

    /// The Gaussian ES at `confidence` of any collection of returns.
    public static func compute<C: Collection>(_ returns: C, confidence: Double) -> Double
    where C.Element == Double {
        withContiguousBuffer(returns) { compute($0, confidence: confidence) }
    }
}
