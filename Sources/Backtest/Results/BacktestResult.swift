import Market
import Metrics

/// The output of one backtest: curves, positions, trades and the metrics summary.
///
/// All per-bar arrays are aligned with ``timestamps``. ``returns`` has one value
/// fewer: `returns[i] = equity[i + 1] / equity[i] − 1`.
public struct BacktestResult: Sendable {
    public var timestamps: [Int64]
    /// Portfolio value at each bar's close.
    public var equity: [Double]
    /// Simple bar returns of the equity curve.
    public var returns: [Double]
    /// Symbols, in the order of ``positions`` and ``weights``.
    public var symbols: [String]
    /// Units held at each bar's close, per symbol.
    public var positions: [[Double]]
    /// Position value over equity at each bar's close, per symbol.
    public var weights: [[Double]]
    /// Closed (and still-open, see ``Trade``) round trips, in order of exit.
    public var trades: [Trade]
    /// Fraction of bars with any non-zero position.
    public var exposure: Double
    /// Annualised one-way turnover: Σ|traded notional| / 2 / mean equity / years.
    public var turnover: Double
    /// Commission paid in total.
    public var totalCommission: Double
    /// Slippage and impact paid in total (price difference against the reference).
    public var totalSlippage: Double
    /// Interest paid on negative cash (``BacktestConfig/financingRate``), in total.
    public var totalFinancing: Double
    /// Borrow fees paid on short positions (``BacktestConfig/borrowRate``), in total.
    public var totalBorrowCost: Double
    /// Fills for which market impact could not be computed (too little history, or no
    /// volume in the bars before the fill; see ``CostModel``).
    public var impactSkippedFills: Int
    /// The bar at which equity reached zero or below, when it did: every position was
    /// closed there, nothing traded afterwards, and ``equity`` is 0 from this bar on
    /// (total return −100 %, ``returns`` −1 into this bar and 0 after it).
    public var ruinBar: Int?
    /// The timestamp of ``ruinBar``.
    public var ruinTime: Int64?
    /// Periods per year used for annualisation.
    public var periodsPerYear: Double
    /// Every metric, from ``Metrics``.
    public var summary: PerformanceSummary
    /// Equity at the last bar's close (0 after ruin): `equity.last`, kept with either ``ResultDetail``.
    public var finalEquity: Double = .nan
}
