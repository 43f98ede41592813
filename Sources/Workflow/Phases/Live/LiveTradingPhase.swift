import Live

/// `type: live_trading` — a gradual rollout with safety checks and automatic rollback.
///
/// ```yaml
/// - name: gradual_rollout
///   type: live_trading
///   inputs: ["shadow_trading.comparative_results"]
///   config:
///     rollout_schedule: {week_1: 0.1, week_2: 0.25, week_4: 0.5, week_8: 1.0}   # or day_N
///     safety_checks: {performance_monitoring: true, automatic_rollback: true, risk_limit_enforcement: true}
///     rollback_limits: {max_drawdown: 0.15, max_bar_loss: 0.05, max_tracking_error: 0.05, to_zero: false}
///     risk_limits: {position_limits: {SPY: 0.2}, max_leverage: 1.0, max_daily_loss: 0.04}
///     broker: {type: paper}          # alpaca with paper_trading_only: false and APCA_API_KEY_ID/APCA_API_SECRET_KEY set
/// ```
///
/// - `rollout_schedule`: the allocation (the share of the strategy's sizing traded) from the
///   start of week N (day N) after the session's first bar; before the first stage nothing
///   trades. A change of allocation re-targets every held position. The session lasts until the
///   end of the last stage's week (day) unless `duration_days` says otherwise.
/// Each safety check is on unless `safety_checks` sets it to `false`.
///
/// - `automatic_rollback`: judged on the strategy's own returns (the account's return over the
///   allocation in force), a drawdown beyond `max_drawdown` (default: the gate's max_drawdown
///   bound, else 1.5 × validation's maximum drawdown), a bar losing more than `max_bar_loss`
///   (default 1.5 × validation's worst bar), or an annualised tracking error against the
///   expected path beyond `max_tracking_error` (default 0.05) steps the allocation back one
///   stage — to zero, flattening every position, from the first stage or with `to_zero: true` —
///   and holds it there; each rollback and its reason are recorded.
/// - `risk_limit_enforcement`: position, leverage and daily loss limits (`risk_limits`; else a
///   `risk_recommendations` input's per-symbol `max_weight`, `max_leverage` and
///   `risk_budget.daily_loss`; else the configuration file's position limits with the validated
///   leverage cap and 2 × validation's worst bar loss): an order that would breach one is
///   rejected and logged, never sent.
/// - `performance_monitoring`: tracking-error, drift and drawdown alerts.
///
/// Output `rollout_report`. See ``LiveSimulationPhase`` for feeds, brokers and crash recovery.
public struct LiveTradingPhase: WorkflowPhase {
    public static let typeName = "live_trading"
    /// A live session acts outside the store: it always runs (resuming its own journal).
    public static var reusable: Bool { false }
    public static let defaultOutputs = ["rollout_report"]
    public static let outputNames = ["rollout_report"]

    public static func outputKind(_ name: String) -> ArtifactKind? { outputNames.contains(name) ? .liveSession : nil }

