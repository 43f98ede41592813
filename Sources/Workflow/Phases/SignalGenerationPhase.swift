import Market
import Reports
import Strategies

/// `type: signal_generation` — compute and keep the signals of chosen strategies.
///
/// ```yaml
/// - name: signal_generation
///   type: signal_generation
///   inputs: ["optimize.top_5_parameter_sets"]       # and/or:
///   config:
///     strategies: [{type: momentum, parameters: {fast_period: 10, slow_period: 40}}]
///     data_split: full                               # default full
///   outputs: [raw_signals]
/// ```
///
/// `raw_signals` holds, per strategy and symbol, the per-bar target exposure in
/// [−1, 1] decided at each bar's close (see `SignalSeries`), with the bar dates.
/// `signal_metadata` summarises each series (exposure, long/short shares, changes).
public struct SignalGenerationPhase: WorkflowPhase {
    public static let typeName = "signal_generation"
    public static let defaultOutputs = ["raw_signals"]
    public static let outputNames = ["raw_signals", "signal_metadata"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        switch name {
        case "raw_signals": return .signalSet
        case "signal_metadata": return .metrics
        default: return nil
        }
    }

    let name: String
    let listed: [StrategySelection]
    let segment: DataSegment

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        var listed: [StrategySelection] = []
        if let config = declaration.config {
            try PhaseConfig.refuseUnsupported(config, [
                "capture_all_signals": "signal capture with compression arrives with the signals work",
                "include_regime_context": "regime context arrives with regime detection",
                "signal_compression": "signal compression arrives with the signals work",
            ])
            try config.checkKeys(allowed: ["strategies", "data_split"])
            if let node = config.child("strategies") {
                listed = try PhaseConfig.strategies(node).map { entry in
                    StrategySelection(strategy: entry.definition.name,
                                      parameters: try entry.definition.resolve(entry.fixed))
                }
            }
        }
        self.listed = listed
        segment = try PhaseConfig.segment(declaration.config, default: .full)
        if listed.isEmpty && planning.inputs(of: .parameterSets).isEmpty {
            throw declaration.node.error(
                "signal_generation needs strategies: list them under config.strategies or give a parameter-set input")
        }
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let selections = listed + (try context.inputs(of: .parameterSets).flatMap { try ParameterSetsCodec.decode($0.artifact.value) })
        let bars = context.data.bars(segment)
        let evaluator = StrategyEvaluator(config: .init())
        var series: [SignalSetCodec.Entry] = []
        for selection in selections {
            let (_, signals) = try evaluator.signals(selection, on: bars)
            for signal in signals {
                series.append(.init(strategy: selection.strategy, parameters: selection.parameters,
                                    symbol: signal.symbol, values: signal.values))
            }
        }
        let timestamps = bars.first?.timestamps ?? []
        var artifacts: [Artifact] = []
        for output in context.requestedOutputs {
            switch output {
            case "raw_signals":
                artifacts.append(Artifact(name: output, kind: .signalSet, value: SignalSetCodec.encode(timestamps: timestamps, series)))
            case "signal_metadata":
                artifacts.append(Artifact(name: output, kind: .metrics, value: SignalSetCodec.metadata(series)))
            default:
                continue
            }
        }
        return PhaseResult(artifacts: artifacts)
    }
}
