import Collections

/// Where bars come from (`data.source`, our extension).
public enum DataSourceKind: String, Sendable, CaseIterable, Hashable {
    /// A folder of per-symbol CSV files (`path`, default `data`).
    case directory
    /// Explicit CSV files per symbol (`files`).
    case csv
    /// A seeded synthetic market (`synthetic`).
    case synthetic
}

/// The top-level `data:` section: symbols and date range, plus our extensions for the source,
/// the train/test split and synthetic data.
///
/// ```yaml
/// data:
///   symbols: ["SPY", "QQQ"]
///   start_date: "2022-01-01"          # YYYY-MM-DD or ISO date-time, UTC unless a zone is given
///   end_date: "2023-12-31"            # must not be before start_date
///   source: "csv"                     # directory (default) | csv | synthetic
///   path: "data"                      # default "data"
///   timeframe: "1d"
///   files: {SPY: "data/spy.csv", QQQ: "data/qqq.csv"}   # only with source: csv
///   aliases: {VXX: VIXY}              # read VXX's bars from VIXY's file (directory source); reports say so
///   split: {train_ratio: 0.7}         # or {test_start: "2023-01-01"}; default train_ratio 0.7
///   drop_invalid_rows: true
///   synthetic: {bars: 1000, seed: 7, regimes: 2, correlation: 0.3, bar_seconds: 86400}  # only with source: synthetic
/// ```
public struct DataSection: Sendable {
    public static let keys = [
        "symbols", "start_date", "end_date", "source", "path", "timeframe", "files", "split",
        "drop_invalid_rows", "synthetic", "aliases",
    ]
    /// The data folder used when `path` is not given.
    public static let defaultPath = "data"

    /// Symbols in document order; each listed once.
    public var symbols: [String]?
    public var startDate: ConfigDate?
    public var endDate: ConfigDate?
    public var source: DataSourceKind?
    public var path: String?
    public var timeframe: String?
    /// CSV file per symbol, in document order (for `source: csv`).
    public var files: OrderedDictionary<String, String>?
    public var split: DataSplitConfig?
    public var dropInvalidRows: Bool?
    public var synthetic: SyntheticDataConfig?
    /// Symbol → the symbol whose file supplies its bars, in document order (directory source).
    public var aliases: OrderedDictionary<String, String>?
    public var node: ConfigNode

    /// `source`, defaulting to `directory`.
    public var effectiveSource: DataSourceKind { source ?? .directory }
    /// `path`, defaulting to `"data"`.
    public var effectivePath: String { path ?? Self.defaultPath }
    /// The split rule, defaulting to a 70/30 chronological split by bar count.
    public var effectiveSplit: DataSplitRule { split?.rule ?? .trainRatio(DataSplitConfig.defaultTrainRatio) }
    /// `drop_invalid_rows`, defaulting to `false` (invalid rows are errors).
    public var shouldDropInvalidRows: Bool { dropInvalidRows ?? false }

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        if let symbolsNode = node.child("symbols") {
            let items = symbolsNode.isScalar ? [symbolsNode] : try symbolsNode.sequence()
            var list: [String] = []
            for item in items {
                let symbol = try item.string()
                try item.ensure(!symbol.isEmpty, "symbol must not be empty")
                try item.ensure(!list.contains(symbol), "symbol '\(symbol)' is listed twice")
                list.append(symbol)
            }
            symbols = list
        }
        startDate = try node.optional("start_date") { try $0.date() }
        endDate = try node.optional("end_date") { try $0.date() }
        if let start = startDate, let end = endDate, let endNode = node.child("end_date") {
            try endNode.ensure(end > start, end == start ? "end_date \(end.text) equals start_date: the range holds at most one day"
                                                         : "end_date \(end.text) is before start_date \(start.text)",
                               hint: "end_date must come after start_date")
        }
        source = try node.optEnum("source")
        path = try node.optString("path")
        timeframe = try node.optString("timeframe")
        if let filesNode = node.child("files") {
            var table: OrderedDictionary<String, String> = [:]
            for entry in try filesNode.entries() {
                table[entry.key] = try entry.value.string()
            }
            files = table
            try filesNode.ensure((source ?? .directory) == .csv, "files is only used with source: csv",
                                 hint: "add 'source: csv' to data, or remove files")
        }
        if let aliasNode = node.child("aliases") {
            var table: OrderedDictionary<String, String> = [:]
            for entry in try aliasNode.entries() {
                let target = try entry.value.string()
                try entry.value.ensure(!target.isEmpty, "alias of \(entry.key) must name a symbol")
                try entry.value.ensure(target.uppercased() != entry.key.uppercased(), "\(entry.key) is an alias of itself",
                                       hint: "remove the entry")
                let listed = symbols ?? []
                try (aliasNode.keyNode(entry.key) ?? entry.value).ensure(
                    listed.contains(entry.key), "aliases names \(entry.key), which is not in data.symbols",
                    hint: "an alias maps a listed symbol to the file of another, e.g. aliases: {VXX: VIXY}")
                table[entry.key] = target
            }
            aliases = table
            try aliasNode.ensure((source ?? .directory) == .directory, "aliases is only used with a data directory (source: directory)",
                                 hint: "with source: csv name the file under files instead")
        }
        split = try node.optional("split") { try DataSplitConfig($0) }
        dropInvalidRows = try node.optBool("drop_invalid_rows")
        if let syntheticNode = node.child("synthetic") {
            synthetic = try SyntheticDataConfig(syntheticNode)
            try syntheticNode.ensure((source ?? .directory) == .synthetic,
                                     "synthetic is only used with source: synthetic",
                                     hint: "add 'source: synthetic' to data, or remove synthetic")
        }
    }
}

