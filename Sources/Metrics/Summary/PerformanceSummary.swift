/// The headline statistics of one backtest, in one value type.
///
/// Every field follows the definition of its statistic type (``TotalReturn``,
/// ``CAGR``, ``AnnualVolatility``, ``SharpeRatio`` and ``SortinoRatio`` (rf and
/// MAR as given to the builder, default 0), ``CalmarRatio``, ``MaxDrawdown``
/// (positive fraction), ``MaxDrawdownDuration``, ``WinRate``/``ProfitFactor``/
/// ``AverageTrade`` over trade P&Ls, ``Exposure``, ``Turnover``); undefined values
/// are NaN. Build it from a return series with the batch initialiser
/// `init(returns:periodsPerYear:...)` or, without keeping the series, with
/// ``ReturnAccumulator/summary(periodsPerYear:trades:exposure:turnover:)``; the two
/// agree to rounding.
///
/// Without trade statistics the trade fields are NaN and `numTrades` is 0 (pass
/// `TradeStatistics(tradePnLs: returns)` for per-bar figures). Without exposure or
/// turnover those fields are NaN. A summary of returns alone (no trades, no exposure —
/// e.g. the returns of one regime's bars) has not counted trades: ``tradesMeasured`` is
/// false and `num_trades` is written as null, never as a 0 that reads like "did not trade".
///
/// JSON (``Codable``) uses the snake_case keys of ``fieldKeys``; NaN and ±∞ are
/// written as null and null reads back as NaN (so an infinite profit factor does not
/// survive a round trip). `==` treats NaN as equal to NaN.
///
/// ```swift
/// let summary = PerformanceSummary(returns: dailyReturns, periodsPerYear: 252,
///                                  trades: TradeStatistics(tradePnLs: pnls))
/// for (key, value) in summary.orderedFields { print(key, value) }
/// let json = try JSONEncoder().encode(summary)   // {"total_return": …, "cagr": …}
/// ```
public struct PerformanceSummary: Sendable, Equatable, Codable {
    /// Π(1 + r) − 1.
    public var totalReturn: Double
    /// Compound annual growth rate.
    public var cagr: Double
    /// std(r, ddof 1)·√periodsPerYear.
    public var annualVolatility: Double
    /// Annualised Sharpe ratio (rf per period as given to the builder, default 0).
    public var sharpeRatio: Double
    /// Annualised Sortino ratio (MAR per period as given to the builder, default 0).
    public var sortinoRatio: Double
    /// CAGR / max drawdown.
    public var calmarRatio: Double
    /// Largest peak-to-trough loss, a positive fraction.
    public var maxDrawdown: Double
    /// Longest drawdown, in bars from the peak to its recovery (or the end).
    public var maxDrawdownDurationBars: Int
    /// Share of winning trades among non-zero trades.
    public var winRate: Double
    /// Gross profit / gross loss of the trades.
    public var profitFactor: Double
    /// Mean trade P&L.
    public var averageTrade: Double
    /// Number of trades.
    public var numTrades: Int
    /// Fraction of bars with a non-zero position.
    public var exposure: Double
    /// Annualised one-way turnover.
    public var turnover: Double
    /// Number of returns (bars) summarised.
    public var bars: Int
    /// The annualisation used.
    public var periodsPerYear: Double

    /// A summary with every field given.
    public init(
        totalReturn: Double, cagr: Double, annualVolatility: Double, sharpeRatio: Double,
        sortinoRatio: Double, calmarRatio: Double, maxDrawdown: Double,
        maxDrawdownDurationBars: Int, winRate: Double, profitFactor: Double,
        averageTrade: Double, numTrades: Int, exposure: Double, turnover: Double,
        bars: Int, periodsPerYear: Double
    ) {
        self.totalReturn = totalReturn
        self.cagr = cagr
        self.annualVolatility = annualVolatility
        self.sharpeRatio = sharpeRatio
        self.sortinoRatio = sortinoRatio
        self.calmarRatio = calmarRatio
        self.maxDrawdown = maxDrawdown
        self.maxDrawdownDurationBars = maxDrawdownDurationBars
        self.winRate = winRate
        self.profitFactor = profitFactor
        self.averageTrade = averageTrade
        self.numTrades = numTrades
        self.exposure = exposure
        self.turnover = turnover
        self.bars = bars
        self.periodsPerYear = periodsPerYear
    }

