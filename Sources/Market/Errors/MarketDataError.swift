/// A problem with market data, reported as one line that names the file, the line and the fix.
///
/// Every error the `Market` module throws about a data file is a `MarketDataError`.
/// `description` is a single line in the style of a compiler diagnostic, so a
/// command-line tool can print it as it is:
///
/// ```
/// data/x.csv:17: high 10.2 is below max(open, close) 10.5 (fix the row, or pass --drop-invalid-rows to skip such rows)
/// ```
///
/// `line` counts lines as a text editor does (the header is line 1) and is `nil`
/// when the problem is not tied to one line (a missing file, an empty file).
/// Errors that are not about a file (a bad split, a bad synthetic-market
/// configuration) have an empty `file`, and their description starts with the reason.
///
/// ```swift
/// do {
///     _ = try CSVBarLoader().load(path: "data/x.csv")
/// } catch let error as MarketDataError {
///     print(error)          // data/x.csv:17: high 10.2 is below ...
///     print(error.field ?? "-")  // high
/// }
/// ```
public struct MarketDataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the problem is in, as the caller named it (may be empty, see above).
    public var file: String
    /// The 1-based line number (header is line 1), when the problem is on one line.
    public var line: Int?
    /// The column the problem is in (`"high"`, `"timestamp"`, ...), when there is one.
    public var field: String?
    /// What is wrong, e.g. `"high 10.2 is below max(open, close) 10.5"`.
    public var reason: String
    /// How to fix it, e.g. `"fix the row, or pass --drop-invalid-rows to skip such rows"`.
    public var hint: String?

    public init(file: String, line: Int? = nil, field: String? = nil, reason: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        self.hint = hint
    }

    /// One line: `file:line: reason (hint)`; parts that are absent are left out.
    public var description: String {
        var text = ""
        if !file.isEmpty {
            text += file
            if let line { text += ":\(line)" }
            text += ": "
        } else if let line {
            text += "line \(line): "
        }
        text += reason
        if let hint, !hint.isEmpty { text += " (\(hint))" }
        return Self.singleLine(text)
    }

    /// Replaces line breaks so the description always stays on one line.
    static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline }) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}

extension MarketDataError {
    /// The hint attached to row problems when rows are not being dropped.
    static let dropRowsHint = "fix the row, or pass --drop-invalid-rows to skip such rows"
    /// The hint attached to timestamp-order problems when rows are not being dropped.
    static let orderHint =
        "sort the file by timestamp and remove duplicate rows, or pass --drop-invalid-rows to keep the first row of each time"
}
