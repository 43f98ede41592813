import Indicators
import Analysis
import Backtest
import Market
import Metrics
import Reports

/// The deployment outputs of a backtest with `generate_deployment_config: true`.
///
/// `production_configuration` (also written as `<reports>/<phase>/production_configuration.yaml`
/// by the report writer, which adds `provenance.run_id`), format `admf-production-configuration/1`:
///
/// ```yaml
/// format: "admf-production-configuration/1"
/// strategy: {type: "momentum", parameters: {fast_period: 10, ...}}
/// data: {symbols: [...], traded_symbols: [...], periods_per_year: 252, data_fingerprint: "…", last_bar: "2024-12-31"}
/// execution: {fill: "next_open", delay_bars: 1, commission_bps: 1, slippage_bps: 2, market_impact: true}
/// risk_limits: {max_leverage: 0.8, stop_loss: 0.05, position_limits: {SPY: 0.16, ...}, regime_multipliers: {...}}
/// validation: {segment, sample, start, end, bars, sharpe_ratio, total_return, max_drawdown, annual_volatility}
/// provenance: {phase, inputs: [...], data_fingerprint, run_id}
/// ```
///
/// `implementation_guide`: the ordered steps to trade the configuration, each naming its
/// numbers. `monitoring_recommendations`: thresholds measured on the backtest's returns —
/// expected per-bar volatility (std, ddof 1) and annualised; per-bar loss warning/alert at the
/// historical 95 % / 99 % VaR; a volatility alert at the 95th percentile of the rolling 21-bar
/// annualised volatility; drawdown warning at the 95th percentile of the per-bar drawdown depth
/// and critical at the maximum drawdown; exposure, turnover and trades per year to compare with.
enum DeploymentConfig {
    static let format = "admf-production-configuration/1"

    static func production(_ selection: StrategySelection, result: BacktestResult, config: BacktestConfig,
                           applied: BacktestRiskControls.Applied, span: [(String, JSONValue)], context: PhaseContext,
                           phase: String) -> JSONValue {
        var limits: [(String, JSONValue)] = [("max_leverage", .number(config.maxLeverage)),
                                             ("stop_loss", .number(config.stops.stopLoss))]
        limits.append(("position_limits", .object(result.symbols.enumerated().map { s, symbol in
            (symbol, .number(config.allocations.map { s < $0.count ? $0[s] : .nan } ?? 1 / Double(max(1, result.symbols.count))))
        })))
        if !applied.regimeNames.isEmpty {
            limits.append(("regime_multipliers", .object(zip(applied.regimeNames, applied.multipliers).map { ($0, .number($1)) })))
        }
        if !applied.source.isEmpty { limits.append(("source", .string(applied.source))) }
        let s = result.summary
        return .object([
            ("format", .string(format)),
            ("strategy", .object([("type", .string(selection.strategy)), ("parameters", selection.parametersJSON)])),
            ("data", .object([
                ("symbols", .array(context.data.symbols.map { .string($0) })),
                ("traded_symbols", .array(result.symbols.map { .string($0) })),
                ("periods_per_year", .number(context.data.periodsPerYear)),
                ("data_fingerprint", .string(context.data.fingerprint)),
                ("last_bar", .string(context.data.date((context.data.full.first?.count ?? 1) - 1))),
            ])),
            ("execution", .object([
                ("fill", .string(config.fill.rawValue)), ("delay_bars", .integer(config.delayBars)),
                ("commission_bps", .number(config.costs.commissionBps)), ("slippage_bps", .number(config.costs.slippageBps)),
                ("market_impact", .bool(config.costs.marketImpact != nil)),
            ])),
            ("risk_limits", .object(limits)),
            ("validation", .object(span + [
                ("sharpe_ratio", .number(s.sharpeRatio)), ("total_return", .number(s.totalReturn)),
                ("max_drawdown", .number(s.maxDrawdown)), ("annual_volatility", .number(s.annualVolatility)),
            ])),
            ("provenance", .object([
                ("phase", .string(phase)),
                ("inputs", .array(context.inputs.map { .string($0.reference.text) })),
                ("data_fingerprint", .string(context.data.fingerprint)),
            ])),
        ])
    }

