import Analysis
import Backtest
import Market
import Metrics
import Reports

/// `type: backtest` — trade the selected strategies on held-out data, with realistic costs.
///
/// ```yaml
/// - name: validation
///   type: backtest
///   inputs: ["parameter_optimization.best_parameters"]
///   config:
///     data_split: test                   # default test (out of sample); full with generate_deployment_config
///     include_transaction_costs: true    # 1 bp commission + 2 bp slippage per side
///     include_market_impact: false       # square-root impact, η = 1
///     realistic_execution_delays: false  # fill one bar later
///     generate_detailed_report: true     # list every trade in final_performance_report
///   outputs: [validation_results, final_performance_report]
/// ```
///
/// Every parameter set of the inputs (up to 20) is backtested on the segment. The results are
/// labelled out of sample, so the lineage rule applies (see ``Lineage``): an input that has
/// seen the segment's bars (e.g. optimised with `data_split: full`) is refused at validation
/// and at run time, unless `allow_in_sample_inputs: true` labels the figures `in_sample`.
/// `validation_results` lists their metrics next to the in-sample objective the
/// optimiser recorded and the out-of-sample / in-sample ratio of that objective
/// (degradation); `final_performance_report` details the first (best) one:
/// metrics, costs, yearly returns and, with `generate_detailed_report`, the trades.
///
/// Risk keys (``BacktestRiskControls``): `dynamic_risk_management: true` applies an input's
/// `risk_recommendations` (leverage cap, per-position stop, per-symbol allocation limits);
/// `regime_aware_position_sizing: true` scales each bar's signal by an inverse-volatility
/// multiplier of the causal regime label known at that bar (needs a `regime_labels` input).
/// Both are refused at plan time, located, when the input they need is missing. The limits
/// applied are listed under `risk_controls` in both outputs.
///
/// An `ensemble_weights` input (instead of parameter sets) trades that ensemble
/// (``EnsembleStrategy``): its members' captured signals combined with its weights, threshold
/// and rebalancing period; regime-aware sizing then uses the labels captured with the signals.
///
/// `generate_deployment_config: true` (a construction step: without `data_split` it runs on the
/// full data and labels its figures `in_sample` where its inputs saw the bars) adds `production_configuration`,
/// `implementation_guide` and `monitoring_recommendations` for the best set (formats in
/// ``DeploymentConfig``); the report writer also writes the configuration as
/// `<reports>/<phase>/production_configuration.yaml` with the run id.
public struct BacktestPhase: WorkflowPhase {
    public static let typeName = "backtest"
    public static let defaultOutputs = ["validation_results", "final_performance_report"]
    public static let outputNames = ["validation_results", "final_performance_report", "final_strategy_performance",
                                     "production_configuration", "implementation_guide", "monitoring_recommendations"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        switch name {
        case "validation_results", "final_strategy_performance": return .metrics
        case "production_configuration", "implementation_guide", "monitoring_recommendations": return .metrics
        case "final_performance_report": return .report
        default: return nil
        }
    }

    public static func outputFields(_ name: String) -> [String]? {
        name == "validation_results" ? ["segment", "sample", "start", "end", "bars", "objective", "costs", "results"] : nil
    }

    let name: String
    let segment: DataSegment
    let backtest: BacktestConfig
    let detailed: Bool
    /// `allow_in_sample_inputs: true`: accept inputs that saw the evaluated bars; figures are labelled `in_sample`.
    let allowInSample: Bool
    let controls: BacktestRiskControls
    /// `generate_deployment_config: true`.
    let deployment: Bool

