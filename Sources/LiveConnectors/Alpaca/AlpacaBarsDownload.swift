import Foundation
import Live
import Market
import NIOCore
import NIOPosix
import Signals

/// Historical bars from Alpaca's Market Data API v2 (`GET /v2/stocks/{symbol}/bars`,
/// https://docs.alpaca.markets/reference/stockbars), written to a data folder in ADMF's CSV
/// format (`timestamp,open,high,low,close,volume`; daily bars as dates) with a provenance
/// sidecar — the same account as the live feed and broker.
///
/// - **Paginated**: `limit` bars a page, following `next_page_token` until it is null.
/// - **Rate-limited**: at least `minInterval` seconds between requests (Alpaca allows 200 a
///   minute), and `429` answers retried after `Retry-After` (``AlpacaRESTClient``).
/// - **Resumable**: each page is appended to `<file>.partial` and the token to continue from,
///   with the partial file's length, is written (by rename) to `<file>.partial.json`; a killed
///   download run again truncates the partial file to that length and continues from the token,
///   so no page is fetched or written twice. The finished file replaces any earlier one by rename.
/// - **Credentials** come from ``AlpacaCredentials`` (environment); never written anywhere.
public struct AlpacaBarsDownload: Sendable {
    public static let dataURL = "https://data.alpaca.markets"

    public var symbols: [String]
    /// Alpaca's timeframe, e.g. `1Day`, `1Hour`, `15Min`, `1Min`.
    public var timeframe: String
    /// RFC 3339 or a date, as Alpaca accepts them.
    public var start: String
    public var end: String
    /// `raw` (default), `split`, `dividend` or `all`.
    public var adjustment: String
    /// `iex` (free plans) or `sip`; nil: the account's default.
    public var feed: String?
    /// Bars a page (1…10,000).
    public var pageLimit: Int
    public var minInterval: Double

    public init(symbols: [String], timeframe: String = "1Day", start: String, end: String, adjustment: String = "raw",
                feed: String? = nil, pageLimit: Int = 10_000, minInterval: Double = 0.3) {
        self.symbols = symbols
        self.timeframe = timeframe
        self.start = start
        self.end = end
        self.adjustment = adjustment
        self.feed = feed
        self.pageLimit = min(max(pageLimit, 1), 10_000)
        self.minInterval = max(0, minInterval)
    }

    /// What was written for one symbol.
    public struct Report: Sendable, Equatable {
        public var symbol: String
        public var path: String
        public var rows: Int
        public var pages: Int
        /// Whether an interrupted download was continued.
        public var resumed: Bool
    }

    /// `SPY_daily.csv` for daily bars, else `SPY_<timeframe>.csv` (e.g. `SPY_15min.csv`).
    public func fileName(_ symbol: String) -> String {
        let daily = ["1day", "day", "1d"].contains(timeframe.lowercased())
        return "\(symbol)_\(daily ? "daily" : timeframe.lowercased()).csv"
    }

