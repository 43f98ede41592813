/// How ``CSVBarLoader`` treats rows that fail validation.
///
/// By default the first invalid row stops loading with a ``MarketDataError``.
/// With `dropInvalidRows` every invalid row is left out instead, and
/// ``CSVBarLoader/loadWithReport(path:symbol:)`` says which rows were dropped and why.
/// Rows are never repaired.
///
/// ```swift
/// let loader = CSVBarLoader(options: CSVLoadOptions(dropInvalidRows: true))
/// let (bars, dropped) = try loader.loadWithReport(path: "data/spy.csv")
/// ```
public struct CSVLoadOptions: Sendable {
    /// Drop rows that fail validation (and report them) instead of throwing at the first one.
    public var dropInvalidRows: Bool = false
    /// The read buffer's sizes; only tests change them.
    var buffer = ReadBufferSizes.standard

    public init(dropInvalidRows: Bool = false) {
        self.dropInvalidRows = dropInvalidRows
    }
}
