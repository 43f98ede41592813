/// Kind checks and the "found …" wording used in type errors.
///
/// ```yaml
/// outputs: [best_parameters]   # isSequence
/// config:                       # isNull (an empty value)
/// method: grid                  # isScalar
/// ```
extension ConfigNode {
    /// Whether the node is a mapping (`key: value` pairs).
    public var isMapping: Bool {
        if case .mapping = value { return true }
        return false
    }

    /// Whether the node is a list.
    public var isSequence: Bool {
        if case .sequence = value { return true }
        return false
    }

    /// Whether the node is a non-null scalar (a string, number or boolean).
    public var isScalar: Bool {
        if case .scalar(let scalar) = value { return !scalar.isNull }
        return false
    }

    /// Whether the node is YAML null (`~`, `null`, or an empty value).
    public var isNull: Bool {
        if case .scalar(let scalar) = value { return scalar.isNull }
        return false
    }

    /// The scalar's text exactly as written (after unquoting), or `nil` for mappings, lists and null.
    public var scalarText: String? {
        if case .scalar(let scalar) = value, !scalar.isNull { return scalar.text }
        return nil
    }

    /// Whether the scalar was written in quotes (or as a block scalar, or tagged `!!str`).
    public var isQuotedScalar: Bool {
        if case .scalar(let scalar) = value { return !scalar.isNull && !scalar.isPlain }
        return false
    }

    /// The node as a type error describes it: `a mapping`, `a list`, `nothing (null)`,
    /// `the number 2.5`, `the boolean true`, `the string 'abc'`, `the string "5"`.
    public var foundDescription: String {
        switch value {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if scalar.isNull { return "nothing (null)" }
            let text = Self.abbreviated(scalar.text)
            switch scalar.style {
            case .doubleQuoted: return "the string \"\(text)\""
            case .singleQuoted: return "the string '\(text)'"
            case .block: return "the block string '\(text)'"
            case .plain:
                guard scalar.isPlain else { return "the string '\(text)'" }
                if ScalarSyntax.number(scalar.text) != nil || ScalarSyntax.isSpecialFloat(scalar.text) {
                    return "the number \(text)"
                }
                if ScalarSyntax.boolean(scalar.text) != nil { return "the boolean \(text)" }
                return "the string '\(text)'"
            }
        }
    }

    /// Shortens long scalar text for messages and removes line breaks.
    static func abbreviated(_ text: String) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        guard flat.count > 60 else { return flat }
        return String(flat.prefix(57)) + "..."
    }

    /// The name used for this node in messages: its key, or `value` for list items.
    var displayName: String { key ?? "value" }
}