/// How the bars are split into training and test parts.
public enum DataSplitRule: Sendable, Equatable {
    /// The first `ratio` of the bars (0 < ratio < 1) train, the rest test.
    case trainRatio(Double)
    /// Bars before the date train, bars from it on test.
    case testStart(ConfigDate)
}

/// `data.split` (our extension): either `train_ratio` or `test_start`, not both.
///
/// ```yaml
/// split: {train_ratio: 0.7}
/// split: {test_start: "2023-01-01"}
/// ```
public struct DataSplitConfig: Sendable {
    public static let keys = ["train_ratio", "test_start"]
    /// The train ratio used when no split is given.
    public static let defaultTrainRatio = 0.7

    /// Strictly between 0 and 1.
    public var trainRatio: Double?
    public var testStart: ConfigDate?
    public var node: ConfigNode

    /// The rule given, defaulting to `train_ratio` 0.7 when the mapping is empty.
    public var rule: DataSplitRule {
        if let testStart { return .testStart(testStart) }
        return .trainRatio(trainRatio ?? Self.defaultTrainRatio)
    }

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        if let ratioNode = node.child("train_ratio") {
            let ratio = try ratioNode.double()
            try ratioNode.ensure(ratio > 0 && ratio < 1,
                                 "train_ratio must be between 0 and 1 (exclusive), found \(ratioNode.scalarText ?? "\(ratio)")")
            trainRatio = ratio
        }
        testStart = try node.optional("test_start") { try $0.date() }
        if trainRatio != nil, testStart != nil, let key = node.keyNode("test_start") {
            throw key.error("give either train_ratio or test_start, not both")
        }
    }
}

/// `data.synthetic` (our extension): the seeded synthetic market's shape; every value optional.
///
/// ```yaml
/// synthetic:
///   bars: 1000           # at least 1
///   seed: 7              # 0 … 2^64 − 1
///   regimes: 2           # at least 1
///   correlation: 0.3     # between -1 and 1
///   bar_seconds: 86400   # at least 1
/// ```
public struct SyntheticDataConfig: Sendable {
    public static let keys = ["bars", "seed", "regimes", "correlation", "bar_seconds"]

    public var bars: Int?
    public var seed: UInt64?
    public var regimes: Int?
    public var correlation: Double?
    public var barSeconds: Int?
    public var node: ConfigNode

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        bars = try node.optInt("bars", atLeast: 1)
        seed = try node.optional("seed") { try $0.uint64() }
        regimes = try node.optInt("regimes", atLeast: 1)
        if let correlationNode = node.child("correlation") {
            let value = try correlationNode.double()
            try correlationNode.ensure(value >= -1 && value <= 1,
                                       "correlation must be between -1 and 1, found \(correlationNode.scalarText ?? "\(value)")")
            correlation = value
        }
        barSeconds = try node.optInt("bar_seconds", atLeast: 1)
    }
}
