/// A problem with a workflow YAML file, reported as one line naming the file, line, column and key path.
///
/// Every error the config layer throws is a `ConfigError`. `description` is a single line in
/// the style of a compiler diagnostic, so a command-line tool can print it as it is:
///
/// ```
/// basic.yaml:23:9: phases[0].config.optimization: unknown key 'methd' — did you mean 'method'? (allowed: method, n_trials, objective, parameters)
/// ```
///
/// `line` and `column` are 1-based (columns count Unicode scalars, as libyaml does) and are `nil`
/// when the problem is not tied to a place in the file (a missing file). `path` is the key path
/// of the offending node (`phases[0].config.optimization.method`), empty for the whole document
/// and for YAML syntax errors.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the problem is in, as the caller named it.
    public var file: String
    /// The 1-based line, when the problem is at one place in the file.
    public var line: Int?
    /// The 1-based column, when the problem is at one place in the file.
    public var column: Int?
    /// The key path of the offending node, e.g. `phases[0].config.optimization.method` (may be empty).
    public var path: String
    /// What is wrong, e.g. `unknown key 'methd'`.
    public var message: String
    /// How to fix it, e.g. `did you mean 'method'? (allowed: method, objective)`.
    public var hint: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String = "",
                message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: ` — the location prefix without the path (parts that are absent are left out).
    public var location: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    /// One line: `file:line:column: path: message — hint`; parts that are absent are left out.
    public var description: String {
        var text = location.isEmpty ? "" : location + ": "
        if !path.isEmpty { text += path + ": " }
        text += message
        if let hint, !hint.isEmpty { text += " — " + hint }
        return Self.singleLine(text)
    }

    /// Replaces line breaks so the description always stays on one line.
    static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline }) else { return text }
        var result = ""
        var lastWasBreak = false
        for character in text {
            if character.isNewline {
                if !lastWasBreak { result.append(" ") }
                lastWasBreak = true
            } else {
                result.append(character)
                lastWasBreak = false
            }
        }
        return result
    }
}