    static func monitoring(_ result: BacktestResult, periodsPerYear ppy: Double) -> JSONValue {
        let r = result.returns.filter(\.isFinite)
        let sd = SampleMoments.standardDeviation(r)
        let underwater = DrawdownAnalysis.analyze(equity: result.equity, top: 1).underwater.map { -$0 }
        // annualised 21-bar volatility of every full window
        let rolling = Indicators.rollingStdDev(r, period: 21, ddof: 1).dropFirst(20).map { $0 * ppy.squareRoot() }
        let years = Double(r.count) / ppy
        return .object([
            ("basis", .string("the backtest's per-bar returns, \(r.count) bars")),
            ("expected_bar_volatility", .number(sd)),
            ("expected_annual_volatility", .number(sd * ppy.squareRoot())),
            ("bar_loss_warning", .number(-ValueAtRisk.compute(r, confidence: 0.95))),
            ("bar_loss_alert", .number(-ValueAtRisk.compute(r, confidence: 0.99))),
            ("worst_bar_loss", .number(r.min().map { -$0 })),
            ("rolling_21_bar_volatility_alert", .number(rolling.isEmpty ? .nan : quantile(rolling, 0.95))),
            ("drawdown_warning", .number(underwater.isEmpty ? .nan : quantile(underwater, 0.95))),
            ("drawdown_critical", .number(result.summary.maxDrawdown)),
            ("expected_exposure", .number(result.exposure)),
            ("expected_turnover", .number(result.turnover)),
            ("trades_per_year", .number(years > 0 ? Double(result.trades.count) / years : .nan)),
            ("rules", .array([
                .string("warn when a bar's loss exceeds bar_loss_warning; alert above bar_loss_alert (historical 95 % / 99 % VaR)"),
                .string("alert when the rolling 21-bar annualised volatility exceeds its backtest 95th percentile"),
                .string("warn at drawdown_warning (95th percentile of the backtest's drawdown depth); stop and review at drawdown_critical (its maximum drawdown)"),
            ])),
        ])
    }

    static func guide(_ selection: StrategySelection, result: BacktestResult, config: BacktestConfig,
                      applied: BacktestRiskControls.Applied) -> JSONValue {
        var steps: [String] = [
            "load daily bars of \(result.symbols.joined(separator: ", ")) after each close",
            "compute the \(selection.strategy) signals with parameters \(selection.parametersJSON.serialized()) on the full history (causal indicators)",
            "target weight per symbol = signal × allocation (\(config.allocations.map { $0.map(JSONValue.format).joined(separator: ", ") } ?? "equal, 1/\(result.symbols.count)"))",
            "send orders to fill at the \(config.fill == .nextOpen ? "next open" : "close")\(config.delayBars > 0 ? " after \(config.delayBars) extra bar(s)" : "")",
            "cap gross exposure at \(JSONValue.format(config.maxLeverage)) × equity by scaling new exposure (reductions are never blocked)",
        ]
        if let stop = config.stops.stopLoss { steps.append("exit any position whose price falls \(JSONValue.format(stop * 100)) % beyond its entry (gap-aware); stay flat until its signal changes") }
        if !applied.regimeNames.isEmpty {
            steps.append("multiply each bar's signal by the multiplier of the causal regime label known at that close: " +
                         zip(applied.regimeNames, applied.multipliers).map { "\($0) \(JSONValue.format($1))" }.joined(separator: ", "))
        }
        steps.append("check every bar against monitoring_recommendations; re-run the workflow to refresh the limits")
        return .object([
            ("strategy", .string(selection.strategy)),
            ("steps", .array(steps.enumerated().map { .object([("step", .integer($0 + 1)), ("action", .string($1))]) })),
        ])
    }

    /// The `p` quantile with linear interpolation between order statistics (numpy's default).
    static func quantile(_ x: [Double], _ p: Double) -> Double {
        let sorted = x.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lower = Int(h.rounded(.down)), upper = min(sorted.count - 1, lower + 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
