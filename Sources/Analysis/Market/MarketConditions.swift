/// A snapshot of recent market conditions over a set of instruments, with the
/// strategy families the rule in ``MarketConditionAnalysis`` recommends for them.
///
/// See ``MarketConditionAnalysis/assess(bars:window:periodsPerYear:)`` for every
/// definition. Equality treats NaN as equal to NaN.
///
/// ```swift
/// let conditions = MarketConditionAnalysis.assess(bars: [spy, qqq], periodsPerYear: 252)
/// conditions.trendRegime                 // "trending"
/// conditions.recommendedStrategyTypes    // ["momentum", "breakout", "sma_crossover"]
/// ```
public struct MarketConditions: Sendable, Equatable {
    /// Annualised σ of the last `window` simple returns, averaged across symbols.
    public var volatility: Double
    /// `|Σ log returns| / (σ_bar · √window)` over the last window, averaged across symbols.
    public var trendStrength: Double
    /// Mean pairwise correlation of the symbols' last-window returns (NaN for one symbol).
    public var averageCorrelation: Double
    /// `"low"`, `"normal"`, `"high"` (recent σ vs full-sample σ), or `"unknown"`.
    public var volatilityRegime: String
    /// `"trending"`, `"ranging"`, or `"unknown"`.
    public var trendRegime: String
    /// Strategy families suited to the regimes, in priority order.
    public var recommendedStrategyTypes: [String]

    /// Conditions with every field given.
    public init(
        volatility: Double, trendStrength: Double, averageCorrelation: Double,
        volatilityRegime: String, trendRegime: String, recommendedStrategyTypes: [String]
    ) {
        self.volatility = volatility
        self.trendStrength = trendStrength
        self.averageCorrelation = averageCorrelation
        self.volatilityRegime = volatilityRegime
        self.trendRegime = trendRegime
        self.recommendedStrategyTypes = recommendedStrategyTypes
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: MarketConditions, rhs: MarketConditions) -> Bool {
        sameValue(lhs.volatility, rhs.volatility) && sameValue(lhs.trendStrength, rhs.trendStrength)
            && sameValue(lhs.averageCorrelation, rhs.averageCorrelation)
            && lhs.volatilityRegime == rhs.volatilityRegime && lhs.trendRegime == rhs.trendRegime
            && lhs.recommendedStrategyTypes == rhs.recommendedStrategyTypes
    }
}