    public func segmentSeen(by output: String) -> DataSegment? { segment }
    public var outOfSampleSegment: DataSegment? { segment }
    public var allowsInSampleInputs: Bool { allowInSample }

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        let config = declaration.config
        if let config {
            guard config.isMapping else { throw config.error("expected a mapping of backtest settings") }
            try config.checkKeys(allowed: ["data_split", "generate_detailed_report", "allow_in_sample_inputs", "generate_deployment_config"]
                                 + BacktestRiskControls.keys + PhaseConfig.backtestKeys)
        }
        deployment = try config?.optional("generate_deployment_config") { try $0.bool() } ?? false
        // A deployment build describes the strategy as it will run: by default on all the data,
        // labelled in sample wherever its inputs saw the bars (validation is a separate gate).
        let construction = deployment && config?.child("data_split") == nil
        allowInSample = try config?.optional("allow_in_sample_inputs") { try $0.bool() } ?? construction
        segment = try PhaseConfig.segment(config, default: construction ? .full : .test)
        backtest = try PhaseConfig.backtestConfig(config)
        detailed = try config?.optional("generate_detailed_report") { try $0.bool() } ?? false
        controls = try BacktestRiskControls.parse(config, planning: planning)
        for output in declaration.outputs where ["production_configuration", "implementation_guide", "monitoring_recommendations"].contains(output) && !deployment {
            throw declaration.node.error("output '\(output)' needs generate_deployment_config: true in the phase config")
        }
        guard !planning.inputs(of: .parameterSets).isEmpty || !planning.inputs(of: .ensembleWeights).isEmpty else {
            throw declaration.node.error(
                "a backtest phase needs an input with parameter sets or ensemble weights, e.g. inputs: [\"optimize.best_parameters\"]")
        }
        if planning.inputs(of: .ensembleWeights).count > 1 || (!planning.inputs(of: .ensembleWeights).isEmpty && !planning.inputs(of: .parameterSets).isEmpty) {
            throw declaration.node.error("a backtest phase trades either one ensemble (an ensemble_weights input) or parameter sets, not both")
        }
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let ensemble = try context.inputs(of: .ensembleWeights).first.map { try EnsembleStrategy($0, context: context) }
        let selections = try ensemble.map { [$0.selection] } ?? Array(try context.inputs(of: .parameterSets)
            .flatMap { try ParameterSetsCodec.decode($0.artifact.value) }.prefix(20))
        guard let best = selections.first else { throw WorkflowError(phase: name, "the parameter-set input is empty") }
        let bars = context.data.bars(segment)
        let sample = try context.sampleLabel(evaluating: context.data.range(segment), allowInSample: allowInSample,
                                             what: "backtest '\(name)' (data_split: \(segment.rawValue))")
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let range = context.data.range(segment)
        let applied = try controls.apply(context, config: &config, segment: range, phase: name, fallbackLabels: ensemble?.labels)
        let evaluator = StrategyEvaluator(config: config)
        let objective = (context.inputs(of: .parameterSets).first ?? context.inputs(of: .ensembleWeights).first)?
            .artifact.value["objective"]?.stringValue.flatMap(Objective.init(rawValue:)) ?? .sharpeRatio
        var rows: [JSONValue] = []
        var first: BacktestResult?
        for selection in selections {
            let result: BacktestResult
            if let ensemble {
                let (traded, signals) = try ensemble.signals(context, range: range)
                result = try controls.run(signals: signals, traded: traded, range: range, config: config, applied: applied)
            } else {
                result = try controls.run(selection, on: bars, range: range, config: config, evaluator: evaluator, applied: applied)
            }
            if first == nil { first = result }
            let outOfSample = objective.value(result.summary)
            let ratio = selection.objective.isFinite && selection.objective != 0 ? outOfSample / selection.objective : Double.nan
            rows.append(.object([
                ("strategy", .string(selection.strategy)), ("parameters", selection.parametersJSON),
                ("in_sample_objective", .number(selection.objective)),
                ("out_of_sample_objective", .number(outOfSample)),
                ("degradation_ratio", .number(ratio)),
                ("metrics", MetricsJSON.summary(result.summary)),
            ]))
        }
        guard let result = first else { throw WorkflowError(phase: name, "nothing to backtest") }
        let costs: JSONValue = .object([
            ("commission_bps", .number(config.costs.commissionBps)),
            ("slippage_bps", .number(config.costs.slippageBps)),
            ("market_impact", .bool(config.costs.marketImpact != nil)),
            ("delay_bars", .integer(config.delayBars)),
            ("fill", .string(config.fill.rawValue)),
        ])
        let riskControls: [(String, JSONValue)] = controls.dynamic || controls.regimeAware
            ? [("risk_controls", applied.json(config: config)),
               ("max_gross_exposure", .number(result.weights.isEmpty ? .nan : result.timestamps.indices.map { t in
                   result.weights.reduce(0) { $0 + abs(t < $1.count ? $1[t] : 0) } }.max()))]
            : []
        let span: [(String, JSONValue)] = [
            ("segment", .string(segment.rawValue)),
            ("sample", .string(sample)),
            ("start", .string(result.timestamps.first.map(Timestamps.format) ?? "")),
            ("end", .string(result.timestamps.last.map(Timestamps.format) ?? "")),
            ("bars", .integer(result.timestamps.count)),
        ]
        var artifacts: [Artifact] = []
        for output in context.requestedOutputs {
            switch output {
            case "validation_results":
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object(span + [
                    ("objective", .string(objective.rawValue)), ("costs", costs),
                ] + riskControls + [("results", .array(rows))])))
            case "final_performance_report", "final_strategy_performance":
                artifacts.append(Artifact(name: output, kind: Self.outputKind(output) ?? .report,
                                          value: report(best, result, span: span, costs: costs, extra: riskControls)))
            case "production_configuration" where deployment:
                var production = DeploymentConfig.production(
                    best, result: result, config: config.withAllocations(for: result, applied: applied), applied: applied, span: span,
                    context: context, phase: name)
                if let ensemble, case .object(var pairs) = production, let k = pairs.firstIndex(where: { $0.0 == "strategy" }) {
                    // the deployed strategy is the ensemble: its members, weights and rule
                    pairs[k].1 = .object([("type", .string("ensemble"))] + (ensemble.weights.json.objectValue ?? [])
                                         + (ensemble.regimeModel.map { [("regime_model", $0)] } ?? []))
                    production = .object(pairs)
                }
                artifacts.append(Artifact(name: output, kind: .metrics, value: production))
            case "implementation_guide" where deployment:
                artifacts.append(Artifact(name: output, kind: .metrics, value: DeploymentConfig.guide(
                    best, result: result, config: config.withAllocations(for: result, applied: applied), applied: applied)))
            case "monitoring_recommendations" where deployment:
                artifacts.append(Artifact(name: output, kind: .metrics, value: DeploymentConfig.monitoring(
                    result, periodsPerYear: context.data.periodsPerYear)))
            default:
                continue
            }
        }
        let drawdowns = DrawdownAnalysis.analyze(equity: result.equity, top: 5)
        artifacts.append(Artifact(name: ReportData.artifactName, kind: .report, value: .object([
            ("strategy", .object([("strategy", .string(best.strategy)), ("parameters", best.parametersJSON)])),
            ("curves", ReportData.curves(timestamps: result.timestamps, [
                ("equity", result.equity.map { $0 / (result.equity.first ?? 1) }), ("underwater", drawdowns.underwater),
            ])),
        ])))
        var outcome = PhaseResult(artifacts: artifacts)
        outcome.seen = context.data.range(segment)
        for artifact in artifacts { outcome.sampleByOutput[artifact.name] = sample }
        return outcome
    }

    private func report(_ selection: StrategySelection, _ result: BacktestResult, span: [(String, JSONValue)],
                        costs: JSONValue, extra: [(String, JSONValue)] = []) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("strategy", .string(selection.strategy)), ("parameters", selection.parametersJSON),
        ] + span + [
            ("costs", costs),
        ] + extra + [
            ("metrics", MetricsJSON.summary(result.summary)),
            ("final_equity", .number(result.equity.last)),
            ("total_commission", .number(result.totalCommission)),
            ("total_slippage", .number(result.totalSlippage)),
            ("yearly_returns", yearly(result)),
        ]
        let trades = result.trades
        let held = trades.map { Double($0.barsHeld) }
        pairs.append(("trades_summary", .object([
            ("count", .integer(trades.count)),
            ("long", .integer(trades.filter { $0.direction > 0 }.count)),
            ("short", .integer(trades.filter { $0.direction < 0 }.count)),
            ("average_bars_held", .number(held.isEmpty ? .nan : held.reduce(0, +) / Double(held.count))),
            ("best_return", .number(trades.map(\.returnFraction).max())),
            ("worst_return", .number(trades.map(\.returnFraction).min())),
        ])))
        if detailed {
            pairs.append(("trades", .array(trades.map { trade in
                .object([
                    ("symbol", .string(trade.symbol)), ("direction", .integer(trade.direction)),
                    ("entry_time", .string(Timestamps.format(trade.entryTime))),
                    ("exit_time", .string(Timestamps.format(trade.exitTime))),
                    ("entry_price", .number(trade.entryPrice)), ("exit_price", .number(trade.exitPrice)),
                    ("quantity", .number(trade.quantity)), ("pnl", .number(trade.pnl)), ("costs", .number(trade.costs)),
                    ("return", .number(trade.returnFraction)), ("bars_held", .integer(trade.barsHeld)),
                    ("exit_reason", .string(trade.exitReason.rawValue)),
                ])
            })))
        }
        return .object(pairs)
    }

    /// Calendar-year returns of the equity curve (the first year from the first bar).
    private func yearly(_ result: BacktestResult) -> JSONValue {
        var rows: [(String, JSONValue)] = []
        var startValue = result.equity.first ?? 1
        var currentYear = result.timestamps.first.map { Timestamps.format($0).prefix(4) } ?? ""
        for (t, time) in result.timestamps.enumerated() {
            let year = Timestamps.format(time).prefix(4)
            if year != currentYear, t > 0 {
                rows.append((String(currentYear), .number(result.equity[t - 1] / startValue - 1)))
                startValue = result.equity[t - 1]
                currentYear = year
            }
        }
        if let last = result.equity.last { rows.append((String(currentYear), .number(last / startValue - 1))) }
        return .object(rows)
    }
}