    /// Downloads every symbol into `directory`.
    public func run(credentials: AlpacaCredentials, baseURL: String = AlpacaBarsDownload.dataURL, directory: String,
                    requestTimeout: Double = 30, maxAttempts: Int = 6, initialBackoff: Double = 1,
                    progress: (String) -> Void = { _ in }) throws -> [Report] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let client = AlpacaRESTClient(baseURL: baseURL, credentials: credentials, requestTimeout: requestTimeout,
                                      maxAttempts: maxAttempts, initialBackoff: initialBackoff,
                                      group: MultiThreadedEventLoopGroup.singleton)
        var last = Date.distantPast
        return try symbols.map { symbol in
            try download(symbol, client: client, directory: directory, progress: progress, pace: {
                let wait = minInterval - Date().timeIntervalSince(last)
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                last = Date()
            })
        }
    }

    private func download(_ symbol: String, client: AlpacaRESTClient, directory: String, progress: (String) -> Void,
                          pace: () -> Void) throws -> Report {
        let final = URL(fileURLWithPath: directory).appendingPathComponent(fileName(symbol)).path
        let partial = final + ".partial", state = final + ".partial.json"
        let identity = "\(symbol)|\(timeframe)|\(start)|\(end)|\(adjustment)|\(feed ?? "")"
        var token: String?
        var pages = 0, rows = 0
        var resumed = false
        // an interrupted download of the same request continues where its last page ended
        if let saved = FileManager.default.contents(atPath: state),
           let json = try? JSONSerialization.jsonObject(with: saved) as? [String: Any], json["request"] as? String == identity,
           let length = json["bytes"] as? Int, let handle = FileHandle(forUpdatingAtPath: partial) {
            try handle.truncate(atOffset: UInt64(length))
            try handle.close()
            token = json["next_page_token"] as? String
            pages = json["pages"] as? Int ?? 0
            rows = json["rows"] as? Int ?? 0
            resumed = true
            progress("\(symbol): resuming after \(pages) page(s), \(rows) bars")
        } else {
            try Data("timestamp,open,high,low,close,volume\n".utf8).write(to: URL(fileURLWithPath: partial))
        }
        let path = "/v2/stocks/\(AlpacaRESTClient.encode(symbol))/bars"
        var lastTimestamp: String?
        repeat {
            var query = [("timeframe", timeframe), ("start", start), ("end", end), ("limit", String(pageLimit)),
                         ("adjustment", adjustment)]
            if let feed { query.append(("feed", feed)) }
            if let token { query.append(("page_token", token)) }
            pace()
            let response = try client.send("GET", path, query: query)
            guard response.status == 200 else { throw client.error(response, "GET", path) }
            guard let body = try client.json(response, "GET", path) as? [String: Any] else {
                throw LiveError("Alpaca GET \(path): the answer is not a JSON object")
            }
            let bars = body["bars"] as? [[String: Any]] ?? []
            var text = ""
            for bar in bars {
                guard let time = bar["t"] as? String, let open = Self.number(bar["o"]), let high = Self.number(bar["h"]),
                      let low = Self.number(bar["l"]), let close = Self.number(bar["c"]), let volume = Self.number(bar["v"]) else {
                    throw LiveError("Alpaca GET \(path): a bar without t, o, h, l, c or v: \(bar.keys.sorted())")
                }
                let stamp = fileName(symbol).hasSuffix("_daily.csv") ? String(time.prefix(10)) : time
                if let lastTimestamp, stamp <= lastTimestamp {
                    throw LiveError("Alpaca GET \(path): bars out of order at \(stamp) (after \(lastTimestamp))")
                }
                lastTimestamp = stamp
                text += ([stamp] + [open, high, low, close, volume].map(CSVBarWriter.number)).joined(separator: ",") + "\n"
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
            let length = try handle.offset()
            try handle.close()
            pages += 1
            rows += bars.count
            token = (body["next_page_token"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            let saved: [String: Any] = ["request": identity, "next_page_token": token ?? NSNull(), "bytes": Int(length),
                                        "pages": pages, "rows": rows]
            try Self.atomicWrite(try JSONSerialization.data(withJSONObject: saved, options: [.sortedKeys]), to: state)
            progress("\(symbol): page \(pages), \(rows) bars")
        } while token != nil
        guard rows > 0 else {
            throw LiveError("Alpaca returned no \(timeframe) bars for \(symbol) between \(start) and \(end)",
                            hint: "check the symbol, the dates and the feed (free plans: --feed iex)")
        }
        let content = try Data(contentsOf: URL(fileURLWithPath: partial))
        let provenance: [String: Any] = [
            "vendor": "Alpaca Market Data API v2", "endpoint": "GET \(path)", "timeframe": timeframe, "start": start, "end": end,
            "adjustment": adjustment, "feed": feed ?? "account default", "rows": rows, "pages": pages,
            "sha256": SHA256.hex([UInt8](content)), "fetched_at": ISO8601DateFormatter().string(from: Date()),
        ]
        try Self.atomicWrite(try JSONSerialization.data(withJSONObject: provenance, options: [.sortedKeys, .prettyPrinted]),
                             to: final + ".provenance.json")
        try Self.replace(final, with: partial)
        try? FileManager.default.removeItem(atPath: state)
        return Report(symbol: symbol, path: final, rows: rows, pages: pages, resumed: resumed)
    }

    /// `rename(2)`: `path` becomes `source`'s file in one step, whatever was there.
    static func replace(_ path: String, with source: String) throws {
        guard rename(source, path) == 0 else {
            throw LiveError("cannot write \(path): \(String(cString: strerror(errno)))", hint: "check the folder is writable")
        }
    }

    static func number(_ value: Any?) -> Double? {
        guard let number = (value as? NSNumber)?.doubleValue, number.isFinite else { return nil }
        return number
    }

    static func atomicWrite(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        try data.write(to: URL(fileURLWithPath: temporary))
        try replace(path, with: temporary)
    }
}
