/// One problem found in one row of a data file: where it is and what is wrong.
///
/// Problems are what the validator finds; they become a ``MarketDataError`` (with
/// the file name and a hint) when loading stops at the first one, and they are
/// collected as they are when rows are dropped (``CSVBarLoader/loadWithReport(path:symbol:)``)
/// or a file is inspected (``DataInspector``).
///
/// ```swift
/// let problem = DataProblem(line: 17, field: "high", reason: "high 10.2 is below max(open, close) 10.5")
/// print(problem)  // line 17: high 10.2 is below max(open, close) 10.5
/// ```
public struct DataProblem: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number in the file (the header is line 1).
    public var line: Int
    /// The column concerned, when the problem is about one column.
    public var field: String?
    /// What is wrong, in one line.
    public var reason: String

    public init(line: Int, field: String?, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `line N: reason`.
    public var description: String { "line \(line): \(reason)" }

    /// This problem as an error about `file`, with `hint`.
    public func error(file: String, hint: String?) -> MarketDataError {
        MarketDataError(file: file, line: line, field: field, reason: reason, hint: hint)
    }
}
