import Foundation
import Backtest
import Optimization
import Reports
import Store

/// A phase as the graph sees it: a name, a type, its raw config and its declared wiring.
///
/// Built from a `PhaseSpec` (a listed phase) or from a conditional phase's
/// `if_true`/`if_false` branch (which inherits the conditional's name, inputs and outputs).
public struct PhaseDeclaration: Sendable {
    public var name: String
    public var type: String
    public var config: ConfigNode?
    public var method: String?
    public var inputs: [InputReference]
    public var outputs: [String]
    public var containerCount: Int?
    public var timeoutHours: Double?
    /// The node to blame for errors about the phase as a whole.
    public var node: ConfigNode
}

/// What a phase type knows while its configuration is checked (before anything runs).
public struct PlanningContext: Sendable {
    /// The symbols the workflow trades.
    public var symbols: [String]
    /// The kind of every input the phase asked for, by `"phase.output"` reference.
    public var inputKinds: [(reference: InputReference, kind: ArtifactKind)]
    /// The workflow seed.
    public var seed: UInt64
    /// `data.start_date` / `data.end_date` when the config gives them (for plan-time checks of dated settings).
    public var dataStart: ConfigDate? = nil
    public var dataEnd: ConfigDate? = nil

    public func inputs(of kind: ArtifactKind) -> [InputReference] {
        inputKinds.filter { $0.kind == kind }.map(\.reference)
    }
}

/// One input a phase receives when it runs.
public struct PhaseInput: Sendable {
    public var reference: InputReference
    public var artifact: Artifact
    /// The phase that produced it.
    public var producer: String = ""
    /// The bars it was produced from (see ``Lineage``); `nil` for artifacts stored before lineage existed.
    public var lineage: Lineage?
}

/// An artifact a phase reaches through a reference one of its inputs carries rather than
/// through its declared inputs — e.g. the captured signals (`signals_from: phase.output`) an
/// ensemble's weights were searched on. The coordinator resolves it from the run store and
/// stages it for workers beside the inputs (``JobInputs``).
public struct ReferencedArtifact: Sendable {
    /// The reference as the input carries it (`phase.output`).
    public var reference: String
    public var artifact: Artifact
}

/// Limits and hooks that apply while a phase runs.
public struct PhaseBudget: Sendable {
    /// Wall-clock deadline (seconds since 1970), from `timeout_hours`.
    public var deadline: Double?
    /// `memory_limit_gb` in bytes.
    public var memoryLimitBytes: Int64?
    /// Whether to lower the worker count instead of failing when memory runs over
    /// (`resource_exhaustion: graceful_degradation`).
    public var degradeOnMemory: Bool
    public var faults: FaultInjection
    public var attempt: Int

    /// Whether the time budget is spent (or a timeout is injected after `batchesDone` > 0).
    public func timedOut(phase: String, batchesDone: Int) -> Bool {
        if faults.active(.timeout, phase: phase, attempt: attempt), batchesDone > 0 { return true }
        guard let deadline else { return false }
        return Date.now.timeIntervalSince1970 >= deadline
    }

    /// Current memory use, or an injected figure above the limit.
    public func memoryInUse(phase: String) -> Int64? {
        if faults.active(.memory, phase: phase, attempt: attempt), let limit = memoryLimitBytes { return limit + 1 }
        return MemoryProbe.residentBytes()
    }
}

/// Everything a phase may use while it runs.
public struct PhaseContext: Sendable {
    public var name: String
    public var data: WorkflowData
    public var inputs: [PhaseInput]
    public var seed: UInt64
    public var workers: Int
    /// Whether this attempt runs with `fallback_method: reduced_parameter_space`.
    public var reducedSpace: Bool
    /// Whether partial results are acceptable when the budget runs out (`timeout_action: save_partial_results`).
    public var acceptPartialResults: Bool
    public var budget: PhaseBudget
    public var requestedOutputs: [String]
    public var store: RunStore
    public var runID: String
    public var progress: ProgressReporter
    /// `monitoring.alerts.estimated_delay`: warn when the ETA passes the phase's time budget.
    public var alertOnEstimatedDelay: Bool = false
    /// Records the CPU time of the phase's worker threads (measured utilisation).
    public var meter = WorkMeter()
    /// Live phases: replay speed and network connectors (``RunOptions/live``).
    public var live = LiveOptions()
    /// Where searches evaluate their trials (``TrialExecutor``): threads unless the run or the
    /// workflow chooses worker processes.
    public var executor: any TrialExecutor = ThreadExecutor()
    /// The workflow file (workers rebuild a search from it) and each worker's memory limit.
    public var configPath = ""
    public var memoryPerWorkerBytes: Int64?
    /// `container_count`: shards per batch for executors that schedule them (Slurm).
    public var shardCount: Int?
    /// Where captured signals live, when not beside the run store (a worker process has no
    /// run store; the coordinator tells it the directory).
    public var signalDirectoryOverride: String?
    /// Artifacts resolved through references the inputs carry (``referencedArtifact(_:)``);
    /// staged for worker processes with the inputs.
    public var referenced: [ReferencedArtifact] = []

    /// The run's signal store directory (``SignalCapture``).
    public var signalDirectory: String {
        signalDirectoryOverride ?? SignalCapture.directory(for: store, runID: runID)
    }

    /// The job a worker process needs to evaluate trials of `search` (see ``SearchJob``).
    public func searchJob(_ search: String) -> SearchJob? {
        configPath.isEmpty ? nil : SearchJob(configPath: configPath, phase: name, search: search,
                                             dataFingerprint: data.fingerprint, memoryLimitBytes: memoryPerWorkerBytes, shards: shardCount,
                                             inputs: JobInputs.encode(inputs, referenced: referenced, timestamps: data.full.first?.timestamps ?? []),
                                             reducedSpace: reducedSpace, signalDirectory: signalDirectory)
    }

