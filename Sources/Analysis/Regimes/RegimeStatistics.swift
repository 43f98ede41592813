/// Performance of the returns attributed to one regime (see ``RegimePerformance``).
///
/// Every statistic is the Metrics module's, computed over the regime's returns
/// chained in time order as if they formed one series (the bars of other regimes
/// skipped): `totalReturn` (`TotalReturn`), `annualizedReturn` (`CAGR`),
/// `annualVolatility` (`AnnualVolatility`, ddof 1), `sharpeRatio` (`SharpeRatio`,
/// rf 0), `maxDrawdown` (`MaxDrawdown`, positive), `winRate` (`WinRate`: share of
/// positive returns among the non-zero ones). `bars` counts the regime's returns and
/// `fraction` is `bars` over all labelled returns. Undefined values are NaN.
///
/// Equality treats NaN as equal to NaN.
///
/// ```swift
/// let stats = RegimePerformance.breakdown(returns: r, labels: labels,
///                                         names: TrendRegime.names, periodsPerYear: 252)
/// stats[1].name          // "uptrend"
/// stats[1].sharpeRatio
/// ```
public struct RegimeStatistics: Sendable, Equatable {
    /// The regime's name.
    public var name: String
    /// Number of returns attributed to the regime.
    public var bars: Int
    /// `bars` / number of labelled returns (NaN when nothing is labelled).
    public var fraction: Double
    /// Π(1 + r) − 1 over the regime's returns.
    public var totalReturn: Double
    /// CAGR of the regime's returns, `bars` counting as the elapsed time.
    public var annualizedReturn: Double
    /// std(r, ddof 1)·√periodsPerYear.
    public var annualVolatility: Double
    /// Annualised Sharpe ratio, rf 0.
    public var sharpeRatio: Double
    /// Maximum drawdown of the chained regime returns, positive.
    public var maxDrawdown: Double
    /// Share of positive returns among the non-zero ones.
    public var winRate: Double

    /// Statistics with every field given.
    public init(
        name: String, bars: Int, fraction: Double, totalReturn: Double,
        annualizedReturn: Double, annualVolatility: Double, sharpeRatio: Double,
        maxDrawdown: Double, winRate: Double
    ) {
        self.name = name
        self.bars = bars
        self.fraction = fraction
        self.totalReturn = totalReturn
        self.annualizedReturn = annualizedReturn
        self.annualVolatility = annualVolatility
        self.sharpeRatio = sharpeRatio
        self.maxDrawdown = maxDrawdown
        self.winRate = winRate
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: RegimeStatistics, rhs: RegimeStatistics) -> Bool {
        lhs.name == rhs.name && lhs.bars == rhs.bars
            && sameValues(lhs.numbers, rhs.numbers)
    }

    private var numbers: [Double] {
        [fraction, totalReturn, annualizedReturn, annualVolatility, sharpeRatio, maxDrawdown, winRate]
    }
}
