/// The lifecycle of a phase in the run store.
public enum PhaseStatus: String, Sendable, Codable, CaseIterable {
    case pending, running, completed
    /// Completed under `on_failure: continue_with_warning` or with partial results.
    case completedWithWarning = "completed_with_warning"
    case failed, skipped
}

/// One run: a workflow configuration applied to one data set.
public struct RunRecord: Sendable, Equatable {
    public var id: String
    public var workflowName: String
    public var configHash: String
    public var dataHash: String
    public var createdAt: Double

    public init(id: String, workflowName: String, configHash: String, dataHash: String, createdAt: Double) {
        self.id = id
        self.workflowName = workflowName
        self.configHash = configHash
        self.dataHash = dataHash
        self.createdAt = createdAt
    }
}

/// A phase's state within a run.
public struct PhaseRecord: Sendable, Equatable {
    public var run: String
    public var name: String
    public var position: Int
    public var type: String
    public var status: PhaseStatus
    public var attempts: Int
    public var startedAt: Double?
    public var finishedAt: Double?
    public var message: String?
    /// Peak resident memory measured while the phase ran, in bytes.
    public var peakMemoryBytes: Int64?
    /// Worker threads the phase used.
    public var workers: Int?
    /// Sum of per-task busy seconds across workers (for utilisation).
    public var busySeconds: Double?
}

/// One evaluated parameter set of an optimisation phase.
public struct TrialRecord: Sendable, Equatable {
    public var index: Int
    /// A deterministic JSON text of the strategy and parameters.
    public var parameters: String
    public var objective: Double
    /// A deterministic JSON text of the trial's metrics.
    public var metrics: String
    public var status: String

    public init(index: Int, parameters: String, objective: Double, metrics: String, status: String = "ok") {
        self.index = index
        self.parameters = parameters
        self.objective = objective
        self.metrics = metrics
        self.status = status
    }
}

/// A typed output of a phase, stored as deterministic JSON text.
public struct ArtifactRecord: Sendable, Equatable {
    public var phase: String
    public var name: String
    /// The artifact's kind, e.g. `parameter_sets`, `metric_table`, `signal_set`, `report`.
    public var kind: String
    public var json: String
    /// Where it came from: a JSON object of the bars that produced it (see the workflow's `Lineage`).
    public var lineage: String?

    public init(phase: String, name: String, kind: String, json: String, lineage: String? = nil) {
        self.phase = phase
        self.name = name
        self.kind = kind
        self.json = json
        self.lineage = lineage
    }
}

/// A line of the run's event log (phase started, retried, warnings, failures).
public struct EventRecord: Sendable, Equatable {
    public var sequence: Int64
    public var time: Double
    public var phase: String?
    public var kind: String
    public var message: String
}
