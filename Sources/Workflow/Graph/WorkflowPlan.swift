import Store

/// One phase, ready to run: its type, wiring, resources and error policy.
public struct PlannedPhase: Sendable {
    public var name: String
    public var type: String
    /// The parallel branch it belongs to, if any.
    public var branch: String?
    public var phase: any WorkflowPhase
    /// `(reference as written, producing phase, output)`.
    public var inputs: [(reference: InputReference, producer: String, output: String)]
    /// The outputs the phase must produce.
    public var outputs: [String]
    public var workers: Int
    public var memoryLimitBytes: Int64?
    public var priority: ResourcePriority
    public var timeoutHours: Double?
    public var policy: PhaseErrorPolicy?
    public var node: ConfigNode
}

/// A validated workflow: the phases in execution order, grouped into stages.
///
/// Stage 0 holds the top-level `phases` (run one after another in dependency
/// order, ties broken by priority then listing order); stage 1 the
/// `parallel_phases` branches (run concurrently, each branch in order); stage 2
/// the `convergence_phase`.
public struct WorkflowPlan: Sendable {
    public var document: WorkflowDocument
    public var identifier: String
    public var name: String
    public var seed: UInt64
    public var data: DataPlan?
    public var sequential: [PlannedPhase]
    public var branches: [(name: String, phases: [PlannedPhase])]
    public var convergence: PlannedPhase?
    public var warnings: [String]
    public var global: GlobalErrorPolicy?
    public var checkpointLocation: String
    public var reportPath: String
    public var includePhaseReports: Bool
    public var generateSummaryReport: Bool

    /// Every phase in execution order (branches in listing order).
    public var allPhases: [PlannedPhase] {
        sequential + branches.flatMap(\.phases) + (convergence.map { [$0] } ?? [])
    }

    public func phase(named name: String) -> PlannedPhase? {
        allPhases.first { $0.name == name }
    }
}
