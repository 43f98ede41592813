import Analysis
import Market
import Reports

/// Stress windows and instant shocks of a risk analysis.
///
/// **Historical windows** (``StressTest/run(returns:timestamps:benchmark:scenarios:periodsPerYear:)``):
/// per scenario, on the returns dated inside `[start, end]` (both days whole): total return,
/// max drawdown within the window, annualised volatility, worst bar return and its date,
/// recovery (bars and calendar days from the trough back to the pre-window peak, null when
/// the data end first) — for the strategy, for the benchmark (buy-and-hold of `benchmark`,
/// default the first data symbol, close to close on the same bars) and their difference
/// (strategy − benchmark). A scenario with no analysed bar inside it is reported with
/// `status: "no bars in range"` and the analysed span (e.g. a 2022 window when the analysis
/// covers only the train split); one entirely outside `data.start_date … end_date` is refused
/// at plan time.
///
/// **Instant shocks** (``ScenarioShock``): the first-order P&L `Σ_s w_s·shock_s` of each shock
/// on the strategy's weights (position value / equity) at the last analysed bar, and on its
/// mean weights (see ``RiskSeries``).
enum RiskStress {
    static func figures(_ f: StressFigures?) -> JSONValue {
        guard let f else { return .null }
        return .object([
            ("bars", .integer(f.bars)), ("total_return", .number(f.totalReturn)), ("max_drawdown", .number(f.maxDrawdown)),
            ("annual_volatility", .number(f.annualVolatility)), ("worst_return", .number(f.worstReturn)),
            ("worst_date", .string(Timestamps.format(f.worstTimestamp))),
            ("trough_date", .string(Timestamps.format(f.troughTimestamp))),
            ("recovery_bars", f.recoveryBars.map { .integer($0) } ?? .null),
            ("recovery_days", .number(f.recoveryDays)),
        ])
    }

    static func scenarios(_ series: RiskSeries, settings: RiskSettings, data: WorkflowData, phase: String) throws -> JSONValue {
        let benchmarkSymbol = settings.benchmark ?? data.symbols.first ?? ""
        guard let benchmarkBars = data.full.first(where: { $0.symbol == benchmarkSymbol }) else {
            throw WorkflowError(phase: phase, "benchmark '\(benchmarkSymbol)' is not among the data symbols")
        }
        let dates = series.dates(data)
        let results: [StressScenarioResult]
        do {
            results = try StressTest.run(returns: series.returns, timestamps: dates, benchmark: series.holdReturns(benchmarkBars),
                                         scenarios: settings.scenarios, periodsPerYear: data.periodsPerYear)
        } catch {
            throw WorkflowError(phase: phase, "stress test: \(error)")
        }
        let span = "\(dates.first.map(Timestamps.format) ?? "?") … \(dates.last.map(Timestamps.format) ?? "?")"
        let rows: [JSONValue] = results.map { result in
            let text = settings.scenarioText[result.scenario.name]
                ?? (Timestamps.format(result.scenario.start), Timestamps.format(result.scenario.end))
            var pairs: [(String, JSONValue)] = [
                ("name", .string(result.scenario.name)), ("start", .string(text.0)), ("end", .string(text.1)),
            ]
            guard let strategy = result.strategy else {
                pairs.append(("status", .string("no bars in range")))
                pairs.append(("note", .string("no analysed return is dated inside the window (the analysis covers \(span))")))
                return .object(pairs)
            }
            pairs.append(("status", .string("ok")))
            pairs.append(("strategy", figures(strategy)))
            pairs.append(("benchmark", figures(result.benchmark)))
            pairs.append(("difference", result.difference.map { d in
                .object([("total_return", .number(d.totalReturn)), ("max_drawdown", .number(d.maxDrawdown)),
                         ("annual_volatility", .number(d.annualVolatility)), ("worst_return", .number(d.worstReturn))])
            } ?? .null))
            return .object(pairs)
        }
        return .object([
            ("benchmark", .string("\(benchmarkSymbol) buy and hold")), ("analysed_span", .string(span)),
            ("scenarios", .array(rows)),
        ])
    }

    static func shocks(_ series: RiskSeries, settings: RiskSettings, symbols: [String]) -> JSONValue {
        let shocks = settings.allShocks(symbols: symbols)
        guard let last = series.lastWeights, let average = series.averageWeights else {
            return .object([("basis", .string(series.positionsBasis)), ("scenarios", .array([]))])
        }
        let lastMap = Dictionary(last, uniquingKeysWith: +), averageMap = Dictionary(average, uniquingKeysWith: +)
        let rows: [JSONValue] = shocks.map { shock in
            let atLast = shock.apply(weights: lastMap), atAverage = shock.apply(weights: averageMap)
            return .object([
                ("name", .string(shock.name)),
                ("shocks", .string(shock.shocks.sorted { $0.key < $1.key }
                    .map { "\($0.key) \($0.value >= 0 ? "+" : "")\(JSONValue.format(($0.value * 1e8).rounded() / 1e6))%" }.joined(separator: ", "))),
                ("last_bar_return", .number(atLast.portfolioReturn)),
                ("average_position_return", .number(atAverage.portfolioReturn)),
                ("unshocked_holdings", .string(atLast.unshocked.joined(separator: ", "))),
            ])
        }
        return .object([
            ("basis", .string(series.positionsBasis)),
            ("last_bar_weights", .object(last.map { ($0.0, .number($0.1)) })),
            ("average_weights", .object(average.map { ($0.0, .number($0.1)) })),
            ("scenarios", .array(rows)),
        ])
    }
}
