import Foundation

/// Loads a workflow YAML file into a typed `WorkflowDocument`, or throws a located `ConfigError`.
///
/// ```swift
/// let document = try WorkflowLoader.load(path: "config/basic_multi_phase.yaml")
/// document.phases.map(\.name)   // ["parameter_optimization", "performance_analysis", "validation"]
/// ```
///
/// Failures, each one `ConfigError` line: a missing or unreadable file, text that is not UTF-8,
/// YAML syntax errors (at the line:column libyaml reports), an empty document, unknown keys at
/// any modelled level, wrong types, bad enum values, duplicate phase names and malformed inputs.
public enum WorkflowLoader {
    /// Reads and loads the file at `path`; errors name the file as `path` is written.
    public static func load(path: String) throws -> WorkflowDocument {
        try load(yaml: try readText(path: path), file: path)
    }

    /// Loads YAML text; `file` is the name errors use.
    public static func load(yaml: String, file: String) throws -> WorkflowDocument {
        try WorkflowDocument(root: try ConfigReader.parse(yaml: yaml, file: file))
    }

    /// The file's text, or a `ConfigError` saying why it cannot be read.
    static func readText(path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ConfigError(file: path, message: "is a directory, not a workflow file")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > ConfigReader.maximumBytes {
            throw ConfigError(file: path, message: "the file is \(size) bytes; a workflow file may be at most \(ConfigReader.maximumBytes) bytes (4 MiB)",
                              hint: "is this the right file?")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, message: "cannot read the file", hint: "check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "the file is not valid UTF-8 text")
        }
        return text
    }
}
