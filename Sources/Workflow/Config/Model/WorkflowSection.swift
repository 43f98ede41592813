import Collections

/// The top-level `workflow:` section: identity, seed, checkpointing, error handling, resources,
/// monitoring, and parallel branches with their convergence phase.
///
/// ```yaml
/// workflow:
///   type: "multi_phase"
///   name: "Basic Research Pipeline"
///   description: "Optimize → Analyze → Validate workflow"
///   seed: 42                       # our extension; default 0
///   checkpointing: {...}
///   error_handling: {...}
///   resource_management: {...}
///   monitoring: {...}
///   parallel_phases:
///     technical_branch:
///       phases: [{name: "technical_optimization", type: "optimization"}]
///   convergence_phase: {name: "multi_branch_ensemble", type: "ensemble_optimization", inputs: [...]}
/// ```
///
/// A document without `workflow:` gets an empty section (every value `nil`, `node` `nil`).
public struct WorkflowSection: Sendable {
    public static let keys = [
        "type", "name", "description", "seed", "checkpointing", "error_handling",
        "resource_management", "monitoring", "parallel_phases", "convergence_phase",
    ]

    public var type: String?
    public var name: String?
    public var description: String?
    /// The run's random seed (our extension: a whole number 0 … 2^64 − 1).
    public var seed: UInt64?
    public var checkpointing: CheckpointingConfig?
    public var errorHandling: ErrorHandlingConfig?
    public var resourceManagement: ResourceManagementConfig?
    public var monitoring: MonitoringConfig?
    /// Parallel branches by name, in document order (empty when there are none).
    public var parallelPhases: OrderedDictionary<String, ParallelBranchSpec>
    public var convergencePhase: PhaseSpec?
    /// The `workflow:` mapping, or `nil` when the document has none.
    public var node: ConfigNode?

    /// `seed`, defaulting to 0 so that runs without a seed are still reproducible.
    public var effectiveSeed: UInt64 { seed ?? 0 }

    /// An empty section, for documents without `workflow:`.
    public init() {
        parallelPhases = [:]
    }

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        type = try node.optString("type")
        name = try node.optString("name")
        description = try node.optString("description")
        seed = try node.optional("seed") { try $0.uint64() }
        checkpointing = try node.optional("checkpointing") { try CheckpointingConfig($0) }
        errorHandling = try node.optional("error_handling") { try ErrorHandlingConfig($0) }
        resourceManagement = try node.optional("resource_management") { try ResourceManagementConfig($0) }
        monitoring = try node.optional("monitoring") { try MonitoringConfig($0) }
        parallelPhases = [:]
        if let branches = node.child("parallel_phases") {
            for entry in try branches.entries() {
                let branch = try ParallelBranchSpec(name: entry.key, keyNode: entry.keyNode, entry.value)
                parallelPhases[entry.key] = branch
            }
        }
        convergencePhase = try node.optional("convergence_phase") { try PhaseSpec($0, branch: nil) }
    }
}

/// One branch of `workflow.parallel_phases`: a named, ordered list of phases.
///
/// ```yaml
/// ml_branch:
///   phases:
///     - name: "feature_engineering"
///       type: "feature_engineering"
///     - name: "ml_optimization"
///       type: "optimization"
///       inputs: ["feature_engineering.features"]
/// ```
public struct ParallelBranchSpec: Sendable {
    public static let keys = ["phases"]

    /// The branch name (the mapping key); may not contain `.` or whitespace.
    public var name: String
    /// The branch's phases in document order, each with `branch == name`.
    public var phases: [PhaseSpec]
    public var line: Int?
    public var column: Int?
    public var node: ConfigNode

    init(name: String, keyNode: ConfigNode, _ node: ConfigNode) throws {
        let branchName = try PhaseSpec.identifier(keyNode, what: "branch name")
        self.name = branchName
        try node.ensure(node.isMapping, "expected a branch (a mapping with 'phases'), found \(node.foundDescription)")
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        line = keyNode.line
        column = keyNode.column
        let list = try node.require("phases").sequence()
        phases = try list.map { try PhaseSpec($0, branch: branchName) }
    }
}
