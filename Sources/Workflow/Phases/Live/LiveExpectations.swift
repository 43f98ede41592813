import Backtest
import Metrics
import Reports

/// What a validated strategy carries to its live phases besides the strategy itself: the
/// execution settings it was validated with, and the figures live results are compared with.
enum LiveExpectations {
    /// `{fill, delay_bars, commission_bps, slippage_bps, commission_per_share, market_impact, max_leverage, initial_capital}`.
    static func execution(_ config: BacktestConfig) -> JSONValue {
        .object([
            ("fill", .string(config.fill.rawValue)), ("delay_bars", .number(Double(config.delayBars))),
            ("commission_bps", .number(config.costs.commissionBps)), ("slippage_bps", .number(config.costs.slippageBps)),
            ("commission_per_share", .number(config.costs.commissionPerShare)),
            ("market_impact", .bool(config.costs.marketImpact != nil)), ("max_leverage", .number(config.maxLeverage)),
            ("initial_capital", .number(config.initialCapital)),
        ])
    }

    /// The backtest settings of an ``execution(_:)`` record (or a configuration file's
    /// `execution` block); absent fields keep `base`'s values.
    static func backtestConfig(_ json: JSONValue?, base: BacktestConfig) -> BacktestConfig {
        var config = base
        guard let json else { return config }
        if let fill = json["fill"]?.stringValue, let timing = FillTiming(rawValue: fill) { config.fill = timing }
        if let delay = json["delay_bars"]?.doubleValue, let bars = wholeNumber(delay), bars >= 0 { config.delayBars = bars }
        if let bps = json["commission_bps"]?.doubleValue, bps.isFinite, bps >= 0 { config.costs.commissionBps = bps }
        if let bps = json["slippage_bps"]?.doubleValue, bps.isFinite, bps >= 0 { config.costs.slippageBps = bps }
        if let fee = json["commission_per_share"]?.doubleValue, fee.isFinite, fee >= 0 { config.costs.commissionPerShare = fee }
        if let impact = json["market_impact"]?.boolValue { config.costs.marketImpact = impact ? MarketImpact() : nil }
        if let leverage = json["max_leverage"]?.doubleValue, leverage.isFinite, leverage > 0 { config.maxLeverage = leverage }
        if let capital = json["initial_capital"]?.doubleValue, capital.isFinite, capital > 0 { config.initialCapital = capital }
        return config
    }

    /// The validation backtest's per-bar return statistics and the acceptance bounds:
    /// `{bars, periods_per_year, mean_return, std_return (ddof 1), worst_bar_loss, max_drawdown,
    /// sharpe_ratio, acceptance: [{metric, bound, direction}]}`.
    static func measure(_ result: BacktestResult, criteria: [(metric: String, bound: Double, isLower: Bool)]) -> JSONValue {
        let r = result.returns.filter(\.isFinite)
        return .object([
            ("bars", .number(Double(result.equity.count))), ("periods_per_year", .number(result.periodsPerYear)),
            ("mean_return", .number(SampleMoments.mean(r))), ("std_return", .number(SampleMoments.standardDeviation(r))),
            ("worst_bar_loss", .number(r.isEmpty ? .nan : max(0, -(r.min() ?? 0)))),
            ("max_drawdown", .number(result.summary.maxDrawdown)), ("sharpe_ratio", .number(result.summary.sharpeRatio)),
            ("acceptance", .array(criteria.map {
                .object([("metric", .string($0.metric)), ("bound", .number($0.bound)),
                         ("direction", .string($0.isLower ? "at least" : "at most"))])
            })),
        ])
    }
}
