import Collections

/// The top-level `infrastructure:` section: the executor, worker and memory limits per phase.
///
/// ```yaml
/// infrastructure:
///   executor: processes      # threads (default) | processes | slurm; admf run --executor overrides
///   phase_resources:
///     parameter_optimization:
///       max_workers: 16
///       memory_limit_gb: 32
///       priority: "high"     # optional: low | medium | high
///       executor: slurm      # optional: this phase's searches elsewhere than the workflow's
/// ```
public struct InfrastructureSection: Sendable {
    public static let keys = ["phase_resources", "executor", "slurm"]
    public static let executors = ["threads", "processes", "slurm"]

    /// Limits by phase name, in document order.
    public var phaseResources: OrderedDictionary<String, InfrastructurePhaseResources>
    /// Where searches evaluate trials: `threads` (default) or `processes` (``ProcessExecutor``).
    public var executor: String?
    /// `slurm:` settings of the Slurm executor.
    public var slurm: SlurmSection?
    public var node: ConfigNode

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        executor = try node.optional("executor") { try $0.oneOf(Self.executors) }
        slurm = try node.optional("slurm") { try SlurmSection($0) }
        phaseResources = [:]
        if let resources = node.child("phase_resources") {
            for entry in try resources.entries() {
                phaseResources[entry.key] = try InfrastructurePhaseResources(phase: entry.key, entry.value)
            }
        }
    }
}

/// One entry of `infrastructure.phase_resources`.
///
/// ```yaml
/// validation:
///   max_workers: 1
///   memory_limit_gb: 4
/// ```
public struct InfrastructurePhaseResources: Sendable {
    public static let keys = ["max_workers", "memory_limit_gb", "priority", "executor"]

    public var phase: String
    /// At least 1.
    public var maxWorkers: Int?
    /// Gigabytes, greater than 0.
    public var memoryLimitGB: Double?
    public var priority: ResourcePriority?
    /// Where this phase's searches evaluate trials (overrides `infrastructure.executor`; `admf run
    /// --executor` overrides both).
    public var executor: String?
    public var node: ConfigNode

    init(phase: String, _ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.phase = phase
        self.node = node
        maxWorkers = try node.optInt("max_workers", atLeast: 1)
        memoryLimitGB = try node.optPositiveDouble("memory_limit_gb")
        priority = try node.optEnum("priority")
        executor = try node.optional("executor") { try $0.oneOf(InfrastructureSection.executors) }
    }
}

/// `infrastructure.slurm`: where and how the Slurm executor submits its array jobs.
///
/// ```yaml
/// infrastructure:
///   executor: slurm
///   slurm:
///     directory: "/shared/admf/slurm"   # shards, results, job scripts, task logs (shared with the nodes)
///     partition: "compute"
///     account: "research"
///     time_limit: "01:00:00"
///     memory: "2G"                      # per array task
///     shards_per_task: 4                # shards one array task evaluates
///     retries: 2                        # resubmissions of tasks that left no results
/// ```
public struct SlurmSection: Sendable {
    public static let keys = ["directory", "partition", "account", "time_limit", "memory", "shards_per_task", "retries"]
    public var directory: String?
    public var partition: String?
    public var account: String?
    public var timeLimit: String?
    public var memory: String?
    public var shardsPerTask: Int?
    public var retries: Int?

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        directory = try node.optString("directory")
        partition = try node.optString("partition")
        account = try node.optString("account")
        timeLimit = try node.optString("time_limit")
        memory = try node.optString("memory")
        shardsPerTask = try node.optInt("shards_per_task", atLeast: 1)
        retries = try node.optInt("retries", atLeast: 0)
    }
}
