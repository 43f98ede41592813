import Foundation
import Yams

/// Parses YAML text into located `ConfigNode`s, turning every Yams failure into a `ConfigError`.
///
/// ```swift
/// let root = try ConfigReader.parse(yaml: "method: grid\nn_trials: 50\n", file: "inline.yaml")
/// try root.require("n_trials").int()   // 50
/// ```
///
/// Anchors and aliases are resolved by Yams (an alias reads as a copy of its anchor's node, with
/// the anchor's location). Merge keys (`<<`) are not expanded: they read as an ordinary key
/// named `<<`. Duplicate keys in one mapping are an error.
///
/// **Limits.** A workflow file is at most ``maximumBytes`` (4 MiB) and expands to at most
/// ``maximumNodes`` (200,000) nodes once aliases are copied — a real workflow has hundreds — so
/// alias bombs ("billion laughs") are refused before they use memory. Nesting deeper than
/// libyaml's limit is a syntax error.
public enum ConfigReader {
    /// The largest workflow file accepted, in bytes.
    public static let maximumBytes = 4 * 1024 * 1024
    /// The most nodes (scalars, lists, mappings, keys) a document may expand to.
    public static let maximumNodes = 200_000

    /// Counts nodes while converting, to refuse documents that expand beyond ``maximumNodes``.
    final class Budget {
        var remaining = ConfigReader.maximumNodes
    }

    /// Parses one YAML document. An empty document (or one holding only comments) gives a null
    /// root node at 1:1; more than one document (`---` twice) is an error.
    public static func parse(yaml: String, file: String) throws -> ConfigNode {
        guard yaml.utf8.count <= maximumBytes else {
            throw ConfigError(file: file, message: "the file is \(yaml.utf8.count) bytes; a workflow file may be at most \(maximumBytes) bytes (4 MiB)",
                              hint: "a workflow describes phases; keep data in data files")
        }
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as Yams.YamlError {
            throw syntaxError(error, file: file, yaml: yaml)
        } catch {
            throw ConfigError(file: file, message: "cannot parse the YAML: \(error)")
        }
        guard let root else { return .emptyDocument(file: file) }
        return try convert(root, file: file, path: "", key: nil, budget: Budget())
    }

