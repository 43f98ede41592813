import Analysis
import Backtest
import Market
import Metrics
import Reports

extension AnalysisPhase {
    /// Runs the strategy analyzers on the best selection; returns the outputs by name.
    func analyse(best: StrategySelection, result: BacktestResult, others: [StrategySelection],
                 evaluator: StrategyEvaluator, bars: [BarSeries], context: PhaseContext,
                 report: inout [(String, JSONValue)]) throws -> [String: JSONValue] {
        let ppy = context.data.periodsPerYear
        let returns = result.returns
        let dates = result.timestamps
        var outputs: [String: JSONValue] = [:]
        let identity: [(String, JSONValue)] = [
            ("strategy", .string(best.strategy)), ("parameters", best.parametersJSON),
            ("segment", .string(segment.rawValue)),
            ("start", .string(dates.first.map(Timestamps.format) ?? "")),
            ("end", .string(dates.last.map(Timestamps.format) ?? "")),
        ]
        outputs["performance_metrics"] = .object(identity + [("metrics", MetricsJSON.summary(result.summary))])
        let drawdowns = DrawdownAnalysis.analyze(equity: result.equity, top: 5)
        report.append(("strategy", .object(identity)))
        report.append(("curves", ReportData.curves(timestamps: dates, [
            ("equity", result.equity.map { $0 / (result.equity.first ?? 1) }), ("underwater", drawdowns.underwater),
        ])))
        var risk: [(String, JSONValue)] = identity
        let assessment = RiskAssessment.assess(returns: returns, equity: result.equity)
        risk.append(("risk", .object([
            ("var_95", .number(assessment.var95)), ("cvar_95", .number(assessment.cvar95)),
            ("var_99", .number(assessment.var99)), ("cvar_99", .number(assessment.cvar99)),
            ("parametric_var_95", .number(assessment.parametricVar95)),
            ("parametric_var_99", .number(assessment.parametricVar99)),
            ("skewness", .number(assessment.skewness)), ("excess_kurtosis", .number(assessment.excessKurtosis)),
            ("tail_ratio", .number(assessment.tailRatio)), ("worst_return", .number(assessment.worstReturn)),
            ("best_return", .number(assessment.bestReturn)), ("max_drawdown", .number(assessment.maxDrawdown)),
            ("ulcer_index", .number(assessment.ulcerIndex)),
        ])))
        if analyzers.contains(.drawdownAnalysis) {
            let periods: [JSONValue] = drawdowns.periods.map { period in
                .object([
                    ("start", .string(Timestamps.format(dates[period.startIndex]))),
                    ("trough", .string(Timestamps.format(dates[period.troughIndex]))),
                    ("recovery", period.recoveryIndex.map { .string(Timestamps.format(dates[$0])) } ?? .null),
                    ("depth", .number(period.depth)),
                    ("duration_bars", .integer(period.durationBars)),
                    ("recovery_bars", period.recoveryBars.map { .integer($0) } ?? .null),
                ])
            }
            risk.append(("drawdowns", .object([
                ("max_drawdown", .number(drawdowns.maxDrawdown)),
                ("average_drawdown", .number(drawdowns.averageDrawdown)),
                ("time_under_water", .number(drawdowns.timeUnderWater)),
                ("worst_periods", .array(periods)),
            ])))
        }
        if analyzers.contains(.correlationAnalysis) {
            var pairs: [(String, JSONValue)] = []
            // Strategy returns against buy-and-hold of each symbol over the same bars.
            var benchmark: [(String, JSONValue)] = []
            for series in bars {
                var hold = [Double](repeating: 0, count: max(0, series.count - 1))
                for t in 1..<series.count { hold[t - 1] = series.close[t] / series.close[t - 1] - 1 }
                benchmark.append((series.symbol, .number(Correlation.pearson(returns, hold))))
            }
            pairs.append(("with_buy_and_hold", .object(benchmark)))
            if !others.isEmpty {
                var labels = ["#1 \(best.strategy)"]
                var matrixInput = [returns]
                for (k, other) in others.enumerated() {
                    let otherResult = try evaluator.run(other, on: bars)
                    labels.append("#\(k + 2) \(other.strategy)")
                    matrixInput.append(otherResult.returns)
                }
                let matrix = Correlation.matrix(matrixInput)
                pairs.append(("strategies", .array(labels.map { .string($0) })))
                pairs.append(("matrix", .array(matrix.map { .array($0.map { .number($0) }) })))
            }
            risk.append(("correlation", .object(pairs)))
        }
        if analyzers.contains(.monteCarloSimulation) {
            let mc = MonteCarloSimulation.bootstrap(returns: returns, config: MonteCarloConfig(
                paths: paths, horizon: nil, blockSize: blockSize, seed: context.seed, stream: "\(name)/monte_carlo"))
            func quantiles(_ points: [QuantilePoint]) -> JSONValue {
                .object(points.map { ("p\(Int(($0.probability * 100).rounded()))", .number($0.value)) })
            }
            risk.append(("monte_carlo", .object([
                ("paths", .integer(mc.paths)), ("horizon_bars", .integer(mc.horizon)),
                ("block_size", .integer(blockSize)),
                ("final_return", quantiles(mc.finalReturnQuantiles)),
                ("max_drawdown", quantiles(mc.maxDrawdownQuantiles)),
                ("probability_of_loss", .number(mc.probabilityOfLoss)),
                ("expected_final_return", .number(mc.expectedFinalReturn)),
            ])))
            report.append(("monte_carlo_fan", .object([
                ("steps", .array(mc.fanSteps.map { .integer($0) })),
                ("bands", .array(mc.fan.map { .array($0.map { .number($0) }) })),
            ])))
        }
        outputs["risk_assessment"] = .object(risk)
        if analyzers.contains(.regimePerformance), let first = bars.first {
            // returns[i] is bar i+1's return (close i → i+1); it takes bar i+1's (ex post) label.
            func breakdown(_ labels: [Int?], _ names: [String]) -> JSONValue {
                let aligned = Array(labels.dropFirst())
                let stats = RegimePerformance.breakdown(returns: returns, labels: aligned, names: names, periodsPerYear: ppy)
                return .array(stats.map { s in
                    .object([
                        ("regime", .string(s.name)), ("bars", .integer(s.bars)), ("fraction", .number(s.fraction)),
                        ("total_return", .number(s.totalReturn)), ("annualized_return", .number(s.annualizedReturn)),
                        ("annual_volatility", .number(s.annualVolatility)), ("sharpe_ratio", .number(s.sharpeRatio)),
                        ("max_drawdown", .number(s.maxDrawdown)), ("win_rate", .number(s.winRate)),
                    ])
                })
            }
            let volatility = VolatilityRegime.labels(close: first.close, window: 20, periodsPerYear: ppy)
            let trend = TrendRegime.labels(close: first.close, window: 200)
            outputs["regime_breakdown"] = .object(identity + [
                ("labelled_on", .string(first.symbol)),
                ("volatility", breakdown(volatility, VolatilityRegime.names)),
                ("trend", breakdown(trend, TrendRegime.names)),
            ])
            report.append(("volatility_regimes", .array(volatility.map { $0.map { .integer($0) } ?? .null })))
        }
        return outputs
    }
}