    /// The summary of a return series, computed with the batch statistics.
    ///
    /// `riskFreePerPeriod` and `minimumAcceptableReturn` (per period, default 0) are
    /// the Sharpe ratio's rf and the Sortino ratio's MAR.
    public init<C: Collection>(
        returns: C, periodsPerYear: Double, trades: TradeStatistics? = nil,
        exposure: Double = .nan, turnover: Double = .nan,
        riskFreePerPeriod: Double = 0, minimumAcceptableReturn: Double = 0
    ) where C.Element == Double {
        self = withContiguousBuffer(returns) { buffer in
            let cagr = CAGR.compute(buffer, periodsPerYear: periodsPerYear)
            let drawdown = MaxDrawdown.compute(buffer)
            return PerformanceSummary(
                totalReturn: TotalReturn.compute(buffer),
                cagr: cagr,
                annualVolatility: AnnualVolatility.compute(buffer, periodsPerYear: periodsPerYear),
                sharpeRatio: SharpeRatio.compute(
                    buffer, periodsPerYear: periodsPerYear, riskFreePerPeriod: riskFreePerPeriod),
                sortinoRatio: SortinoRatio.compute(
                    buffer, periodsPerYear: periodsPerYear,
                    minimumAcceptableReturn: minimumAcceptableReturn),
                calmarRatio: CalmarRatio.ratio(cagr: cagr, maxDrawdown: drawdown),
                maxDrawdown: drawdown,
                maxDrawdownDurationBars: MaxDrawdownDuration.bars(buffer),
                winRate: trades?.winRate ?? .nan,
                profitFactor: trades?.profitFactor ?? .nan,
                averageTrade: trades?.averageTrade ?? .nan,
                numTrades: trades?.numTrades ?? 0,
                exposure: exposure, turnover: turnover,
                bars: buffer.count, periodsPerYear: periodsPerYear)
        }
    }

    /// Whether trades were counted: false for a summary built from returns alone (no trade
    /// statistics and no exposure), where `numTrades` 0 means "not counted".
    public var tradesMeasured: Bool {
        numTrades > 0 || !(winRate.isNaN && profitFactor.isNaN && averageTrade.isNaN && exposure.isNaN)
    }

    /// The JSON keys, in the order of ``orderedFields``.
    public static let fieldKeys: [String] = CodingKeys.allCases.map(\.rawValue)

    /// Every field as `(key, value)` in a fixed order (``fieldKeys``), integers as
    /// `Double`, for printing tables and writing result rows.
    public var orderedFields: [(key: String, value: Double)] {
        CodingKeys.allCases.map { ($0.rawValue, value(for: $0)) }
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: PerformanceSummary, rhs: PerformanceSummary) -> Bool {
        CodingKeys.allCases.allSatisfy { sameValue(lhs.value(for: $0), rhs.value(for: $0)) }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case totalReturn = "total_return"
        case cagr
        case annualVolatility = "annual_volatility"
        case sharpeRatio = "sharpe_ratio"
        case sortinoRatio = "sortino_ratio"
        case calmarRatio = "calmar_ratio"
        case maxDrawdown = "max_drawdown"
        case maxDrawdownDurationBars = "max_drawdown_duration_bars"
        case winRate = "win_rate"
        case profitFactor = "profit_factor"
        case averageTrade = "average_trade"
        case numTrades = "num_trades"
        case exposure
        case turnover
        case bars
        case periodsPerYear = "periods_per_year"
    }

    func value(for key: CodingKeys) -> Double {
        switch key {
        case .totalReturn: totalReturn
        case .cagr: cagr
        case .annualVolatility: annualVolatility
        case .sharpeRatio: sharpeRatio
        case .sortinoRatio: sortinoRatio
        case .calmarRatio: calmarRatio
        case .maxDrawdown: maxDrawdown
        case .maxDrawdownDurationBars: Double(maxDrawdownDurationBars)
        case .winRate: winRate
        case .profitFactor: profitFactor
        case .averageTrade: averageTrade
        case .numTrades: tradesMeasured ? Double(numTrades) : .nan
        case .exposure: exposure
        case .turnover: turnover
        case .bars: Double(bars)
        case .periodsPerYear: periodsPerYear
        }
    }
}
