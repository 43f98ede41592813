import Foundation
import Signals

/// A configuration subtree as one canonical line of text: mapping keys sorted, numbers in one
/// spelling (`0.10`, `1e-1` and `.1` agree), quoting and comments ignored, booleans and nulls in
/// one spelling. Two subtrees that mean the same thing give the same text.
///
/// A string naming an existing file (absolute, or relative to `fileDirectory` or the current
/// directory) stands for the file's content (its SHA-256), not its path: editing the file
/// changes the text, moving it does not. The data section's `path` is left out (the data's own
/// fingerprint covers what it holds).
enum CanonicalConfig {
    static func text(_ node: ConfigNode, fileDirectory: String?) -> String {
        var out = ""
        write(node, into: &out, fileDirectory: fileDirectory, isData: node.key == "data" && node.path == "data")
        return out
    }

    private static func write(_ node: ConfigNode, into out: inout String, fileDirectory: String?, isData: Bool) {
        switch node.value {
        case .mapping(let entries):
            out += "{"
            for (k, entry) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if isData && entry.key == "path" { continue }
                if k > 0 { out += "," }
                out += quoted(entry.key) + ":"
                write(entry.value, into: &out, fileDirectory: fileDirectory, isData: false)
            }
            out += "}"
        case .sequence(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                write(item, into: &out, fileDirectory: fileDirectory, isData: false)
            }
            out += "]"
        case .scalar(let scalar):
            out += self.scalar(scalar, fileDirectory: fileDirectory)
        }
    }

    private static func scalar(_ scalar: ConfigScalar, fileDirectory: String?) -> String {
        if scalar.isNull { return "null" }
        if scalar.isPlain {
            let lower = scalar.text.lowercased()
            if ["true", "yes", "on"].contains(lower) { return "true" }
            if ["false", "no", "off"].contains(lower) { return "false" }
            if let number = Double(scalar.text.replacingOccurrences(of: "_", with: "")), number.isFinite {
                return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
            }
        }
        if let fileDirectory, let content = fileContent(scalar.text, directory: fileDirectory) {
            return "file:" + content
        }
        return quoted(scalar.text)
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The SHA-256 of the file at `path` (hex), nil when there is none.
    static func fileDigest(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { SHA256.hex([UInt8]($0)) }
    }

    /// The SHA-256 of the file `text` names, if it names a readable regular file.
    private static func fileContent(_ text: String, directory: String) -> String? {
        guard text.contains("/") || text.contains("."), text.count < 4096, !text.contains("\n") else { return nil }
        let candidates = text.hasPrefix("/") ? [text] : [text, (directory as NSString).appendingPathComponent(text)]
        for path in candidates {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let digest = fileDigest(path) else { continue }
            return digest
        }
        return nil
    }
}
