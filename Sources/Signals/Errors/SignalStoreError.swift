/// A problem with a signal file or a signal store, as one line naming the file, what is
/// wrong and what to do.
///
/// ```
/// /runs/signals/3f/3fa1….sig: damaged signal file: checksum mismatch (stored 0x1c2d3e4f, computed 0x99aa0b1c) (delete the file, or call remove(key), and generate the signals again)
/// ```
public struct SignalStoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of problem it is, for callers that react differently.
    public enum Kind: String, Sendable, Equatable {
        /// A file's bytes are not a valid signal file (bad magic, checksum, truncation, ...).
        case damaged
        /// The file system refused a read, write, rename or listing.
        case io
        /// The caller's data cannot be stored (columns of different lengths, duplicate names, ...).
        case invalidInput
    }

    public var kind: Kind
    /// The file concerned (may be empty when the problem is not about a file).
    public var file: String
    /// What is wrong.
    public var reason: String
    /// What to do about it.
    public var hint: String?

    public init(_ kind: Kind, file: String, reason: String, hint: String? = nil) {
        self.kind = kind
        self.file = file
        self.reason = reason
        self.hint = hint
    }

    /// `file: reason (hint)` on one line; parts that are absent are left out.
    public var description: String {
        var text = file.isEmpty ? "" : "\(file): "
        text += reason
        if let hint, !hint.isEmpty { text += " (\(hint))" }
        return String(text.map { $0.isNewline ? " " : $0 })
    }

    /// The hint attached to damaged files.
    static let regenerateHint = "delete the file, or call remove(key) on the store, and generate the signals again"

    static func damaged(_ file: String, _ reason: String) -> SignalStoreError {
        SignalStoreError(.damaged, file: file, reason: "damaged signal file: \(reason)", hint: regenerateHint)
    }
}