    public func inputs(of kind: ArtifactKind) -> [PhaseInput] {
        inputs.filter { $0.artifact.kind == kind }
    }

    /// The artifact `reference` (`phase.output`) names: one already resolved (a worker's staged
    /// copy), else this run's stored one; nil when neither exists or the reference is not of
    /// that form.
    public func referencedArtifact(_ reference: String) throws -> Artifact? {
        if let staged = referenced.first(where: { $0.reference == reference }) { return staged.artifact }
        let parts = reference.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let record = try store.artifact(run: runID, phase: parts[0], name: parts[1]) else { return nil }
        guard let kind = ArtifactKind(rawValue: record.kind) else {
            throw WorkflowError(phase: name, "the stored artifact \(reference) has an unknown kind '\(record.kind)'")
        }
        return Artifact(name: record.name, kind: kind, value: try JSONValue.parse(record.json))
    }
}

/// What a phase produced.
public struct PhaseResult: Sendable {
    public var artifacts: [Artifact]
    public var warnings: [String] = []
    /// Whether the results are partial (time budget spent, trials missing).
    public var partial = false
    public var workersUsed: Int?
    public var busySeconds: Double?
    /// The bars the phase itself read to produce its outputs (see ``Lineage``); the runner
    /// adds what the inputs had seen. `nil`: no bars of its own (e.g. a transformation).
    public var seen: Range<Int>?
    /// Per-output overrides of ``seen`` (e.g. causal regime labels: their fitting bars).
    public var seenByOutput: [String: Range<Int>] = [:]
    /// Per-output sample labels (`out_of_sample` / `in_sample`) of evaluated results.
    public var sampleByOutput: [String: String] = [:]
    /// A gate that refused (e.g. failed acceptance criteria): the outputs are stored, the phase
    /// is marked failed with this message, and the workflow stops (non-zero exit).
    public var gateFailure: String?

    public init(artifacts: [Artifact], warnings: [String] = [], partial: Bool = false) {
        self.artifacts = artifacts
        self.warnings = warnings
        self.partial = partial
    }
}

/// A phase type: the configuration it accepts, the outputs it declares, and how it runs.
///
/// Each conforming type lives in one file that documents its YAML and its outputs.
public protocol WorkflowPhase: Sendable {
    /// The `type:` value, e.g. `"optimization"`.
    static var typeName: String { get }
    /// The outputs it produces when the YAML lists none.
    static var defaultOutputs: [String] { get }
    /// The outputs it produces when the YAML lists none, given the kinds of its inputs and its
    /// `method` (a type whose role depends on its inputs overrides this).
    static func defaultOutputs(inputKinds: [ArtifactKind], method: String?, config: ConfigNode?) -> [String]
    /// Every output name it can produce (patterns like `top_N_parameter_sets` spelled with N).
    static var outputNames: [String] { get }
    /// The output an unknown output name stands for (see ``PlannedPhase/aliases``).
    static var primaryOutput: String { get }
    /// ``primaryOutput`` for a phase with this configuration and these input kinds (a type whose
    /// role depends on them overrides this, e.g. an optimisation that trains models).
    static func primaryOutput(inputKinds: [ArtifactKind], config: ConfigNode?) -> String
    /// The kind of output `name`, or `nil` if the type cannot produce it.
    static func outputKind(_ name: String) -> ArtifactKind?
    /// The top-level fields output `name` always has, for checking `${phase.output.field}`
    /// conditions at validation; `nil` when they depend on the run.
    static func outputFields(_ name: String) -> [String]?

    /// Decodes and checks the declaration's configuration.
    init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws

    /// Runs the phase.
    func run(_ context: PhaseContext) throws -> PhaseResult

    /// Results to keep when the phase failed under `partial_results: acceptable`.
    func salvage(_ context: PhaseContext) throws -> PhaseResult?

    /// The version of what this type computes, part of every phase's cache key (see
    /// ``CodeVersion`` for when to raise it); 1 unless a type says otherwise.
    static var cacheVersion: Int { get }
    /// Whether a result of this type may be reused from another run (false for phases with
    /// effects outside the store, such as live sessions: they always run, resuming their journal).
    static var reusable: Bool { get }
    /// Files the phase reads besides the bars and what its declaration names (e.g. the
    /// alternative-data files of its data folder): their contents are part of its cache key.
    func dependencyFiles(data: DataPlan?) -> [String]

    /// The data segment `output` depends on through the phase's own reading, for the lineage
    /// check at validation (`nil`: none of its own).
    func segmentSeen(by output: String) -> DataSegment?
    /// The segment whose results the phase labels out of sample (`nil`: none known before running).
    var outOfSampleSegment: DataSegment? { get }
    /// Whether the phase accepts inputs that saw its evaluation bars, labelling its figures in sample.
    var allowsInSampleInputs: Bool { get }
}

extension WorkflowPhase {
    public static var cacheVersion: Int { 1 }
    public static var reusable: Bool { true }
    public func dependencyFiles(data: DataPlan?) -> [String] { [] }
    public static func defaultOutputs(inputKinds: [ArtifactKind], method: String?, config: ConfigNode?) -> [String] { defaultOutputs }
    public static var primaryOutput: String { defaultOutputs.first ?? "" }
    public static func primaryOutput(inputKinds: [ArtifactKind], config: ConfigNode?) -> String { primaryOutput }
    public static func outputKind(_ name: String) -> ArtifactKind? { nil }
    public static func outputFields(_ name: String) -> [String]? { nil }
    public func segmentSeen(by output: String) -> DataSegment? { nil }
    public var outOfSampleSegment: DataSegment? { nil }
    public var allowsInSampleInputs: Bool { false }
}
