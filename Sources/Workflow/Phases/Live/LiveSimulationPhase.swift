import Live

/// `type: live_simulation` — paper trading, or shadow trading beside a baseline.
///
/// ```yaml
/// - name: paper_trading
///   type: live_simulation
///   inputs: ["pre_deployment_validation.validated_strategy"]
///   config:
///     duration_days: 30
///     real_time_data: true
///     paper_trading_only: true
///     monitoring: {real_time_alerts: true, performance_tracking: true, deviation_alerts: true}
/// - name: shadow_trading
///   type: live_simulation
///   inputs: ["paper_trading.performance_validation"]
///   config: {duration_days: 60, shadow_mode: true, comparison_baseline: "current_production_strategy"}
/// ```
///
/// The input's strategy (a gate's `validated_strategy`, or an earlier live phase's output)
/// trades on a feed — by default the workflow's bars after the input's session or research
/// period, replayed on a clock — through the paper broker (the backtester's fill and cost
/// model), bar by bar (see `Live.LiveSession`). Monitoring compares the account with the
/// expected path and with validation (tracking error, drift, drawdown) and raises alerts,
/// printed as they happen with `real_time_alerts` and kept in the output. See ``LiveConfig`` for
/// the shared keys. Output `performance_validation`.
///
/// `shadow_mode: true` runs a baseline on the same feed in lockstep — `comparison_baseline`: a
/// production configuration file, a strategy name (its defaults), or
/// `current_production_strategy` (the newest completed `live_trading` deployment in this
/// store; buy and hold while there is none) — and outputs `comparative_results`: the
/// candidate's session with the baseline and their comparison.
///
/// The session survives a crash: its bars and orders are journaled in the run store, a rerun
/// replays them and continues where the feed left off, sending no order twice.
public struct LiveSimulationPhase: WorkflowPhase {
    public static let typeName = "live_simulation"
    /// A live session acts outside the store: it always runs (resuming its own journal).
    public static var reusable: Bool { false }
    public static let defaultOutputs = ["performance_validation"]
    public static let outputNames = ["performance_validation", "comparative_results"]

    public static func defaultOutputs(inputKinds: [ArtifactKind], method: String?, config: ConfigNode?) -> [String] {
        (try? config?.child("shadow_mode")?.bool()) == true ? ["comparative_results"] : defaultOutputs
    }

    public static func outputKind(_ name: String) -> ArtifactKind? { outputNames.contains(name) ? .liveSession : nil }

    let stage: LiveStage

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        let config = declaration.config
        try config?.checkKeys(allowed: LiveConfig.keys + ["shadow_mode", "comparison_baseline"])
        let live = try LiveConfig.parse(config)
        let shadow = try config?.optBool("shadow_mode") ?? false
        let baseline = try config?.optString("comparison_baseline")
        if baseline != nil, !shadow, let node = config?.keyNode("comparison_baseline") {
            throw node.error("comparison_baseline is only used with shadow_mode: true", hint: "add shadow_mode: true, or remove comparison_baseline")
        }
        try LiveTradingPhase.checkInputs(declaration, planning: planning)
        stage = LiveStage(name: declaration.name, mode: shadow ? .shadow : .paper, config: live, baseline: baseline)
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let (output, seen, _) = try stage.run(context)
        var result = PhaseResult(artifacts: context.requestedOutputs.map { Artifact(name: $0, kind: .liveSession, value: output) })
        result.seen = seen
        result.warnings = (output["notes"]?.arrayValue ?? []).compactMap(\.stringValue)
        return result
    }
}
