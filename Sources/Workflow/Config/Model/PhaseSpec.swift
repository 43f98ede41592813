/// One phase of the pipeline, as declared under `phases:`, a parallel branch, or `convergence_phase`.
///
/// ```yaml
/// - name: "performance_analysis"
///   type: "analysis"
///   inputs: ["parameter_optimization.best_parameters"]
///   config: {analyzers: ["drawdown_analysis"]}   # kept raw; the phase type decodes it
///   outputs: [performance_metrics, risk_assessment]
///   method: "signal_replay"                       # optional
///   container_count: 100                          # optional, at least 1
///   timeout_hours: 6                              # optional, greater than 0
///   condition: "${initial_assessment.market_conditions.volatility} > 0.25"   # optional, kept raw
///   if_true: {type: "optimization", config: {...}}
///   if_false: {type: "optimization", config: {...}}
/// ```
///
/// `name` and `type` are required. `type` is not checked against a list here: the phase registry
/// does that. Names must be non-empty and may not contain `.` or whitespace (references split
/// on dots); outputs likewise, and an output may be listed only once.
public struct PhaseSpec: Sendable {
    public static let keys = [
        "name", "type", "inputs", "outputs", "config", "condition", "if_true", "if_false",
        "method", "container_count", "timeout_hours",
    ]

    public var name: String
    public var type: String
    /// Input references in document order.
    public var inputs: [InputReference]
    /// Declared output names in document order (empty when none are declared).
    public var outputs: [String]
    /// The raw `config:` block (`nil` when absent or empty).
    public var config: ConfigNode?
    public var condition: String?
    public var ifTrue: PhaseBranch?
    public var ifFalse: PhaseBranch?
    public var method: String?
    public var containerCount: Int?
    public var timeoutHours: Double?
    /// The parallel branch this phase belongs to (`technical_branch`), or `nil` for top-level
    /// phases and the convergence phase.
    public var branch: String?
    /// Where the phase's mapping starts.
    public var line: Int?
    public var column: Int?
    /// The phase's mapping.
    public var node: ConfigNode

    /// The phase's key path, e.g. `phases[2]` or `workflow.parallel_phases.ml_branch.phases[0]`.
    public var path: String { node.path }
    /// Whether this phase is the convergence phase of parallel branches.
    public var isConvergence: Bool { node.path == "workflow.convergence_phase" }

    init(_ node: ConfigNode, branch: String?) throws {
        try node.ensure(node.isMapping, "expected a phase (a mapping with name and type), found \(node.foundDescription)")
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        self.branch = branch
        line = node.line
        column = node.column
        let nameNode = try node.require("name")
        name = try Self.identifier(nameNode, what: "phase name")
        let typeNode = try node.require("type")
        type = try typeNode.string()
        try typeNode.ensure(!type.isEmpty, "phase type must not be empty")
        inputs = []
        if let inputsNode = node.child("inputs") {
            let items = inputsNode.isScalar ? [inputsNode] : try inputsNode.sequence()
            inputs = try items.map { try InputReference($0) }
        }
        outputs = []
        if let outputsNode = node.child("outputs") {
            let items = outputsNode.isScalar ? [outputsNode] : try outputsNode.sequence()
            for item in items {
                let output = try Self.identifier(item, what: "output name")
                try item.ensure(!outputs.contains(output), "output '\(output)' is listed twice")
                outputs.append(output)
            }
        }
        config = node.child("config")
        condition = try node.optString("condition")
        ifTrue = try node.optional("if_true") { try PhaseBranch($0) }
        ifFalse = try node.optional("if_false") { try PhaseBranch($0) }
        method = try node.optString("method")
        containerCount = try node.optInt("container_count", atLeast: 1)
        timeoutHours = try node.optPositiveDouble("timeout_hours")
    }

    /// Reads a name used in references: a non-empty string without dots or whitespace.
    static func identifier(_ node: ConfigNode, what: String) throws -> String {
        let text = try node.string()
        try node.ensure(!text.isEmpty, "\(what) must not be empty")
        try node.ensure(!text.contains("."), "\(what) '\(text)' must not contain '.'",
                        hint: "inputs refer to outputs as 'phase.output', so names cannot contain dots")
        try node.ensure(!text.contains(where: { $0.isWhitespace }), "\(what) '\(text)' must not contain spaces")
        return text
    }
}

/// One side of a conditional phase (`if_true` / `if_false`).
///
/// ```yaml
/// if_true:
///   type: "optimization"
///   method: "signal_replay"   # optional
///   config:
///     optimization: {method: "robust_optimization", risk_penalty: 0.5}
/// ```
public struct PhaseBranch: Sendable {
    public static let keys = ["type", "config", "method"]

    public var type: String
    public var config: ConfigNode?
    public var method: String?
    public var line: Int?
    public var column: Int?
    public var node: ConfigNode

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        line = node.line
        column = node.column
        type = try node.require("type").string()
        config = node.child("config")
        method = try node.optString("method")
    }
}
