import Analysis
import Backtest
import Market
import Metrics
import Reports

/// `type: analysis` — study the strategies an earlier phase selected, or the market itself.
///
/// ```yaml
/// - name: performance_analysis
///   type: analysis
///   inputs: ["parameter_optimization.best_parameters"]
///   config:
///     analyzers: [drawdown_analysis, regime_performance, correlation_analysis, monte_carlo_simulation]
///     data_split: train                      # default train (in sample)
///     monte_carlo: {paths: 1000, block_size: 1}
///   outputs: [performance_metrics, regime_breakdown, risk_assessment]
///
/// - name: initial_assessment
///   type: analysis
///   config:
///     market_condition_analysis: [volatility_regime, trend_strength, correlation_structure]
///   outputs: [market_conditions, recommended_strategy_types]
/// ```
///
/// Analyzers (all on the best input strategy's bar returns, fills at the next open):
/// - `drawdown_analysis`: the five deepest drawdowns with dates, depth, duration and recovery;
///   average drawdown; time under water; Ulcer index.
/// - `regime_performance`: metrics inside volatility regimes (terciles of 20-bar realised
///   volatility) and trend regimes (close above/below its 200-bar mean) — ex post labels.
/// - `correlation_analysis`: correlation of the strategy's returns with buy-and-hold of each
///   symbol, and between all input strategies.
/// - `monte_carlo_simulation`: bootstrap of the bar returns (1,000 paths, seeded): quantiles
///   of final return and max drawdown, probability of loss, fan of equity percentiles.
///
/// `market_condition_analysis` measures the last 63 bars: annualised volatility, trend
/// strength, average cross-symbol correlation, the regimes, and recommended strategy types.
///
/// **Risk analysis** (any of the keys below; on the best parameter-set input backtested on
/// `data_split`, or on the stitched out-of-sample returns of a `walk_forward_results` input):
///
/// ```yaml
///   inputs: ["walk_forward_validation.walk_forward_results"]   # or a parameter-set output
///   config:
///     risk_analysis: {var_analysis: true, stress_testing: true, scenario_analysis: true}  # each default true
///     stress_scenarios:                    # default: the four StressScenario.historical presets
///       - {name: covid_crash, date_range: ["2020-02-01", "2020-04-01"]}   # both days inclusive
///     shock_scenarios:                     # added to the default shocks (see RiskSettings.defaultShocks)
///       - {name: tlt_crash, shocks: {TLT: -0.15}}
///     benchmark: SPY                       # stress benchmark (buy and hold); default the first data symbol
///     tail_risk_analysis:
///       confidence_levels: [0.95, 0.99, 0.999]   # default [0.95, 0.99]; each strictly in (0, 1)
///       extreme_scenario_modeling: true           # GPD peaks over threshold (default true)
///       tail_threshold_quantile: 0.95             # POT threshold, a quantile of the losses
///     risk_budget: {daily_loss: 0.02, confidence: 0.99, stop_cvar_multiple: 3}   # the defaults
///   outputs: [risk_metrics, stress_test_results, tail_risk_assessment, risk_recommendations]
/// ```
///
/// - `risk_metrics`: distribution summaries of the strategy and of the "portfolio" — the
///   equal-weight buy-and-hold of the data symbols bought at the close before the first
///   analysed return — and (`var_analysis`) their VaR/CVaR at each level by the historical,
///   Gaussian and Cornish–Fisher methods, plus the GPD tail for the strategy (``RiskMeasures``;
///   per-bar returns, a loss negative); the analysed return series with their dates.
/// - `stress_test_results`: `historical` (`stress_testing`) per scenario, strategy vs
///   benchmark; `shocks` (`scenario_analysis`) on the strategy's last and mean weights
///   (``RiskStress``). A scenario outside `data.start_date … end_date` is a plan-time error; one
///   outside the analysed bars only is reported `status: "no bars in range"`.
/// - `tail_risk_assessment`: the GPD fit of the loss tail (``TailModel``).
/// - `risk_recommendations`: max leverage, stop loss and per-symbol position limits from the
///   tail and the risk budget (``RiskRecommendations``), for a backtest's `dynamic_risk_management`.
///
/// Sample label: on walk-forward returns the input's (`out_of_sample` when every window was);
/// on a parameter-set input `in_sample` when that input has seen any analysed bar, else
/// `out_of_sample`. The phase's lineage covers the analysed bars.
///
/// Outputs: `performance_metrics`, `regime_breakdown`, `risk_assessment`,
/// `market_conditions`, `recommended_strategy_types`, the regime outputs, and the four risk outputs.
public struct AnalysisPhase: WorkflowPhase {
    public static let typeName = "analysis"
    public static let defaultOutputs = ["performance_metrics", "risk_assessment"]
    public static let outputNames = ["performance_metrics", "regime_breakdown", "risk_assessment",
                                     "market_conditions", "recommended_strategy_types", "regime_classifications",
                                     "regime_specific_performance", "regime_transition_probabilities",
                                     "risk_metrics", "stress_test_results", "tail_risk_assessment", "risk_recommendations"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        switch name {
        case "performance_metrics", "risk_assessment": return .metrics
        case "regime_breakdown": return .table
        case "market_conditions", "recommended_strategy_types": return .marketConditions
        case "regime_classifications": return .regimeLabels
        case "regime_specific_performance", "regime_transition_probabilities": return .table
        case "risk_metrics", "stress_test_results", "tail_risk_assessment", "risk_recommendations": return .metrics
        default: return nil
        }
    }

