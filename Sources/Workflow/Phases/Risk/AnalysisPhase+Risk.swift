import Analysis
import Backtest
import Market
import Metrics
import Reports

/// What a risk analysis produced: outputs by name, the bars it read and their sample label.
struct RiskAnalysisOutcome {
    var outputs: [String: JSONValue]
    var span: Range<Int>
    var sample: String
}

extension AnalysisPhase {
    static let riskOutputs = ["risk_metrics", "stress_test_results", "tail_risk_assessment", "risk_recommendations"]

    /// Whether a planned input can feed a risk analysis: a parameter-set input, or a
    /// walk-forward phase's `walk_forward_results` (`results`).
    static func riskSourceAvailable(_ planning: PlanningContext) -> Bool {
        !planning.inputs(of: .parameterSets).isEmpty
            || planning.inputs(of: .metrics).contains { ["walk_forward_results", "results"].contains($0.output) }
    }

    /// Runs the risk analysis (see ``AnalysisPhase``, ``RiskSettings``, ``RiskMeasures``,
    /// ``RiskStress``, ``TailModel``, ``RiskRecommendations``).
    func riskAnalysis(_ settings: RiskSettings, context: PhaseContext, report: inout [(String, JSONValue)]) throws -> RiskAnalysisOutcome {
        let ppy = context.data.periodsPerYear
        var config = backtest
        config.periodsPerYear = ppy
        let evaluator = StrategyEvaluator(config: config)
        let series: RiskSeries
        if let walkForward = context.inputs(of: .metrics).first(where: { $0.artifact.value["stitched_out_of_sample_returns"] != nil
            || ["walk_forward_results", "results"].contains($0.reference.output) }) {
            series = try RiskSeries.walkForward(walkForward, context: context, evaluator: evaluator, phase: name)
        } else {
            let selections = try context.inputs(of: .parameterSets).flatMap { try ParameterSetsCodec.decode($0.artifact.value) }
            guard let best = selections.first else { throw WorkflowError(phase: name, "risk analysis: the parameter-set input is empty") }
            let range = context.data.range(segment)
            let result = try evaluator.run(best, on: context.data.bars(segment))
            // Honest label: in sample when an input has seen any of the analysed bars.
            let sample = try context.sampleLabel(evaluating: range, allowInSample: true, what: "risk analysis")
            series = RiskSeries.strategy(best, result: result, range: range, sample: sample, segment: segment)
        }
        guard series.returns.filter(\.isFinite).count >= 20 else {
            throw WorkflowError(phase: name, "risk analysis needs at least 20 returns, the \(series.source) series has \(series.returns.count)")
        }
        let dates = series.dates(context.data)
        let identity = series.identity + [
            ("sample", .string(series.sample)),
            ("start", .string(dates.first.map(Timestamps.format) ?? "")), ("end", .string(dates.last.map(Timestamps.format) ?? "")),
            ("observations", .integer(series.returns.count)),
        ]
        let portfolio = series.portfolioReturns(context.data.full)
        let tail = settings.extremeModelling ? TailModel.fit(series.returns, thresholdQuantile: settings.thresholdQuantile) : nil
        var outputs: [String: JSONValue] = [:]
        var metrics: [(String, JSONValue)] = identity + [
            ("portfolio", .string("equal-weight buy and hold of \(context.data.symbols.joined(separator: ", ")), bought at the close before the first return")),
            ("strategy_summary", RiskMeasures.summary(series.returns, periodsPerYear: ppy)),
            ("portfolio_summary", RiskMeasures.summary(portfolio, periodsPerYear: ppy)),
        ]
        if settings.varAnalysis {
            metrics.append(("confidence_levels", .array(settings.levels.map { .number($0) })))
            metrics.append(("sign", .string("per-bar returns: a loss is negative")))
            metrics.append(("var_cvar", .array(
                RiskMeasures.table(series: "strategy", returns: series.returns, levels: settings.levels, tail: tail)
                + RiskMeasures.table(series: "portfolio", returns: portfolio, levels: settings.levels, tail: nil))))
        }
        metrics.append(("returns", .object([
            ("dates", .array(dates.map { .string(Timestamps.format($0)) })),
            ("strategy", .array(series.returns.map { .number($0) })),
            ("portfolio", .array(portfolio.map { .number($0) })),
            ("benchmark", .array((context.data.full.first { $0.symbol == (settings.benchmark ?? context.data.symbols.first) })
                .map { series.holdReturns($0) }?.map { .number($0) } ?? [])),
        ])))
        outputs["risk_metrics"] = .object(metrics)
        var stress: [(String, JSONValue)] = identity
        if settings.stressTesting {
            stress.append(("historical", try RiskStress.scenarios(series, settings: settings, data: context.data, phase: name)))
        }
        if settings.scenarioAnalysis {
            stress.append(("shocks", RiskStress.shocks(series, settings: settings, symbols: context.data.symbols)))
        }
        outputs["stress_test_results"] = .object(stress)
        var tailPairs: [(String, JSONValue)] = identity + [("confidence_levels", .array(settings.levels.map { .number($0) }))]
        if let tail {
            tailPairs.append(("gpd", TailModel.json(tail, thresholdQuantile: settings.thresholdQuantile, levels: settings.levels)))
            if let plot = TailModel.plot(series.returns, fit: tail) { report.append(("tail_plot", plot)) }
        } else {
            tailPairs.append(("gpd", .null))
            tailPairs.append(("note", .string("extreme_scenario_modeling is false: no tail model")))
        }
        outputs["tail_risk_assessment"] = .object(tailPairs)
        outputs["risk_recommendations"] = RiskRecommendations.make(series, settings: settings, tail: tail, data: context.data)
        report.append(("risk_source", .object(identity)))
        return RiskAnalysisOutcome(outputs: outputs, span: series.span, sample: series.sample)
    }
}
