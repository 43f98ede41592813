import Market

/// Where a workflow's bars come from and how they are cut, resolved from the `data:` section.
///
/// ```yaml
/// data:
///   symbols: ["AAPL"]
///   start_date: "2005-03-01"
///   end_date: "2013-03-01"
///   source: directory        # directory (default) | csv | synthetic
///   path: data               # the folder holding AAPL.csv / aapl_daily.csv …
///   split: {train_ratio: 0.7}
/// ```
public struct DataPlan: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// Files found by symbol in a folder (`SPY.csv`, `spy_daily.csv`, …).
        case directory(path: String, timeframe: String?)
        /// One explicit file per symbol.
        case files([(symbol: String, path: String)])
        /// The seeded synthetic generator.
        case synthetic(SyntheticMarketConfig)

        public static func == (lhs: Source, rhs: Source) -> Bool {
            switch (lhs, rhs) {
            case (.directory(let a, let b), .directory(let c, let d)): return a == c && b == d
            case (.files(let a), .files(let b)): return a.elementsEqual(b) { $0.symbol == $1.symbol && $0.path == $1.path }
            case (.synthetic, .synthetic): return true
            default: return false
            }
        }
    }

    public var symbols: [String]
    public var source: Source
    public var start: Int64?
    public var end: Int64?
    public var split: DataSplit
    public var dropInvalidRows: Bool
    /// Symbols whose bars come from another symbol's file (`data.aliases`), in document order.
    public var aliases: [SymbolAlias]

    public init(symbols: [String], source: Source, start: Int64?, end: Int64?, split: DataSplit, dropInvalidRows: Bool,
                aliases: [SymbolAlias] = []) {
        self.aliases = aliases
        self.symbols = symbols
        self.source = source
        self.start = start
        self.end = end
        self.split = split
        self.dropInvalidRows = dropInvalidRows
    }
}

/// `data.aliases` entry: `symbol`'s bars are read from the file of `fileSymbol` (e.g. VXX from
/// VIXY's file, whose history is longer). The series keeps the name `symbol`; reports list the alias.
public struct SymbolAlias: Sendable, Equatable {
    public var symbol: String
    public var fileSymbol: String

    public init(symbol: String, fileSymbol: String) {
        self.symbol = symbol
        self.fileSymbol = fileSymbol
    }
}

extension DataPlan {
    /// The symbol whose file holds `symbol`'s bars.
    public func fileSymbol(for symbol: String) -> String {
        aliases.first { $0.symbol == symbol }?.fileSymbol ?? symbol
    }
}

/// Which part of the data a phase works on (`data_split:` in a phase's config).
public enum DataSegment: String, Sendable, CaseIterable {
    case train, test, full
}

extension DataPlan {
    /// The ``BarSource`` this plan's `source` names.
    public var barSource: any BarSource {
        switch source {
        case .directory(let path, let timeframe):
            let aliases = self.aliases
            return DirectoryBarSource(path: path, timeframe: timeframe) { symbol in
                aliases.first { $0.symbol == symbol }?.fileSymbol ?? symbol
            }
        case .files(let files):
            return FileBarSource(files: files)
        case .synthetic(let config):
            return SyntheticBarSource(config: config)
        }
    }
}
