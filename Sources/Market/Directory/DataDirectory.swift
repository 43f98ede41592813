import Collections
import Foundation

/// A folder of CSV bar files, found by symbol and timeframe.
///
/// File names are `SYMBOL.csv` or `SYMBOL_TIMEFRAME[_ANYTHING].csv`, in any letter
/// case: `SPY.csv`, `SPY_daily.csv`, `spy_1d.csv`, `SPY_5m.csv`,
/// `msft_daily_1986_2017.csv`. The timeframe part is read by ``Timeframe`` (so
/// `1d`/`daily`/`1day`, `5m`/`5min`, `1h`/`hourly`/`60m` are the same); text after
/// it is a free qualifier. A symbol may itself contain `_` (`BRK_B_daily.csv`).
///
/// How a request is resolved, among the files named for the symbol:
///
/// - **timeframe given**: the one file with exactly that timeframe and no qualifier;
///   failing that, the one with that timeframe and a qualifier; failing that, a bare
///   `SYMBOL.csv` when it is the symbol's only file. Two equally good files are ambiguous.
/// - **no timeframe**: the symbol's only file; or, of several, the only one without
///   a qualifier (so `msft_daily.csv` is preferred to `msft_daily_1986_2017.csv`).
///   Several timeframes with no timeframe asked for are ambiguous.
///
/// Missing and ambiguous requests throw a ``MarketDataError`` that lists what is there.
///
/// ```swift
/// let data = DataDirectory(path: "data")
/// let path = try data.resolve(symbol: "spy", timeframe: "5min")   // "data/SPY_5m.csv"
/// let bars = try data.load(symbol: "AAPL", timeframe: "1d",
///                          start: Timestamps.parseDate("2010-01-01"), end: nil)
/// ```
public struct DataDirectory: Sendable {
    /// The folder, as given.
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// One CSV file in the folder, as it matches a symbol.
    struct Candidate {
        var name: String
        var timeframe: Timeframe?
        var qualifier: String?

        /// `"SPY_5m.csv (5m)"`.
        var label: String {
            timeframe.map { "\(name) (\($0))" } ?? name
        }
    }

    /// The path of the file for `symbol` at `timeframe` (any alias), by the rules above.
    public func resolve(symbol: String, timeframe: String?) throws -> String {
        try resolveTyped(symbol: symbol, timeframe: timeframe)
    }

    /// The bars of `symbol` at `timeframe`, limited to `[start, end]` (inclusive, either optional).
    ///
    /// The series' symbol is `symbol` upper-cased. An empty result (a range outside
    /// the file's) is an error that says which range the file covers.
    public func load(
        symbol: String, timeframe: String?, start: Int64?, end: Int64?, options: CSVLoadOptions = .init()
    ) throws -> BarSeries {
        try loadTyped(symbol: symbol, timeframe: timeframe, start: start, end: end, options: options)
    }

    func loadTyped(
        symbol: String, timeframe: String?, start: Int64?, end: Int64?, options: CSVLoadOptions
    ) throws(MarketDataError) -> BarSeries {
        if let start, let end, start > end {
            throw MarketDataError(
                file: path,
                reason: "start \(Timestamps.format(start)) is after end \(Timestamps.format(end))",
                hint: "swap the dates")
        }
        let file = try resolveTyped(symbol: symbol, timeframe: timeframe)
        let bars = try CSVBarLoader(options: options).loadTyped(path: file, symbol: symbol.uppercased()).bars
        let sliced = bars.slice(from: start, to: end)
        if sliced.isEmpty, let first = bars.timestamps.first, let last = bars.timestamps.last {
            let range = "\(start.map(Timestamps.format) ?? "the start") to \(end.map(Timestamps.format) ?? "the end")"
            throw MarketDataError(
                file: file,
                reason: "no bars from \(range); the file covers \(Timestamps.format(first)) to \(Timestamps.format(last))",
                hint: "choose dates inside the file's range")
        }
        return sliced
    }

