/// Modified (Cornish–Fisher) expected shortfall: Boudt, Peterson & Croux's
/// Edgeworth-expansion ES, floored at the modified VaR.
///
/// With `μ, σ = √m₂, S, K, z = Φ⁻¹(α)`, `α = 1 − c`, and `h = z_cf` exactly as in
/// ``CornishFisherValueAtRisk`` (population moments), and `φ` the normal density,
///
/// `E = (1/α) [ φ(h) + (I⁴ − 6I² + 3φ(h))·K/24 + (I³ − 3I¹)·S/6
///              + (I⁶ − 15I⁴ + 45I² − 15φ(h))·S²/72 ]`
///
/// `ES_c = μ + σ · min(−E, h)`
///
/// with `I^q = I^q(h)` the published closed forms (q even:
/// `Π_{j≤q/2} 2j · φ(h) + Σ_{i=1}^{q/2} (Π_{j≤q/2} 2j / Π_{j≤i} 2j) h^{2i} φ(h)`;
/// q odd: `−Π_{j=0}^{q*}(2j+1) · Φ(h) + Σ_{i=0}^{q*} (Π_{j=0}^{q*}(2j+1) / Π_{j=0}^{i}(2j+1)) h^{2i+1} φ(h)`,
/// `q* = (q − 1)/2`). The `min(−E, h)` keeps the ES at or below the modified VaR
/// (PerformanceAnalytics' "operational" ES, its default). With `S = K = 0` it is the
/// Gaussian ES `μ − σ φ(z)/α` (population σ). This is the published expansion, not
/// the mean of the Cornish–Fisher quantile below the cut, which differs by a percent
/// or two for moderate skew and kurtosis. Per period; a loss is NEGATIVE.
/// Confidence default 0.95.
///
/// Agrees with PerformanceAnalytics `ES(R, p = c, method = "modified")` (univariate
/// `operES.CornishFisher`, loss reported positive: ours is its value negated). No
/// pip library offers it: the fixture is a direct Python transcription of the
/// formula above, on scipy's biased skew/kurtosis.
///
/// Reference: K. Boudt, B. Peterson & C. Croux, "Estimation and decomposition of
/// downside risk for portfolios with non-normal returns", Journal of Risk 11(2), 2008.
///
/// Degenerate input → NaN: an empty or constant series, or `c` outside (0, 1).
///
/// ```swift
/// CornishFisherConditionalValueAtRisk.compute(dailyReturns, confidence: 0.95)
/// ```
public enum CornishFisherConditionalValueAtRisk: ReturnStatistic, SeriesStatistic {
    public static let name = "cornish_fisher_conditional_value_at_risk"

    /// The 95% modified ES.
    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        compute(returns, confidence: 0.95)
    }

    /// The modified ES at `confidence` (e.g. 0.95 or 0.99).
    public static func compute(_ returns: UnsafeBufferPointer<Double>, confidence: Double) -> Double {
        guard let x = CornishFisherExpansion(returns, confidence: confidence) else { return .nan }
        let h = x.h
        let density = NormalDistribution.pdf(h)
        let i1 = CornishFisherExpansion.ipower(1, h)
        let i2 = CornishFisherExpansion.ipower(2, h)
        let i3 = CornishFisherExpansion.ipower(3, h)
        let i4 = CornishFisherExpansion.ipower(4, h)
        let i6 = CornishFisherExpansion.ipower(6, h)
        var e = density
        e += (i4 - 6 * i2 + 3 * density) * x.excessKurtosis / 24
        e += (i3 - 3 * i1) * x.skewness / 6
        e += (i6 - 15 * i4 + 45 * i2 - 15 * density) * x.skewness * x.skewness / 72
        e /= x.tail
        return x.mean + x.deviation * min(-e, h)
    }

    /// The modified ES at `confidence` of any collection of returns.
    public static func compute<C: Collection>(_ returns: C, confidence: Double) -> Double
    where C.Element == Double {
        withContiguousBuffer(returns) { compute($0, confidence: confidence) }
    }
}