    enum Analyzer: String, CaseIterable {
        case drawdownAnalysis = "drawdown_analysis"
        case regimePerformance = "regime_performance"
        case correlationAnalysis = "correlation_analysis"
        case monteCarloSimulation = "monte_carlo_simulation"
    }

    enum MarketMeasure: String, CaseIterable {
        case volatilityRegime = "volatility_regime"
        case trendStrength = "trend_strength"
        case correlationStructure = "correlation_structure"
    }

    let name: String
    let analyzers: [Analyzer]
    let measures: [MarketMeasure]
    let segment: DataSegment
    public func segmentSeen(by output: String) -> DataSegment? {
        if output == "regime_classifications", let regimes { return regimes.fitSplit }
        return regimes.map { Lineage.union(segment, $0.fitSplit) } ?? segment
    }
    let paths: Int
    let blockSize: Int
    let backtest: BacktestConfig
    let regimes: RegimeDetectionSettings?
    let risk: RiskSettings?

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        guard let config = declaration.config, config.isMapping else {
            throw declaration.node.error("an analysis phase needs a config with 'analyzers' or 'market_condition_analysis'")
        }
        try config.checkKeys(allowed: ["analyzers", "market_condition_analysis", "data_split", "monte_carlo",
                                       "regime_detection", "regime_performance_analysis"] + RiskSettings.keys + PhaseConfig.backtestKeys)
        risk = try RiskSettings.parse(config, planning: planning)
        if risk != nil, !Self.riskSourceAvailable(planning) {
            throw (RiskSettings.keys.lazy.compactMap { config.keyNode($0) }.first ?? config).error(
                "risk analysis studies a strategy: give the phase a parameter-set input or a walk_forward_results input",
                hint: "e.g. inputs: [\"walk_forward_validation.walk_forward_results\"]")
        }
        if let detection = config.child("regime_detection") {
            regimes = try RegimeDetectionSettings.parse(detection, performance: config.child("regime_performance_analysis"))
        } else {
            if let stray = config.keyNode("regime_performance_analysis") {
                throw stray.error("regime_performance_analysis needs regime_detection")
            }
            regimes = nil
        }
        analyzers = try config.optional("analyzers") { node in
            try node.sequence().map { try $0.enumeration(Analyzer.self) }
        } ?? []
        measures = try config.optional("market_condition_analysis") { node in
            try node.sequence().map { try $0.enumeration(MarketMeasure.self) }
        } ?? []
        guard !analyzers.isEmpty || !measures.isEmpty || regimes != nil || risk != nil else {
            throw config.error("list at least one of analyzers, market_condition_analysis, regime_detection or risk_analysis")
        }
        segment = try PhaseConfig.segment(config, default: .train)
        backtest = try PhaseConfig.backtestConfig(config)
        if let mc = config.child("monte_carlo") {
            try mc.checkKeys(allowed: ["paths", "block_size"])
            paths = try mc.optional("paths") { try $0.int() } ?? 1000
            blockSize = try mc.optional("block_size") { try $0.int() } ?? 1
            guard paths >= 10, blockSize >= 1 else { throw mc.error("monte_carlo needs paths ≥ 10 and block_size ≥ 1") }
        } else {
            paths = 1000
            blockSize = 1
        }
        if !analyzers.isEmpty && planning.inputs(of: .parameterSets).isEmpty {
            throw (config.keyNode("analyzers") ?? config).error(
                "analyzers study a strategy: give the phase an input with parameter sets, e.g. inputs: [\"optimize.best_parameters\"]")
        }
        for output in declaration.outputs {
            let needs: String?
            switch output {
            case "regime_breakdown": needs = analyzers.contains(.regimePerformance) ? nil : "analyzers: [regime_performance]"
            case "performance_metrics", "risk_assessment": needs = analyzers.isEmpty ? "analyzers" : nil
            case "market_conditions", "recommended_strategy_types": needs = measures.isEmpty ? "market_condition_analysis" : nil
            case "regime_classifications", "regime_transition_probabilities": needs = regimes == nil ? "regime_detection" : nil
            case "risk_metrics", "tail_risk_assessment", "risk_recommendations":
                needs = risk == nil ? "risk_analysis" : nil
            case "stress_test_results":
                needs = risk == nil ? "risk_analysis" : (risk?.stressTesting == false && risk?.scenarioAnalysis == false
                    ? "risk_analysis.stress_testing or scenario_analysis" : nil)
            case "regime_specific_performance":
                needs = regimes == nil ? "regime_detection" : (planning.inputs(of: .parameterSets).isEmpty ? "a parameter-set input" : nil)
            default: needs = nil
            }
            if let needs { throw declaration.node.error("output '\(output)' needs \(needs) in the phase config") }
        }
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        var artifacts: [Artifact] = []
        let bars = context.data.bars(segment)
        let ppy = context.data.periodsPerYear
        var report: [(String, JSONValue)] = [("segment", .string(segment.rawValue))]
        var strategyOutputs: [String: JSONValue] = [:]
        var warnings: [String] = []
        var regimeFit: Range<Int>?
        if !analyzers.isEmpty {
            let selections = try context.inputs(of: .parameterSets).flatMap { try ParameterSetsCodec.decode($0.artifact.value) }
            guard let best = selections.first else { throw WorkflowError(phase: name, "the parameter-set input is empty") }
            var config = backtest
            config.periodsPerYear = ppy
            let evaluator = StrategyEvaluator(config: config)
            let result = try evaluator.run(best, on: bars)
            strategyOutputs = try analyse(best: best, result: result, others: Array(selections.dropFirst().prefix(9)),
                                          evaluator: evaluator, bars: bars, context: context, report: &report)
        }
        if let regimes {
            let selections = try context.inputs(of: .parameterSets).flatMap { try ParameterSetsCodec.decode($0.artifact.value) }
            let found = try detectRegimes(regimes, bars: bars, context: context, selections: selections, report: &report,
                                          warnings: &warnings)
            for (key, value) in found.outputs.sorted(by: { $0.key < $1.key }) { strategyOutputs[key] = value }
            regimeFit = found.fitted
        }
        var riskOutcome: RiskAnalysisOutcome?
        if let risk {
            let outcome = try riskAnalysis(risk, context: context, report: &report)
            for (key, value) in outcome.outputs.sorted(by: { $0.key < $1.key }) { strategyOutputs[key] = value }
            riskOutcome = outcome
        }
        var conditions: MarketConditions?
        if !measures.isEmpty {
            let measured = MarketConditionAnalysis.assess(bars: bars, window: 63, periodsPerYear: ppy)
            conditions = measured
            report.append(("market_conditions", Self.conditionsJSON(measured, measures: measures)))
        }
        for output in context.requestedOutputs {
            guard let kind = Self.outputKind(output) else { continue }
            switch output {
            case "market_conditions":
                if let conditions { artifacts.append(Artifact(name: output, kind: kind, value: Self.conditionsJSON(conditions, measures: measures))) }
            case "recommended_strategy_types":
                if let conditions {
                    artifacts.append(Artifact(name: output, kind: kind, value: .object([
                        ("strategy_types", .array(conditions.recommendedStrategyTypes.map { .string($0) })),
                        ("volatility_regime", .string(conditions.volatilityRegime)),
                        ("trend_regime", .string(conditions.trendRegime)),
                    ])))
                }
            default:
                if let value = strategyOutputs[output] { artifacts.append(Artifact(name: output, kind: kind, value: value)) }
            }
        }
        artifacts.append(Artifact(name: ReportData.artifactName, kind: .report, value: .object(report)))
        var result = PhaseResult(artifacts: artifacts, warnings: warnings)
        result.seen = context.data.range(segment)
        if let regimeFit {
            result.seen = Lineage.hull(result.seen, regimeFit)
            result.seenByOutput["regime_classifications"] = regimeFit
        }
        if let riskOutcome {
            result.seen = Lineage.hull(result.seen, riskOutcome.span)
            for output in Self.riskOutputs { result.sampleByOutput[output] = riskOutcome.sample }
        }
        return result
    }

    public static func outputFields(_ name: String) -> [String]? {
        switch name {
        case "market_conditions":
            return ["window_bars", "volatility", "volatility_regime", "trend_strength", "trend_regime", "average_correlation",
                    "recommended_strategy_types"]
        case "recommended_strategy_types": return ["strategy_types", "volatility_regime", "trend_regime"]
        default: return nil
        }
    }

    static func conditionsJSON(_ c: MarketConditions, measures: [MarketMeasure]) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("window_bars", .integer(63))]
        if measures.contains(.volatilityRegime) {
            pairs += [("volatility", .number(c.volatility)), ("volatility_regime", .string(c.volatilityRegime))]
        }
        if measures.contains(.trendStrength) {
            pairs += [("trend_strength", .number(c.trendStrength)), ("trend_regime", .string(c.trendRegime))]
        }
        if measures.contains(.correlationStructure) {
            pairs.append(("average_correlation", .number(c.averageCorrelation)))
        }
        pairs.append(("recommended_strategy_types", .array(c.recommendedStrategyTypes.map { .string($0) })))
        return .object(pairs)
    }
}
