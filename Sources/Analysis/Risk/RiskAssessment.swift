import Metrics

/// The tail and drawdown risk of a return series, in one value.
///
/// Per-period figures (not annualised), losses NEGATIVE, from the Metrics module:
/// - `var95`, `var99`: historical VaR, `np.percentile(r, 5)` / `(r, 1)`
///   (`ValueAtRisk`); `cvar95`, `cvar99`: mean of the returns at or below it
///   (`ConditionalValueAtRisk`, empyrical's definition);
/// - `parametricVar95`, `parametricVar99`: `μ + σ·Φ⁻¹(1 − c)`, σ with ddof 1
///   (`GaussianValueAtRisk`);
/// - `skewness` (`Skewness`, biased, scipy's default) and `excessKurtosis`
///   (`Kurtosis`, Fisher, biased);
/// - `tailRatio = |Q(0.95)| / |Q(0.05)|` of the returns (numpy linear quantiles),
///   quantstats `tail_ratio`: above 1 when the right tail is fatter;
/// - `worstReturn`, `bestReturn`: min and max return.
///
/// From the equity curve (``DrawdownAnalysis``): `maxDrawdown` (positive fraction)
/// and `ulcerIndex = √( (1/N) Σ_t underwater_t² )` with `underwater_t = V_t/peak_t − 1`
/// as a FRACTION (Martin & McCann 1989 use percent: multiply by 100 for theirs),
/// over every bar of the curve.
///
/// Degenerate values are NaN: every return figure for an empty series (and those
/// Metrics leaves undefined, e.g. skewness of a constant series), `tailRatio` when
/// `Q(0.05) = 0`, the equity figures for an empty or invalid curve (see
/// ``DrawdownAnalysis``). NaN returns are not filtered: pass finite returns.
///
/// Equality treats NaN as equal to NaN.
///
/// References: P. Martin & B. McCann, "The Investor's Guide to Fidelity Funds",
/// Wiley, 1989 (Ulcer index); quantstats `tail_ratio`; empyrical VaR/CVaR.
///
/// ```swift
/// let risk = RiskAssessment.assess(returns: dailyReturns, equity: equityCurve)
/// risk.cvar95        // e.g. −0.031: the mean of the worst 5% of days
/// let same = RiskAssessment.assess(returns: dailyReturns)   // equity from the returns
/// ```
public struct RiskAssessment: Sendable, Equatable {
    /// Historical 95% VaR (the 5th percentile return).
    public var var95: Double
    /// Historical 95% CVaR.
    public var cvar95: Double
    /// Historical 99% VaR (the 1st percentile return).
    public var var99: Double
    /// Historical 99% CVaR.
    public var cvar99: Double
    /// Gaussian 95% VaR.
    public var parametricVar95: Double
    /// Gaussian 99% VaR.
    public var parametricVar99: Double
    /// Biased sample skewness.
    public var skewness: Double
    /// Biased Fisher excess kurtosis.
    public var excessKurtosis: Double
    /// |95th percentile| / |5th percentile| of the returns.
    public var tailRatio: Double
    /// The smallest return.
    public var worstReturn: Double
    /// The largest return.
    public var bestReturn: Double
    /// Maximum drawdown of the equity curve, positive.
    public var maxDrawdown: Double
    /// √mean(underwater²) of the equity curve, as a fraction.
    public var ulcerIndex: Double

    /// An assessment with every field given.
    public init(
        var95: Double, cvar95: Double, var99: Double, cvar99: Double,
        parametricVar95: Double, parametricVar99: Double, skewness: Double,
        excessKurtosis: Double, tailRatio: Double, worstReturn: Double, bestReturn: Double,
        maxDrawdown: Double, ulcerIndex: Double
    ) {
        self.var95 = var95
        self.cvar95 = cvar95
        self.var99 = var99
        self.cvar99 = cvar99
        self.parametricVar95 = parametricVar95
        self.parametricVar99 = parametricVar99
        self.skewness = skewness
        self.excessKurtosis = excessKurtosis
        self.tailRatio = tailRatio
        self.worstReturn = worstReturn
        self.bestReturn = bestReturn
        self.maxDrawdown = maxDrawdown
        self.ulcerIndex = ulcerIndex
    }

    /// The assessment of `returns` (simple, per bar) and the `equity` curve they belong to.
    public static func assess(returns: [Double], equity: [Double]) -> RiskAssessment {
        let drawdowns = DrawdownAnalysis.analyze(equity: equity, top: 0)
        return RiskAssessment(
            var95: ValueAtRisk.compute(returns, confidence: 0.95),
            cvar95: ConditionalValueAtRisk.compute(returns, confidence: 0.95),
            var99: ValueAtRisk.compute(returns, confidence: 0.99),
            cvar99: ConditionalValueAtRisk.compute(returns, confidence: 0.99),
            parametricVar95: GaussianValueAtRisk.compute(returns, confidence: 0.95),
            parametricVar99: GaussianValueAtRisk.compute(returns, confidence: 0.99),
            skewness: Skewness.compute(returns),
            excessKurtosis: Kurtosis.excess(returns),
            tailRatio: tailRatio(returns),
            worstReturn: returns.min() ?? .nan,
            bestReturn: returns.max() ?? .nan,
            maxDrawdown: drawdowns.maxDrawdown,
            ulcerIndex: ulcerIndex(underwater: drawdowns.underwater))
    }

    /// The assessment of `returns` with the equity curve `[1, Π(1 + r)…]` built from them.
    public static func assess(returns: [Double]) -> RiskAssessment {
        assess(returns: returns, equity: DrawdownAnalysis.compoundedCurve(returns))
    }

    /// quantstats `tail_ratio`: `|Q(0.95)| / |Q(0.05)|` (NaN when empty or Q(0.05) = 0).
    public static func tailRatio(_ returns: [Double]) -> Double {
        let sorted = returns.sorted()
        let right = SampleQuantile.sorted(sorted, probability: 0.95)
        let left = SampleQuantile.sorted(sorted, probability: 0.05)
        guard left != 0 else { return .nan }
        let ratio = abs(right) / abs(left)
        return ratio.isFinite ? ratio : .nan
    }

    /// `√((1/N) Σ u_t²)` of an underwater curve (NaN when empty).
    public static func ulcerIndex(underwater: [Double]) -> Double {
        guard !underwater.isEmpty else { return .nan }
        var squares = 0.0
        for value in underwater { squares += value * value }
        return (squares / Double(underwater.count)).squareRoot()
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: RiskAssessment, rhs: RiskAssessment) -> Bool {
        sameValues(lhs.numbers, rhs.numbers)
    }

    private var numbers: [Double] {
        [
            var95, cvar95, var99, cvar99, parametricVar95, parametricVar99, skewness,
            excessKurtosis, tailRatio, worstReturn, bestReturn, maxDrawdown, ulcerIndex,
        ]
    }
}