    func resolveTyped(symbol: String, timeframe: String?) throws(MarketDataError) -> String {
        let wanted: Timeframe?
        if let timeframe {
            guard let parsed = Timeframe(timeframe) else {
                throw MarketDataError(
                    file: path, field: "timeframe", reason: "unknown timeframe '\(timeframe)'",
                    hint: "use e.g. 1m, 5m, 15m, 1h, 1d, 1w or 1mo")
            }
            wanted = parsed
        } else {
            wanted = nil
        }
        let names = try csvFileNames()
        let candidates = Self.candidates(for: symbol, in: names)
        let upper = symbol.uppercased()

        func pick(_ found: [Candidate], _ what: String) throws(MarketDataError) -> String? {
            if found.count == 1 { return join(found[0].name) }
            if found.count > 1 {
                throw MarketDataError(
                    file: path, reason: "\(what) is ambiguous: \(found.map(\.label).joined(separator: ", "))",
                    hint: "remove or rename all but one, or name the file directly")
            }
            return nil
        }

        if let wanted {
            let same = candidates.filter { $0.timeframe == wanted }
            if let hit = try pick(same.filter { $0.qualifier == nil }, "\(upper) \(wanted)") { return hit }
            if let hit = try pick(same, "\(upper) \(wanted)") { return hit }
            if candidates.count == 1, candidates[0].timeframe == nil, candidates[0].qualifier == nil {
                return join(candidates[0].name)
            }
            if candidates.isEmpty { throw missingSymbol(upper, names: names) }
            throw MarketDataError(
                file: path,
                reason: "no \(wanted) file for \(upper); found: \(candidates.map(\.label).joined(separator: ", "))",
                hint: "ask for one of those timeframes, or add \(upper)_\(wanted).csv")
        }
        if candidates.isEmpty { throw missingSymbol(upper, names: names) }
        if candidates.count == 1 { return join(candidates[0].name) }
        let plain = candidates.filter { $0.qualifier == nil }
        if plain.count == 1 { return join(plain[0].name) }
        throw MarketDataError(
            file: path,
            reason: "several files for \(upper) and no timeframe given: \(candidates.map(\.label).joined(separator: ", "))",
            hint: "pass a timeframe such as \(candidates.compactMap(\.timeframe).first?.description ?? "1d")")
    }

    /// Every symbol in the folder with its timeframes, sorted: `["AAPL (1d)", "SPY (1m, 5m)"]`.
    public func availableSymbols() throws -> [String] {
        try Self.describeSymbols(csvFileNames())
    }

    /// The CSV files of the folder, sorted by name (byte order, so the result never depends on the file system).
    func csvFileNames() throws(MarketDataError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw MarketDataError(
                file: path,
                reason: exists && !isDirectory.boolValue ? "is not a directory" : "cannot list directory: it does not exist or cannot be read",
                hint: "pass the folder that holds the CSV files")
        }
        return names.filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The files named for `symbol` (case-insensitive), with their timeframe and qualifier.
    static func candidates(for symbol: String, in names: [String]) -> [Candidate] {
        let wanted = symbol.lowercased()
        var found: [Candidate] = []
        for name in names {
            let stem = String(name.dropLast(4)).lowercased()
            if stem == wanted {
                found.append(Candidate(name: name, timeframe: nil, qualifier: nil))
            } else if stem.hasPrefix(wanted + "_") {
                let rest = String(stem.dropFirst(wanted.count + 1))
                let (timeframe, qualifier) = parseSuffix(rest)
                found.append(Candidate(name: name, timeframe: timeframe, qualifier: qualifier))
            }
        }
        return found
    }

    /// `"5m"` → (5m, nil); `"daily_1986_2017"` → (1d, "1986_2017"); `"clean"` → (nil, "clean").
    static func parseSuffix(_ rest: String) -> (Timeframe?, String?) {
        if let whole = Timeframe(rest), !rest.contains("_") { return (whole, nil) }
        let parts = rest.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        if let head = parts.first, let timeframe = Timeframe(String(head)) {
            return (timeframe, parts.count > 1 ? String(parts[1]) : nil)
        }
        return (nil, rest.isEmpty ? nil : rest)
    }

    /// `["AAPL (1d)", "SPY (1m, 5m)"]` from file names, symbol taken up to the first `_`.
    static func describeSymbols(_ names: [String]) -> [String] {
        var bySymbol = OrderedDictionary<String, [String]>()
        for name in names {
            let stem = String(name.dropLast(4))
            let parts = stem.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
            let symbol = (parts.first.map(String.init) ?? stem).uppercased()
            var labels = bySymbol[symbol] ?? []
            if parts.count > 1 {
                let (timeframe, qualifier) = parseSuffix(String(parts[1]))
                let label = [timeframe?.description, qualifier].compactMap { $0 }.joined(separator: " ")
                labels.append(label.isEmpty ? "?" : label)
            } else {
                labels.append("no timeframe")
            }
            bySymbol[symbol] = labels
        }
        bySymbol.sort { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        return bySymbol.map { "\($0.key) (\($0.value.joined(separator: ", ")))" }
    }

    private func missingSymbol(_ symbol: String, names: [String]) -> MarketDataError {
        let symbols = Self.describeSymbols(names)
        let limit = 30
        var listing = symbols.prefix(limit).joined(separator: ", ")
        if symbols.count > limit { listing += ", and \(symbols.count - limit) more" }
        var hint = "add \(symbol)_1d.csv (or another timeframe) to the folder, or choose another symbol"
        if let standIn = SymbolStandIn.known.first(where: { $0.symbol == symbol.uppercased() }),
           !Self.candidates(for: standIn.standIn, in: names).isEmpty {
            hint = "\(standIn.why); to use \(standIn.standIn)'s bars for \(symbol) add aliases: {\(symbol): \(standIn.standIn)} to data"
        }
        return MarketDataError(
            file: path,
            reason: symbols.isEmpty
                ? "no file for \(symbol): the folder has no CSV files"
                : "no file for \(symbol); available: \(listing)",
            hint: hint)
    }

    private func join(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }
}
