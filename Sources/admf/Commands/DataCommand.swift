import ArgumentParser
import Foundation
import LiveConnectors
import Market

/// `admf data …`: look at market data files.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Inspect market data, or download it.", subcommands: [Inspect.self, Fetch.self])

    /// `admf data fetch SYMBOL… --start --end`: historical bars from Alpaca's Market Data API.
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download historical bars from Alpaca's Market Data API v2 into a data folder (CSV + provenance sidecar).",
            discussion: """
                Credentials from APCA_API_KEY_ID and APCA_API_SECRET_KEY (never written anywhere). Paginated, \
                rate-limited (--min-interval between requests; 429 answers retried after Retry-After) and \
                resumable: run the same command again after an interruption and it continues from its last page.
                """)

        @Argument(help: "Symbols, e.g. SPY QQQ.")
        var symbols: [String]

        @Option(help: "First date (YYYY-MM-DD or RFC 3339).") var start: String
        @Option(help: "Last date (YYYY-MM-DD or RFC 3339).") var end: String
        @Option(help: "Alpaca timeframe: 1Day, 1Hour, 15Min, 5Min, 1Min.") var timeframe = "1Day"
        @Option(help: "Price adjustment: raw, split, dividend or all.") var adjustment = "raw"
        @Option(help: "Data feed: iex (free plans) or sip; default: the account's.") var feed: String?
        @Option(help: "The folder to write <SYMBOL>_daily.csv (or _<timeframe>.csv) into.") var out = "data"
        @Option(help: "Seconds between requests (Alpaca allows 200 a minute).") var minInterval = 0.3
        @Option(help: "The Market Data API's base URL.") var baseURL = AlpacaBarsDownload.dataURL

        func validate() throws {
            guard Timestamps.parseDate(start) != nil, Timestamps.parseDate(end) != nil else {
                throw ValidationError("--start and --end must be dates (YYYY-MM-DD) or RFC 3339 times")
            }
            guard ["raw", "split", "dividend", "all"].contains(adjustment) else {
                throw ValidationError("--adjustment must be raw, split, dividend or all, got \(adjustment)")
            }
            guard timeframe.range(of: #"^[0-9]+(Min|Hour|Day|Week|Month)$"#, options: .regularExpression) != nil else {
                throw ValidationError("--timeframe must look like 1Day, 1Hour, 15Min (Alpaca's form), got \(timeframe)")
            }
            guard symbols.allSatisfy({ $0.range(of: #"^[A-Za-z0-9.\-]+$"#, options: .regularExpression) != nil }) else {
                throw ValidationError("symbols are letters, digits, '.' or '-'")
            }
            guard minInterval >= 0, minInterval.isFinite else { throw ValidationError("--min-interval must be 0 or more seconds") }
        }

        func run() throws {
            guard let credentials = AlpacaCredentials() else {
                throw ValidationError("set \(AlpacaCredentials.keyIDVariable) and \(AlpacaCredentials.secretKeyVariable) (an Alpaca key pair) to download bars")
            }
            let download = AlpacaBarsDownload(symbols: symbols.map { $0.uppercased() }, timeframe: timeframe, start: start, end: end,
                                              adjustment: adjustment, feed: feed, minInterval: minInterval)
            let reports = try download.run(credentials: credentials, baseURL: baseURL, directory: out) { line in
                FileHandle.standardError.write(Data("admf: \(line)\n".utf8))
            }
            for report in reports {
                emit("\(report.symbol): \(report.rows) bars in \(report.pages) page(s)\(report.resumed ? " (resumed)" : "") → \(report.path)")
            }
        }
    }

    /// `admf data inspect FILE`: rows, date range, bar spacing, gaps and every problem found.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report rows, date range, bar spacing, gaps and every problem in a CSV file.")

        @Argument(help: "CSV file with timestamp,open,high,low,close[,volume] columns.")
        var file: String

        func run() throws {
            let inspection = try DataInspector.inspect(path: file)
            emit(inspection.render())
            if !inspection.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
