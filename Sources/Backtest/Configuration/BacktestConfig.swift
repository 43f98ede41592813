/// Everything the backtester needs besides bars and signals.
///
/// ```swift
/// var config = BacktestConfig()
/// config.costs = CostModel(commissionBps: 1, slippageBps: 2)
/// config.stops = StopRules(stopLoss: 0.05)
/// let result = try BacktestEngine(config: config).run(bars: [bars], signals: [signal])
/// ```
public struct BacktestConfig: Sendable, Equatable {
    /// Starting cash.
    public var initialCapital: Double = 100_000
    /// When orders fill (default: next bar's open).
    public var fill: FillTiming = .nextOpen
    /// Extra bars between the decision and the fill (`realistic_execution_delays`).
    public var delayBars: Int = 0
    /// Commission, slippage and market impact.
    public var costs: CostModel = .zero
    /// Signal → weight.
    public var sizing: PositionSizing = .fullyInvested
    /// Stop-loss, take-profit and trailing stop.
    public var stops: StopRules = StopRules()
    /// Whether negative signals open short positions (otherwise they mean flat).
    public var allowShort: Bool = true
    /// Per-symbol allocation weights (default equal, `1/k`); must match the number of symbols.
    public var allocations: [Double]? = nil
    /// Periods per year for annualised metrics; inferred from bar spacing when `nil`.
    public var periodsPerYear: Double? = nil

    public init() {}
}
