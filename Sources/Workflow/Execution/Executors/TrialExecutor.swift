import Optimization
import Reports
import Store

/// What a worker outside this process needs to evaluate trials of one search: the workflow
/// file, the phase, which of the phase's searches (``ShardableSearch``: `main`, `regime-R`,
/// `window-W`, …) and the phase's input artifacts (``JobInputs``).
public struct SearchJob: Sendable, Equatable {
    public var configPath: String
    public var phase: String
    public var search: String
    /// The coordinator's data fingerprint: a worker whose data differs refuses to work.
    public var dataFingerprint: String
    /// `memory_per_container`: each worker's address-space limit, if set.
    public var memoryLimitBytes: Int64?
    /// `container_count`: how many shards a batch is cut into (executors that schedule shards).
    public var shards: Int?
    /// The phase's inputs as ``JobInputs`` text ("" when it has none); executors stage it in a
    /// file their workers read (`admf worker --inputs`).
    public var inputs: String
    /// Whether the phase runs this attempt on its reduced parameter space (`fallback_method`).
    public var reducedSpace: Bool
    /// The run's signal store directory (ensemble searches replay captured signals from it).
    public var signalDirectory: String?

    public init(configPath: String, phase: String, search: String, dataFingerprint: String, memoryLimitBytes: Int64? = nil,
                shards: Int? = nil, inputs: String = "", reducedSpace: Bool = false, signalDirectory: String? = nil) {
        self.configPath = configPath
        self.phase = phase
        self.search = search
        self.dataFingerprint = dataFingerprint
        self.memoryLimitBytes = memoryLimitBytes
        self.shards = shards
        self.inputs = inputs
        self.reducedSpace = reducedSpace
        self.signalDirectory = signalDirectory
    }

    /// The worker's command-line arguments for this job (`admf worker …`), with the inputs
    /// staged at `inputsPath` (nil when there are none).
    func workerArguments(inputsPath: String?) -> [String] {
        var arguments = ["worker", "--config", configPath, "--phase", phase, "--search", search,
                         "--data-fingerprint", dataFingerprint]
        if let limit = memoryLimitBytes { arguments += ["--memory-limit", String(limit)] }
        if let inputsPath { arguments += ["--inputs", inputsPath] }
        if reducedSpace { arguments.append("--reduced-space") }
        if let signalDirectory { arguments += ["--signals", signalDirectory] }
        return arguments
    }
}

/// Runs the trials of one batch of a search and returns their records in the trials' order —
/// on threads in this process (``ThreadExecutor``), in worker processes
/// (``ProcessExecutor``), and, next, as Slurm array jobs. A new engine (Ray, Kubernetes jobs) is
/// one more conforming type: it receives shards of trials and must return each trial's record
/// as the phase's own evaluator computes it (workers rebuild that evaluator from the
/// ``SearchJob``), so results never depend on where they ran.
public protocol TrialExecutor: Sendable {
    /// `threads`, `processes`, …
    var name: String { get }
    /// Evaluates `trials` with up to `workers` workers. `local` is the phase's evaluator in this
    /// process; `job` names the search for executors that evaluate elsewhere (nil: the search
    /// cannot run elsewhere, so run it here).
    func evaluate(_ trials: [TrialSpec], job: SearchJob?, workers: Int, meter: WorkMeter?,
                  local: @escaping @Sendable (TrialSpec) -> TrialRecord) throws -> [TrialRecord]
    /// A batch size for searches whose trials do not depend on batching (grid, random): a
    /// scheduler with a high cost per submission takes the whole search at once. nil: the
    /// phase's own.
    var batchHint: Int? { get }
    /// What happened to workers since the last call (crashes, retries, re-attachments), for the
    /// run's event log.
    func drainEvents() -> [String]
    /// The phase is done: release its workers.
    func finish(phase: String)
    /// Where `phase`'s shards stand, for the dashboard (nil: nothing to say — threads).
    func status(phase: String) -> ShardStatus?
}

extension TrialExecutor {
    public var batchHint: Int? { nil }
    public func drainEvents() -> [String] { [] }
    public func finish(phase: String) {}
    public func status(phase: String) -> ShardStatus? { nil }
}

/// A phase's shards as its executor sees them while they run: how many were handed out, came
/// back, are in flight and were sent again, the worker processes alive and the Slurm job ids.
public struct ShardStatus: Sendable, Equatable {
    public var executor: String
    public var shards = 0
    public var done = 0
    public var running = 0
    public var retried = 0
    public var workers = 0
    public var jobs: [String] = []

    public init(executor: String) { self.executor = executor }

    public var json: JSONValue {
        .object([("executor", .string(executor)), ("shards", .integer(shards)), ("done", .integer(done)),
                 ("running", .integer(running)), ("retried", .integer(retried)), ("workers", .integer(workers)),
                 ("jobs", .array(jobs.map { .string($0) }))])
    }
}

/// Today's behaviour: trials on threads of this process (``Optimization/ParallelEvaluator``).
public struct ThreadExecutor: TrialExecutor {
    public let name = "threads"

    public init() {}

    public func evaluate(_ trials: [TrialSpec], job: SearchJob?, workers: Int, meter: WorkMeter?,
                         local: @escaping @Sendable (TrialSpec) -> TrialRecord) throws -> [TrialRecord] {
        var records: [TrialRecord] = []
        _ = try ParallelEvaluator(workers: workers, batchSize: max(1, trials.count), meter: meter)
            .run(trials, evaluate: local, onBatch: { records = $0 })
        return records
    }
}

extension SearchJob {
    /// `trials` cut into `count` contiguous shards of nearly equal size (every executor that
    /// shards cuts the same way, so shard numbers mean the same everywhere).
    static func shards(_ trials: [TrialSpec], count: Int) -> [[TrialSpec]] {
        let count = max(1, min(count, trials.count))
        let bounds = (0...count).map { $0 * trials.count / count }
        return (0..<count).map { Array(trials[bounds[$0]..<bounds[$0 + 1]]) }
    }
}

/// A phase whose searches a worker process can rebuild from the workflow file, the data and
/// the phase's inputs.
///
/// The worker gives it a ``PhaseContext`` like the coordinator's (same data, seed, inputs and
/// reduced-space flag; an in-memory store, one worker). The phase must return the very closure
/// it evaluates search `key` with in the coordinator — build both through one function — so a
/// trial's record does not depend on where it ran.
public protocol ShardableSearch {
    func shardEvaluator(search key: String, context: PhaseContext) throws -> @Sendable (TrialSpec) -> TrialRecord
}
