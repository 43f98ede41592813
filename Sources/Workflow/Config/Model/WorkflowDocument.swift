/// A whole workflow YAML file, typed: the `workflow`, `data`, `phases`, `infrastructure` and
/// `reporting` sections, plus the raw root node.
///
/// ```yaml
/// workflow: {type: "multi_phase", name: "Basic Research Pipeline"}
/// data: {symbols: ["SPY"], start_date: "2022-01-01", end_date: "2023-12-31"}
/// phases:
///   - {name: "parameter_optimization", type: "optimization", outputs: [best_parameters]}
///   - {name: "validation", type: "backtest", inputs: ["parameter_optimization.best_parameters"]}
/// infrastructure: {phase_resources: {parameter_optimization: {max_workers: 16}}}
/// reporting: {output_path: "reports/"}
/// ```
///
/// Every section is optional (the seed fragments hold one section each); `workflow` is then an
/// empty `WorkflowSection`. Phase names are unique across the whole document: top-level
/// phases, every parallel branch and the convergence phase.
public struct WorkflowDocument: Sendable {
    /// The top-level keys a document may have.
    public static let keys = ["workflow", "data", "phases", "infrastructure", "reporting"]

    /// The file as the caller named it.
    public var file: String
    /// The whole document as a node.
    public var root: ConfigNode
    public var workflow: WorkflowSection
    public var data: DataSection?
    /// Top-level phases in document order.
    public var phases: [PhaseSpec]
    public var infrastructure: InfrastructureSection?
    public var reporting: ReportingSection?

    /// Every phase: the top-level phases, then each parallel branch's phases (branches in
    /// document order), then the convergence phase. This is declaration order, not a schedule.
    public var allPhases: [PhaseSpec] {
        var result = phases
        for branch in workflow.parallelPhases.values { result.append(contentsOf: branch.phases) }
        if let convergence = workflow.convergencePhase { result.append(convergence) }
        return result
    }

    /// The phase called `name`, wherever it is declared.
    public func phase(named name: String) -> PhaseSpec? {
        allPhases.first { $0.name == name }
    }

    /// Reads a parsed document (see `WorkflowLoader` for files and text).
    public init(root: ConfigNode) throws {
        file = root.file
        self.root = root
        if root.isNull {
            throw root.error("the file is empty",
                             hint: "a workflow file is a mapping with some of: \(Self.keys.joined(separator: ", "))")
        }
        try root.ensure(root.isMapping, "expected a mapping at the top level, found \(root.foundDescription)",
                        hint: "a workflow file is a mapping with some of: \(Self.keys.joined(separator: ", "))")
        try root.checkKeys(allowed: Self.keys)
        workflow = try root.optional("workflow") { try WorkflowSection($0) } ?? WorkflowSection()
        data = try root.optional("data") { try DataSection($0) }
        phases = try root.optional("phases") { node in
            try node.sequence().map { try PhaseSpec($0, branch: nil) }
        } ?? []
        if let phasesKey = root.keyNode("phases"), phases.isEmpty, workflow.parallelPhases.isEmpty {
            throw phasesKey.error("phases is empty: list at least one phase, e.g. - {name: optimize, type: optimization, config: …}",
                                  hint: "remove the key for a settings-only document")
        }
        infrastructure = try root.optional("infrastructure") { try InfrastructureSection($0) }
        reporting = try root.optional("reporting") { try ReportingSection($0) }
        try Self.checkUniqueNames(allPhases)
    }

    /// Fails at the later of two phases with the same name (later in the file).
    static func checkUniqueNames(_ phases: [PhaseSpec]) throws {
        let ordered = phases.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.line ?? Int.max, lhs.element.column ?? Int.max, lhs.offset)
            let right = (rhs.element.line ?? Int.max, rhs.element.column ?? Int.max, rhs.offset)
            return left < right
        }.map(\.element)
        var firstByName: [String: PhaseSpec] = [:]
        for phase in ordered {
            if let first = firstByName[phase.name] {
                let nameNode = phase.node.child("name") ?? phase.node
                let place = first.line.map { line in " (first declared at \(first.path), line \(line))" } ?? ""
                throw nameNode.error("duplicate phase name '\(phase.name)'\(place)",
                                     hint: "phase names must be unique across phases, parallel branches and the convergence phase")
            }
            firstByName[phase.name] = phase
        }
    }
}
