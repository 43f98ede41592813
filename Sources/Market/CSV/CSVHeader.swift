/// Which column of a CSV file holds which part of a bar.
///
/// Column names are matched without regard to letter case, spaces, underscores,
/// dashes, dots, quotes or angle brackets (so `Adj Close`, `adj_close` and
/// `<CLOSE>` are all understood):
///
/// | role | accepted names |
/// |---|---|
/// | time | `timestamp`, `datetime`, `date`, `time` (first found in that order of preference) |
/// | open, high, low, close | `open`, `high`, `low`, `close` |
/// | volume (optional) | `volume`, `vol` — when absent, every bar's volume is 0 |
///
/// A file with *both* a `date` and a `time` column (and no `timestamp`/`datetime`)
/// has its bar time read from the two together: `2020-01-02` + `14:30:00`.
/// Yahoo Finance's `Adj Close` is recognised and deliberately ignored: bars use
/// the unadjusted `Close`, consistent with `Open`/`High`/`Low`. Other columns are
/// ignored. A required column that is missing, or one that appears twice, is an
/// error naming it and listing the header found.
///
/// ```swift
/// let header = try CSVHeader(fields: ["Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"], file: "spy.csv")
/// header.close          // 4
/// header.ignored        // ["Adj Close"]
/// ```
public struct CSVHeader: Sendable, Equatable {
    /// The column names as written (trimmed).
    public var fields: [String]
    /// The column holding the date or date-time.
    public var timestamp: Int
    /// The column holding the time of day, when the date and time are in separate columns.
    public var timeOfDay: Int?
    public var open: Int
    public var high: Int
    public var low: Int
    public var close: Int
    /// The volume column, or `nil` when the file has none (volume is then 0).
    public var volume: Int?
    /// Whether an adjusted-close column was present (and ignored).
    public var hasAdjustedClose: Bool
    /// The names of the columns that are not used, in file order (including an adjusted close).
    public var ignored: [String]

    /// The column name used in messages for each role.
    static let roleNames = ["timestamp", "time", "open", "high", "low", "close", "volume"]

    /// Maps the header `fields` to bar roles; throws a ``MarketDataError`` (line 1 of `file`) if a required one is missing.
    public init(fields rawFields: [String], file: String, line: Int = 1) throws(MarketDataError) {
        let fields = rawFields.map(Self.trimmed)
        self.fields = fields
        let keys = fields.map(Self.key)
        let headerText = Self.shown(fields.joined(separator: ","))

        func columns(named names: Set<String>) -> [Int] {
            keys.indices.filter { names.contains(keys[$0]) }
        }
        func single(_ role: String, _ names: Set<String>) throws(MarketDataError) -> Int? {
            let found = columns(named: names)
            if found.count > 1 {
                let list = found.map { "\($0 + 1) '\(fields[$0])'" }.joined(separator: ", ")
                throw MarketDataError(
                    file: file, line: line, field: role,
                    reason: "column '\(role)' appears more than once (columns \(Self.shown(list))); header found: \(headerText)",
                    hint: "keep one \(role) column")
            }
            return found.first
        }
        func missing(_ role: String) -> MarketDataError {
            MarketDataError(
                file: file, line: line, field: role,
                reason: "missing required column '\(role)'; header found: \(headerText)",
                hint: "the first line must be a header such as timestamp,open,high,low,close,volume")
        }

        let timestampColumn = try single("timestamp", ["timestamp"])
        let datetimeColumn = try single("datetime", ["datetime"])
        let dateColumn = try single("date", ["date"])
        let timeColumn = try single("time", ["time"])
        if let column = timestampColumn ?? datetimeColumn {
            timestamp = column
            timeOfDay = nil
        } else if let dateColumn {
            timestamp = dateColumn
            timeOfDay = timeColumn
        } else if let timeColumn {
            timestamp = timeColumn
            timeOfDay = nil
        } else {
            throw missing("timestamp")
        }
        guard let open = try single("open", ["open"]) else { throw missing("open") }
        guard let high = try single("high", ["high"]) else { throw missing("high") }
        guard let low = try single("low", ["low"]) else { throw missing("low") }
        guard let close = try single("close", ["close"]) else { throw missing("close") }
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        volume = try single("volume", ["volume", "vol"])
        hasAdjustedClose = !columns(named: ["adjclose", "adjustedclose"]).isEmpty

        let used = Set([timestamp, open, high, low, close] + [timeOfDay, volume].compactMap { $0 })
        ignored = fields.indices.filter { !used.contains($0) }.map { fields[$0] }
    }

    /// The role of each column index (`nil` for ignored columns), in the scanner's role numbering.
    var roleOfColumn: [UInt8] {
        var roles = [UInt8](repeating: CSVRole.ignored, count: fields.count)
        roles[timestamp] = CSVRole.timestamp
        if let timeOfDay { roles[timeOfDay] = CSVRole.timeOfDay }
        roles[open] = CSVRole.open
        roles[high] = CSVRole.high
        roles[low] = CSVRole.low
        roles[close] = CSVRole.close
        if let volume { roles[volume] = CSVRole.volume }
        return roles
    }

    /// The largest column index that is needed.
    var lastNeededColumn: Int {
        max(timestamp, open, high, low, close, timeOfDay ?? 0, volume ?? 0)
    }

    /// The longest header text quoted in full in a message.
    static let messageTextLimit = 200

    /// `text` for a message: control characters shown as `�`, cut to ``messageTextLimit``
    /// characters (a binary file's "header" must not become a megabyte-long message).
    static func shown(_ text: String) -> String {
        let cut = text.count > messageTextLimit
        let scalars = (cut ? String(text.prefix(messageTextLimit)) : text).unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : $0
        }
        return String(String.UnicodeScalarView(scalars)) + (cut ? "…" : "")
    }

    static func trimmed(_ name: String) -> String {
        var scalars = Substring(name)
        while let first = scalars.first, first == " " || first == "\t" || first == "\"" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\"" { scalars.removeLast() }
        return String(scalars)
    }

    /// The matching key of a column name: lower-case letters and digits only.
    static func key(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }
}

/// Role numbers used by the row scanner (indices into its field-range table).
enum CSVRole {
    static let timestamp: UInt8 = 0
    static let timeOfDay: UInt8 = 1
    static let open: UInt8 = 2
    static let high: UInt8 = 3
    static let low: UInt8 = 4
    static let close: UInt8 = 5
    static let volume: UInt8 = 6
    static let count = 7
    static let ignored: UInt8 = 255
}
