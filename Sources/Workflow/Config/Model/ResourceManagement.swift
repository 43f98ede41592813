import Collections

/// A scheduling priority (`priority: low|medium|high`); ordered low < medium < high.
public enum ResourcePriority: String, Sendable, CaseIterable, Hashable, Comparable {
    case low
    case medium
    case high

    var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        }
    }

    public static func < (lhs: ResourcePriority, rhs: ResourcePriority) -> Bool { lhs.rank < rhs.rank }
}

/// `workflow.resource_management`: per-phase container budgets and global limits.
///
/// ```yaml
/// resource_management:
///   dynamic_allocation: true
///   phase_resources:
///     broad_search: {priority: "low", max_containers: 1000, memory_per_container: "512MB", cpu_per_container: 0.1}
///   global_limits: {max_total_memory_gb: 128, max_total_cpu_cores: 32, max_concurrent_containers: 1000}
/// ```
public struct ResourceManagementConfig: Sendable {
    public static let keys = ["dynamic_allocation", "phase_resources", "global_limits"]

    public var dynamicAllocation: Bool?
    /// Allocations by phase name, in document order.
    public var phaseResources: OrderedDictionary<String, PhaseResourceAllocation>
    public var globalLimits: GlobalResourceLimits?
    public var node: ConfigNode

    /// `dynamic_allocation`, defaulting to `false`.
    public var isDynamicAllocation: Bool { dynamicAllocation ?? false }

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        dynamicAllocation = try node.optBool("dynamic_allocation")
        phaseResources = [:]
        if let resources = node.child("phase_resources") {
            for entry in try resources.entries() {
                phaseResources[entry.key] = try PhaseResourceAllocation(phase: entry.key, entry.value)
            }
        }
        globalLimits = try node.optional("global_limits") { try GlobalResourceLimits($0) }
    }
}

/// One entry of `resource_management.phase_resources`.
///
/// ```yaml
/// ensemble_optimization:
///   priority: "medium"
///   max_containers: 100
///   memory_per_container: "2GB"   # read with ConfigNode.byteSize(): 2_000_000_000 bytes
///   cpu_per_container: 0.5
/// ```
public struct PhaseResourceAllocation: Sendable {
    public static let keys = ["priority", "max_containers", "memory_per_container", "cpu_per_container"]

    public var phase: String
    public var priority: ResourcePriority?
    /// At least 1.
    public var maxContainers: Int?
    /// Bytes (`"512MB"` = 512 000 000, `"1GiB"` = 1 073 741 824).
    public var memoryPerContainer: Int64?
    /// Greater than 0.
    public var cpuPerContainer: Double?
    public var node: ConfigNode

    /// `priority`, defaulting to `medium`.
    public var effectivePriority: ResourcePriority { priority ?? .medium }

    init(phase: String, _ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.phase = phase
        self.node = node
        priority = try node.optEnum("priority")
        maxContainers = try node.optInt("max_containers", atLeast: 1)
        memoryPerContainer = try node.optional("memory_per_container") { try $0.byteSize() }
        cpuPerContainer = try node.optPositiveDouble("cpu_per_container")
    }
}

/// `resource_management.global_limits`.
///
/// ```yaml
/// global_limits:
///   max_total_memory_gb: 128
///   max_total_cpu_cores: 32
///   max_concurrent_containers: 1000
/// ```
public struct GlobalResourceLimits: Sendable {
    public static let keys = ["max_total_memory_gb", "max_total_cpu_cores", "max_concurrent_containers"]

    /// Gigabytes, greater than 0.
    public var maxTotalMemoryGB: Double?
    /// Cores (fractions allowed), greater than 0.
    public var maxTotalCPUCores: Double?
    /// At least 1.
    public var maxConcurrentContainers: Int?

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        maxTotalMemoryGB = try node.optPositiveDouble("max_total_memory_gb")
        maxTotalCPUCores = try node.optPositiveDouble("max_total_cpu_cores")
        maxConcurrentContainers = try node.optInt("max_concurrent_containers", atLeast: 1)
    }
}
