/// A phase input: `"phase.output"`, or `"branch.phase.output"` for a phase of a parallel branch.
///
/// ```yaml
/// inputs: ["parameter_optimization.best_parameters"]             # phase, output
/// inputs: ["technical_branch.technical_validation.results"]      # branch, phase, output
/// ```
///
/// Each component must be non-empty and free of whitespace; a reference without a dot, or with
/// more than three components, is an error at the reference's own line and column. Whether the
/// referenced phase and output exist is checked later, by the planner.
public struct InputReference: Sendable, Hashable, CustomStringConvertible {
    /// The reference as written.
    public var text: String
    /// The dot-separated parts: 2 (`phase`, `output`) or 3 (`branch`, `phase`, `output`).
    public var components: [String]
    public var line: Int?
    public var column: Int?
    /// The key path of the reference, e.g. `phases[1].inputs[0]`.
    public var path: String

    /// The branch, for three-part references.
    public var branch: String? { components.count == 3 ? components.first : nil }
    /// The producing phase.
    public var phase: String { components.count >= 2 ? components[components.count - 2] : "" }
    /// The output of that phase.
    public var output: String { components.last ?? "" }

    public var description: String { text }

    public init(text: String, components: [String], line: Int? = nil, column: Int? = nil, path: String = "") {
        self.text = text
        self.components = components
        self.line = line
        self.column = column
        self.path = path
    }

    init(_ node: ConfigNode) throws {
        let text = try node.string()
        let hint = "write 'phase.output', or 'branch.phase.output' for a phase of a parallel branch"
        guard text.contains(".") else {
            throw node.error("input '\(text)' must name a phase and one of its outputs", hint: hint)
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3 else {
            throw node.error("input '\(text)' has \(parts.count) parts; expected 2 or 3", hint: hint)
        }
        guard parts.allSatisfy({ !$0.isEmpty && !$0.contains(where: { $0.isWhitespace }) }) else {
            throw node.error("input '\(text)' has an empty part or spaces", hint: hint)
        }
        self.init(text: text, components: parts, line: node.line, column: node.column, path: node.path)
    }
}
