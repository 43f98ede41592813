/// Where a workflow's bars come from. Today's sources — a data directory, listed files, a
/// seeded synthetic market — are the implementations below; another (a database, a vendor's
/// archive) is one more conforming type.
///
/// A source returns each symbol's bars as stored (unsliced, unaligned) with the number of rows
/// it dropped as invalid; the caller slices to the requested dates and aligns the symbols.
public protocol BarSource: Sendable {
    /// A short description for messages, e.g. `directory data/`.
    var description: String { get }
    func load(symbols: [String], options: CSVLoadOptions) throws -> [(bars: BarSeries, dropped: Int)]
}

/// `<directory>/<SYMBOL>[_<timeframe>].csv` (see ``DataDirectory``); `fileSymbol` maps a
/// requested symbol to the file's (a stand-in such as VIXY for VXX), the bars keeping the
/// requested name.
public struct DirectoryBarSource: BarSource {
    public var path: String
    public var timeframe: String?
    public var fileSymbol: @Sendable (String) -> String

    public init(path: String, timeframe: String? = nil, fileSymbol: @escaping @Sendable (String) -> String = { $0 }) {
        self.path = path
        self.timeframe = timeframe
        self.fileSymbol = fileSymbol
    }

    public var description: String { "directory \(path)" }

    public func load(symbols: [String], options: CSVLoadOptions) throws -> [(bars: BarSeries, dropped: Int)] {
        let directory = DataDirectory(path: path)
        return try symbols.map { symbol in
            let resolved = try directory.resolve(symbol: fileSymbol(symbol), timeframe: timeframe)
            let (bars, bad) = try CSVBarLoader(options: options).loadWithReport(path: resolved, symbol: symbol)
            return (bars, bad.count)
        }
    }
}

/// One CSV file per symbol, listed.
public struct FileBarSource: BarSource {
    public var files: [(symbol: String, path: String)]

    public init(files: [(symbol: String, path: String)]) { self.files = files }

    public var description: String { "files \(files.map(\.path).joined(separator: ", "))" }

    public func load(symbols: [String], options: CSVLoadOptions) throws -> [(bars: BarSeries, dropped: Int)] {
        try symbols.map { symbol in
            guard let file = files.first(where: { $0.symbol == symbol }) else {
                throw MarketDataError(file: "", reason: "data.files has no file for symbol \(symbol)",
                                      hint: "add a {symbol: \(symbol), path: …} entry or drop the symbol")
            }
            let (bars, bad) = try CSVBarLoader(options: options).loadWithReport(path: file.path, symbol: symbol)
            return (bars, bad.count)
        }
    }
}

/// A seeded synthetic market (``SyntheticMarket``): the same seed, the same bars.
public struct SyntheticBarSource: BarSource {
    public var config: SyntheticMarketConfig

    public init(config: SyntheticMarketConfig) { self.config = config }

    public var description: String { "synthetic market (seed \(config.seed))" }

    public func load(symbols: [String], options: CSVLoadOptions) throws -> [(bars: BarSeries, dropped: Int)] {
        var config = self.config
        config.symbols = symbols
        return try SyntheticMarket.generate(config).series.map { ($0, 0) }
    }
}