    /// Converts a Yams node (recursively) into a located `ConfigNode`.
    static func convert(_ node: Yams.Node, file: String, path: String, key: String?, budget: Budget) throws -> ConfigNode {
        let line = node.mark?.line
        let column = node.mark?.column
        budget.remaining -= 1
        guard budget.remaining >= 0 else {
            throw ConfigError(file: file, line: line, column: column, path: path,
                              message: "the document expands to more than \(maximumNodes) nodes (aliases are copied where they are used)",
                              hint: "a workflow needs far fewer; remove the nested aliases")
        }
        switch node {
        case .scalar(let scalar):
            return ConfigNode(file: file, path: path, line: line, column: column, key: key,
                              value: .scalar(convert(scalar, resolved: Yams.Tag.Name(rawValue: node.tag.rawValue))))
        case .alias:
            // Yams dereferences aliases while composing; an unresolved one would be a composer error.
            throw ConfigError(file: file, line: line, column: column, path: path,
                              message: "unresolved YAML alias")
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            items.reserveCapacity(sequence.count)
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, file: file, path: ConfigNode.itemPath(path, index: index), key: nil, budget: budget))
            }
            return ConfigNode(file: file, path: path, line: line, column: column, key: key, value: .sequence(items))
        case .mapping(let mapping):
            var entries: [ConfigEntry] = []
            entries.reserveCapacity(mapping.count)
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConfigError(file: file, line: keyNode.mark?.line, column: keyNode.mark?.column,
                                      path: path, message: "mapping keys must be plain text, found a "
                                        + (keyNode.sequence != nil ? "list" : "mapping"))
                }
                let text = keyScalar.string
                let childPath = ConfigNode.childPath(path, key: text)
                let located = ConfigNode(file: file, path: childPath, line: keyNode.mark?.line,
                                         column: keyNode.mark?.column, key: text,
                                         value: .scalar(convert(keyScalar, resolved: Yams.Tag.Name(rawValue: keyNode.tag.rawValue))))
                budget.remaining -= 1
                let value = try convert(valueNode, file: file, path: childPath, key: text, budget: budget)
                entries.append(ConfigEntry(key: text, keyNode: located, value: value))
            }
            return ConfigNode(file: file, path: path, line: line, column: column, key: key, value: .mapping(entries))
        }
    }

    static func convert(_ scalar: Yams.Node.Scalar, resolved tag: Yams.Tag.Name) -> ConfigScalar {
        let style: ConfigScalar.Style
        switch scalar.style {
        case .singleQuoted: style = .singleQuoted
        case .doubleQuoted: style = .doubleQuoted
        case .literal, .folded: style = .block
        case .plain, .any: style = .plain
        }
        return ConfigScalar(text: scalar.string, style: style, isNull: tag == .null,
                            isPlain: style == .plain && tag != .str)
    }

    /// Maps a Yams parse failure to a located `ConfigError` (`YAML syntax error: …`).
    static func syntaxError(_ error: Yams.YamlError, file: String, yaml: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if problem == "but found another document" {
                return ConfigError(file: file, line: mark.line, column: mark.column,
                                   message: "YAML syntax error: the file holds more than one YAML document",
                                   hint: "a workflow file is one document; remove the extra '---'")
            }
            var hints: [String] = []
            if let context {
                hints.append("\(context.text) at \(context.mark.line):\(context.mark.column)")
            }
            if let advice = syntaxAdvice(problem: problem, at: mark, in: yaml) { hints.append(advice) }
            return ConfigError(file: file, line: mark.line, column: mark.column,
                               message: "YAML syntax error: \(problem)",
                               hint: hints.isEmpty ? nil : hints.joined(separator: "; "))
        case .reader(let problem, let offset, _, _):
            let place = offset.flatMap { lineAndColumn(ofCharacterOffset: $0, in: yaml) }
            return ConfigError(file: file, line: place?.line, column: place?.column,
                               message: "cannot read the YAML text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = (line: context.mark.line, column: context.mark.column)
            let repeated = repeatedKeyPlace(key: key, after: first, in: yaml)
            let place = repeated ?? first
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let firstAt = repeated == nil ? "" : " (first at \(first.line):\(first.column))"
            return ConfigError(file: file, line: place.line, column: place.column,
                               message: "duplicate key \(names) in one mapping\(firstAt)",
                               hint: "each key may appear only once; remove or rename the repeat")
        case .dataCouldNotBeDecoded:
            return ConfigError(file: file, message: "the file is not valid UTF-8 text")
        default:
            return ConfigError(file: file, message: "cannot parse the YAML: \(error)")
        }
    }

    /// A plain-words fix for common libyaml problems, looking at the offending character.
    static func syntaxAdvice(problem: String, at mark: Yams.Mark, in yaml: String) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let lineText = mark.line >= 1 && mark.line <= lines.count ? Array(lines[mark.line - 1].unicodeScalars) : []
        let character = mark.column >= 1 && mark.column <= lineText.count ? lineText[mark.column - 1] : nil
        if character == "\t" || (problem.contains("cannot start any token") && lineText.first == "\t") {
            return "indent with spaces, not tabs"
        }
        if problem.contains("mapping values are not allowed") {
            return "check this line's indentation, or quote a value that contains ': '"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation of this line against the lines above"
        }
        return nil
    }

    /// Where `key` appears again in the same block mapping as its first occurrence at `first`
    /// (same column, before the mapping ends), or `nil` when it cannot be found that way.
    static func repeatedKeyPlace(key: String, after first: (line: Int, column: Int),
                                 in yaml: String) -> (line: Int, column: Int)? {
        guard !key.isEmpty else { return nil }
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line < lines.count else { return nil }
        let indent = first.column - 1
        for index in first.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            let lead = scalars.prefix { $0 == " " || $0 == "-" }.count
            if lead >= scalars.count || scalars[lead] == "#" { continue }   // blank or comment line
            if lead < indent { return nil }                                  // the mapping ended
            guard lead == indent else { continue }
            let rest = String(String.UnicodeScalarView(scalars[lead...]))
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(spelling) {
                let after = rest.dropFirst(spelling.count).drop { $0 == " " }
                if after.first == ":" { return (line: index + 1, column: first.column) }
            }
        }
        return nil
    }

    /// The 1-based line and column of a character offset.
    static func lineAndColumn(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int)? {
        guard offset >= 0 else { return nil }
        var line = 1
        var column = 1
        var index = 0
        for character in text {
            if index == offset { return (line, column) }
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        return index == offset ? (line, column) : nil
    }
}
