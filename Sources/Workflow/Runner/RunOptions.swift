/// How `admf run` was asked to run a workflow.
public struct RunOptions: Sendable {
    /// Upper bound on worker threads for every phase (`--workers N`).
    public var workers: Int?
    /// Run only this phase (`--phase NAME`); its inputs must be in the store.
    public var onlyPhase: String?
    /// Re-run this phase and everything after it (`--resume-from NAME`).
    public var resumeFrom: String?
    /// No progress output.
    public var quiet: Bool
    /// Faults to inject (tests); `nil` reads `ADMF_INJECT_FAULTS` from the environment.
    public var faults: FaultInjection?
    /// Live phases: replay speed and network connectors.
    public var live = LiveOptions()
    /// `admf run --executor`: where trials run for the whole run (`threads`, `processes`,
    /// `slurm`), overriding `infrastructure.executor` and every phase's own choice.
    public var executor: String?
    /// The executable worker processes run (default: this process's own, i.e. `admf`).
    public var workerExecutable: String?
    /// `admf run --no-cache`: compute every phase, reusing no stored result (a completed phase of
    /// this very run included).
    public var noCache = false

    public init(workers: Int? = nil, onlyPhase: String? = nil, resumeFrom: String? = nil, quiet: Bool = false,
                faults: FaultInjection? = nil) {
        self.workers = workers
        self.onlyPhase = onlyPhase
        self.resumeFrom = resumeFrom
        self.quiet = quiet
        self.faults = faults
    }
}

/// What a run did, for the command line.
public struct RunSummary: Sendable {
    public var runID: String
    public var storePath: String
    public var phases: [(name: String, status: String, message: String?)]
    public var warnings: [String]
    public var reports: [String]
    /// The phase that stopped the workflow, if one did.
    public var abortedBy: (phase: String, message: String)?
}

/// A workflow stopped by a phase failure under `abort_workflow`, `critical: true`, or an unexpected error.
public struct WorkflowAborted: Error, CustomStringConvertible, Sendable {
    public var phase: String?
    public var message: String
    /// Set when a parallel branch stopped on a signal rather than a failure.
    var interrupted: Interrupted?

    public init(phase: String?, message: String) {
        self.phase = phase
        self.message = message
    }

    init(phase: String?, message: String, interrupted: Interrupted?) {
        self.phase = phase
        self.message = message
        self.interrupted = interrupted
    }
    public var description: String {
        (phase.map { "phase '\($0)' failed: " } ?? "") + message
            + " (completed phases are checkpointed: fix the cause and run again to resume)"
    }
}

/// An error injected as `unexpected` or raised outside any phase's own logic.
struct UnexpectedFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
