/// Everything stored under one ``SignalKey``: bar timestamps and one or more named,
/// equally long columns aligned to them.
///
/// The main column is conventionally named `"signal"` (``SignalFrame/signalColumn``),
/// the strategy's target exposure per bar; optional context columns sit beside it
/// (for `include_regime_context`: e.g. `"regime"` as `Int64` and
/// `"regime_probability"` as `Double`).
///
/// ```swift
/// let frame = try SignalFrame(timestamps: bars.timestamps, columns: [
///     .float64("signal", signal.values),
///     .int64("regime", labels),
/// ])
/// ```
public struct SignalFrame: Sendable, Equatable {
    /// The conventional name of the signal column.
    public static let signalColumn = "signal"

    /// Bar timestamps (UTC epoch seconds), one per row.
    public let timestamps: [Int64]
    /// The columns, in the order given (the order is kept in files).
    public let columns: [SignalColumn]

    /// A frame; throws ``SignalStoreError`` (`.invalidInput`) when a column's length
    /// differs from the number of timestamps, a name is empty, longer than 65,535
    /// UTF-8 bytes, or repeated.
    public init(timestamps: [Int64], columns: [SignalColumn]) throws {
        guard timestamps.count <= SignalFile.maxRows else {
            throw SignalStoreError(.invalidInput, file: "", reason: "a signal frame of \(timestamps.count) rows is above the limit of \(SignalFile.maxRows)",
                                   hint: "capture fewer bars (a shorter date range)")
        }
        var names = Set<String>()
        for column in columns {
            guard !column.name.isEmpty, column.name.utf8.count <= Int(UInt16.max) else {
                throw SignalStoreError(.invalidInput, file: "", reason: "a signal column needs a name of 1 to 65535 UTF-8 bytes")
            }
            guard names.insert(column.name).inserted else {
                throw SignalStoreError(.invalidInput, file: "", reason: "signal column '\(column.name)' appears twice",
                                       hint: "give each column of a frame its own name")
            }
            guard column.count == timestamps.count else {
                throw SignalStoreError(.invalidInput, file: "",
                                       reason: "signal column '\(column.name)' has \(column.count) values for \(timestamps.count) timestamps")
            }
        }
        self.timestamps = timestamps
        self.columns = columns
    }

    /// A frame from already-validated parts (the decoder checks everything first).
    init(validatedTimestamps timestamps: [Int64], columns: [SignalColumn]) {
        self.timestamps = timestamps
        self.columns = columns
    }

    /// The number of rows (bars).
    public var count: Int { timestamps.count }

    /// The column named `name`, if there is one.
    public subscript(name: String) -> SignalColumn? {
        columns.first { $0.name == name }
    }

    /// The `Double` values of the column named `name`, if it exists and is `float64`.
    public func doubles(_ name: String = SignalFrame.signalColumn) -> [Double]? {
        self[name]?.doubles
    }

    /// The bytes the frame would take as dense 64-bit values: timestamps and every column
    /// at eight bytes per row (the baseline for compression ratios).
    public var denseBytes: Int { count * 8 * (columns.count + 1) }
}