    let stage: LiveStage

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        let config = declaration.config
        try config?.checkKeys(allowed: LiveConfig.keys + ["rollout_schedule", "safety_checks", "rollback_limits"])
        let live = try LiveConfig.parse(config)
        try Self.checkInputs(declaration, planning: planning)
        var stage = LiveStage(name: declaration.name, mode: .rollout, config: live)
        var unit: Int64 = 7 * 86_400
        if let node = config?.child("rollout_schedule") {
            var stages: [AllocationSchedule.Stage] = []
            var units: Set<String> = []
            for entry in try node.entries() {
                let parts = entry.key.split(separator: "_")
                guard parts.count == 2, ["week", "day"].contains(parts[0]), let n = Int(parts[1]), n >= 1 else {
                    throw (node.keyNode(entry.key) ?? entry.value).error("rollout_schedule key '\(entry.key)' is not week_N or day_N",
                                                                         hint: "e.g. week_1: 0.1, week_2: 0.25")
                }
                units.insert(String(parts[0]))
                let allocation = try entry.value.double()
                try entry.value.ensure(allocation >= 0 && allocation <= 1, "an allocation is a share between 0 and 1")
                unit = parts[0] == "week" ? 7 * 86_400 : 86_400
                stages.append(.init(from: Int64(n - 1) * unit, allocation: allocation, label: entry.key))
            }
            try node.ensure(units.count == 1, "rollout_schedule mixes week_N and day_N keys; use one unit")
            stages.sort { $0.from < $1.from }
            try node.ensure(Set(stages.map(\.from)).count == stages.count, "rollout_schedule names one stage twice")
            if let first = stages.first, first.from > 0 {
                stages.insert(.init(from: 0, allocation: 0, label: "before \(first.label)"), at: 0)
            }
            stage.schedule = AllocationSchedule(stages: stages)
            stage.durationDays = Int(((stages.last?.from ?? 0) + unit) / 86_400)
        }
        // Every safety check is on unless the config turns it off.
        var monitoringOn = true
        var rollbackOn = true
        stage.enforceLimits = true
        if let checks = config?.child("safety_checks") {
            try checks.checkKeys(allowed: ["performance_monitoring", "automatic_rollback", "risk_limit_enforcement"])
            monitoringOn = try checks.optBool("performance_monitoring") ?? true
            rollbackOn = try checks.optBool("automatic_rollback") ?? true
            stage.enforceLimits = try checks.optBool("risk_limit_enforcement") ?? true
        }
        if !monitoringOn {
            stage.config.deviationAlerts = false
        }
        if let node = config?.child("rollback_limits") {
            try node.checkKeys(allowed: ["max_drawdown", "max_bar_loss", "max_tracking_error", "to_zero"])
            guard rollbackOn else {
                throw node.error("rollback_limits with safety_checks.automatic_rollback: false", hint: "turn automatic_rollback on, or remove rollback_limits")
            }
            var rules = RollbackRules()
            rules.maxDrawdown = try LiveConfig.share(node, "max_drawdown")
            rules.maxBarLoss = try LiveConfig.share(node, "max_bar_loss")
            rules.maxTrackingError = try node.optPositiveDouble("max_tracking_error")
            rules.toZero = try node.optBool("to_zero") ?? false
            stage.rollback = rules
        } else if rollbackOn {
            stage.rollback = RollbackRules()  // defaults measured from the validation at run time
        }
        if live.durationDays != nil { stage.durationDays = live.durationDays }
        self.stage = stage
    }

    /// A live phase trades the strategy of one input (a gate's `validated_strategy` or a live phase's output).
    static func checkInputs(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        let usable = planning.inputKinds.filter { $0.kind == .metrics || $0.kind == .liveSession }
        guard !usable.isEmpty else {
            throw declaration.node.error("\(declaration.type) needs the strategy to trade: an input from a comprehensive_validation phase (validated_strategy) or from a live phase",
                                         hint: "add inputs: [\"<gate>.validated_strategy\"]")
        }
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        var stage = self.stage
        if var rules = stage.rollback {
            let handoff = try LiveStage.Handoff(context, phase: stage.name)
            let expected = handoff.expected
            if rules.maxDrawdown == nil {
                let bound = expected?["acceptance"]?.arrayValue?.first { $0["metric"]?.stringValue == "max_drawdown" }?["bound"]?.doubleValue
                rules.maxDrawdown = bound ?? expected?["max_drawdown"]?.doubleValue.map { 1.5 * $0 }
            }
            if rules.maxBarLoss == nil { rules.maxBarLoss = expected?["worst_bar_loss"]?.doubleValue.map { min(0.99, 1.5 * $0) } }
            if rules.maxTrackingError == nil { rules.maxTrackingError = 0.05 }
            stage.rollback = rules
        }
        let (output, seen, _) = try stage.run(context)
        var result = PhaseResult(artifacts: context.requestedOutputs.map { Artifact(name: $0, kind: .liveSession, value: output) })
        result.seen = seen
        result.warnings = (output["notes"]?.arrayValue ?? []).compactMap(\.stringValue)
        return result
    }
}
