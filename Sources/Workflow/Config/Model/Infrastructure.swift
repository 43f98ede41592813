import Collections

/// The top-level `infrastructure:` section: the executor, worker and memory limits per phase.
///
/// ```yaml
/// infrastructure:
///   executor: processes      # threads (default) | processes; admf run --executor overrides
///   phase_resources:
///     parameter_optimization:
///       max_workers: 16
///       memory_limit_gb: 32
///       priority: "high"     # optional: low | medium | high
/// ```
public struct InfrastructureSection: Sendable {
    public static let keys = ["phase_resources", "executor"]
    public static let executors = ["threads", "processes"]

    /// Limits by phase name, in document order.
    public var phaseResources: OrderedDictionary<String, InfrastructurePhaseResources>
    /// Where searches evaluate trials: `threads` (default) or `processes` (``ProcessExecutor``).
    public var executor: String?
    public var node: ConfigNode

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        executor = try node.optional("executor") { try $0.oneOf(Self.executors) }
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
    public static let keys = ["max_workers", "memory_limit_gb", "priority"]

    public var phase: String
    /// At least 1.
    public var maxWorkers: Int?
    /// Gigabytes, greater than 0.
    public var memoryLimitGB: Double?
    public var priority: ResourcePriority?
    public var node: ConfigNode

    init(phase: String, _ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.phase = phase
        self.node = node
        maxWorkers = try node.optInt("max_workers", atLeast: 1)
        memoryLimitGB = try node.optPositiveDouble("memory_limit_gb")
        priority = try node.optEnum("priority")
    }
}
