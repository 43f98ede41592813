/// Modified (Cornish–Fisher) value at risk: the Gaussian VaR with its normal
/// quantile corrected for the sample's skewness and excess kurtosis.
///
/// `VaR_c = μ + σ · z_cf`, with `z = Φ⁻¹(1 − c)` and
///
/// `z_cf = z + (z² − 1)S/6 + (z³ − 3z)K/24 − (2z³ − 5z)S²/36`,
///
/// where every moment is the POPULATION (biased, 1/N) estimator, as
/// PerformanceAnalytics' `centeredmoment` computes them: `μ` the mean,
/// `σ = √m₂` (ddof 0, unlike ``GaussianValueAtRisk``'s ddof 1),
/// `S = m₃ / m₂^{3/2}` (``Skewness``, `scipy.stats.skew(bias=True)`) and
/// `K = m₄ / m₂² − 3` (``Kurtosis``, `scipy.stats.kurtosis(fisher=True, bias=True)`),
/// `m_k = (1/N) Σ (r_t − μ)^k`. With `S = K = 0` it is `μ + σ·z`. Per period, not
/// annualised; a loss is NEGATIVE, as for ``ValueAtRisk``. Confidence default 0.95.
///
/// Agrees with PerformanceAnalytics `VaR(R, p = c, method = "modified")` (univariate
/// `VaR.CornishFisher`, which reports the loss positive: ours is its value negated).
/// The fixture evaluates the formula with scipy's biased skew/kurtosis.
///
/// References: Zangari, "A VaR methodology for portfolios that include options",
/// RiskMetrics Monitor, 1996; Favre & Galeano, "Mean-modified value-at-risk
/// optimization with hedge funds", J. Alternative Investments 5(2), 2002.
///
/// Degenerate input → NaN: an empty or constant series, or `c` outside (0, 1).
///
/// ```swift
/// CornishFisherValueAtRisk.compute(dailyReturns, confidence: 0.99)
/// ```
public enum CornishFisherValueAtRisk: ReturnStatistic, SeriesStatistic {
    public static let name = "cornish_fisher_value_at_risk"

    /// The 95% modified VaR.
    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        compute(returns, confidence: 0.95)
    }

    /// The modified VaR at `confidence` (e.g. 0.95 or 0.99).
    public static func compute(_ returns: UnsafeBufferPointer<Double>, confidence: Double) -> Double {
        guard let expansion = CornishFisherExpansion(returns, confidence: confidence) else { return .nan }
        return expansion.mean + expansion.deviation * expansion.h
    }

    /// The modified VaR at `confidence` of any collection of returns.
    public static func compute<C: Collection>(_ returns: C, confidence: Double) -> Double
    where C.Element == Double {
        withContiguousBuffer(returns) { compute($0, confidence: confidence) }
    }
}
