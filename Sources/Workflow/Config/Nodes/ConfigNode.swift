/// One node of a parsed YAML document, with the file, key path, line and column it came from.
///
/// A `ConfigNode` is a `Sendable` snapshot of a `Yams.Node`: scalars keep their text exactly as
/// written and whether they were quoted; mappings keep their keys in document order, each key
/// located too. Phase types decode their raw `config:` blocks through the typed readers
/// (`string()`, `double()`, `child(_:)`, `checkKeys(allowed:)`, …), which throw `ConfigError`s
/// located at the offending node.
///
/// ```yaml
/// optimization:          # ConfigNode at path "phases[0].config.optimization", line 12, column 7
///   method: "grid"       # child("method") -> line 13, column 15, string() == "grid"
/// ```
public struct ConfigNode: Sendable {
    /// The file the node was read from, as the caller named it.
    public let file: String
    /// The key path, e.g. `phases[0].config.optimization.method` (empty for the document root).
    public let path: String
    /// The 1-based line where the node starts.
    public let line: Int?
    /// The 1-based column where the node starts.
    public let column: Int?
    /// The mapping key this node is the value of (`"method"`), or `nil` for list items and the root.
    public let key: String?
    /// What the node holds.
    let value: ConfigValue

    init(file: String, path: String, line: Int?, column: Int?, key: String?, value: ConfigValue) {
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.key = key
        self.value = value
    }
}

/// The contents of a `ConfigNode`.
enum ConfigValue: Sendable {
    case scalar(ConfigScalar)
    case sequence([ConfigNode])
    case mapping([ConfigEntry])
}

/// A scalar as written in the file.
struct ConfigScalar: Sendable {
    /// How the scalar was written.
    enum Style: Sendable { case plain, singleQuoted, doubleQuoted, block }
    /// The scalar's text, after YAML unquoting/unescaping.
    let text: String
    let style: Style
    /// Whether YAML resolves the scalar to null (`~`, `null`, an empty value, or `!!null`).
    let isNull: Bool
    /// Whether the scalar may be read as a number or boolean: plain style and no `!!str` tag.
    let isPlain: Bool
}

/// One `key: value` pair of a mapping, with both key and value located.
public struct ConfigEntry: Sendable {
    /// The key text.
    public let key: String
    /// The key itself as a node (a scalar), for errors that point at the key.
    public let keyNode: ConfigNode
    /// The value.
    public let value: ConfigNode
}

extension ConfigNode {
    /// Builds the path of a mapping child: `parent.key`, or `parent["odd key"]` for keys that
    /// are not plain identifiers (`data.files["BRK.B"]`).
    static func childPath(_ parent: String, key: String) -> String {
        let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        if !plain { return parent + "[\"" + key + "\"]" }
        return parent.isEmpty ? key : parent + "." + key
    }

    /// Builds the path of a list item: `parent[index]`.
    static func itemPath(_ parent: String, index: Int) -> String {
        parent + "[\(index)]"
    }

    /// A null node standing for an empty document.
    static func emptyDocument(file: String) -> ConfigNode {
        ConfigNode(file: file, path: "", line: 1, column: 1, key: nil,
                   value: .scalar(ConfigScalar(text: "", style: .plain, isNull: true, isPlain: true)))
    }
}

extension ConfigNode {
    /// A mapping of plain scalars standing in for an omitted block `key` of `parent` (a
    /// documented default); it is located at `parent`, so any error about it points there.
    static func defaultMapping(under parent: ConfigNode, key: String, _ scalars: [(String, String)],
                               lists: [(String, [String])] = []) -> ConfigNode {
        let path = childPath(parent.path, key: key)
        func scalar(_ text: String, _ path: String, key: String?) -> ConfigNode {
            ConfigNode(file: parent.file, path: path, line: parent.line, column: parent.column, key: key,
                       value: .scalar(ConfigScalar(text: text, style: .plain, isNull: false, isPlain: true)))
        }
        let entries = scalars.map { name, text in
            let childPath = childPath(path, key: name)
            return ConfigEntry(key: name, keyNode: scalar(name, childPath, key: nil), value: scalar(text, childPath, key: name))
        } + lists.map { name, items in
            let childPath = childPath(path, key: name)
            return ConfigEntry(key: name, keyNode: scalar(name, childPath, key: nil), value: ConfigNode(
                file: parent.file, path: childPath, line: parent.line, column: parent.column, key: name,
                value: .sequence(items.enumerated().map { k, item in scalar(item, "\(childPath)[\(k)]", key: nil) })))
        }
        return ConfigNode(file: parent.file, path: path, line: parent.line, column: parent.column, key: key, value: .mapping(entries))
    }
}
