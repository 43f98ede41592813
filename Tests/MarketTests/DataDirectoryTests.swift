import Foundation
import Market
import Testing

@Suite struct DataDirectoryTests {
    static let row = "2020-01-02,10,11,9,10.5,1000\n2020-01-03,10,11,9,10.5,1000\n2020-01-06,10,11,9,10.5,1000\n"

    /// A folder with several symbols and naming styles.
    private func makeFolder(_ names: [String]) throws -> String {
        let directory = try MarketTestSupport.write("", name: "placeholder.txt")
        let folder = (directory as NSString).deletingLastPathComponent
        for name in names {
            try Data((MarketTestSupport.header + "\n" + Self.row).utf8)
                .write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return folder
    }

    static let names = [
        "SPY_daily.csv", "spy_5m.csv", "SPY_1h.csv", "aapl.csv", "msft_daily.csv", "msft_daily_1986_2017.csv",
        "QQQ_5min.csv", "QQQ_5m.csv", "BRK_B_1d.csv", "notes.txt",
    ]

    @Test(arguments: [
        ("spy", "1d", "SPY_daily.csv"), ("SPY", "daily", "SPY_daily.csv"), ("Spy", "1day", "SPY_daily.csv"),
        ("SPY", "5m", "spy_5m.csv"), ("spy", "5min", "spy_5m.csv"), ("SPY", "1h", "SPY_1h.csv"),
        ("SPY", "hourly", "SPY_1h.csv"), ("SPY", "60m", "SPY_1h.csv"), ("aapl", nil, "aapl.csv"),
        ("AAPL", "1d", "aapl.csv"), ("msft", nil, "msft_daily.csv"), ("MSFT", "1d", "msft_daily.csv"),
        ("msft_daily_1986_2017", nil, "msft_daily_1986_2017.csv"), ("brk_b", "daily", "BRK_B_1d.csv"),
    ] as [(String, String?, String)])
    func resolves(symbol: String, timeframe: String?, expected: String) throws {
        let folder = try makeFolder(Self.names)
        let path = try DataDirectory(path: folder).resolve(symbol: symbol, timeframe: timeframe)
        #expect(path == folder + "/" + expected)
    }

    private func resolveError(_ symbol: String, _ timeframe: String?, in folder: String) -> MarketDataError? {
        do {
            _ = try DataDirectory(path: folder).resolve(symbol: symbol, timeframe: timeframe)
            return nil
        } catch {
            return error as? MarketDataError
        }
    }

    @Test func ambiguousWithoutTimeframeListsTheFiles() throws {
        let folder = try makeFolder(Self.names)
        let error = resolveError("spy", nil, in: folder)
        #expect(error?.file == folder)
        #expect(
            error?.reason
                == "several files for SPY and no timeframe given: SPY_1h.csv (1h), SPY_daily.csv (1d), spy_5m.csv (5m)")
        #expect(error?.hint?.contains("pass a timeframe") == true)
    }

    @Test func ambiguousSameTimeframe() throws {
        let folder = try makeFolder(Self.names)
        let error = resolveError("QQQ", "5m", in: folder)
        #expect(error?.reason == "QQQ 5m is ambiguous: QQQ_5m.csv (5m), QQQ_5min.csv (5m)")
    }

    @Test func missingTimeframeListsWhatIsThere() throws {
        let folder = try makeFolder(Self.names)
        let error = resolveError("SPY", "15m", in: folder)
        #expect(error?.reason == "no 15m file for SPY; found: SPY_1h.csv (1h), SPY_daily.csv (1d), spy_5m.csv (5m)")
    }

    @Test func missingSymbolListsSymbols() throws {
        let folder = try makeFolder(Self.names)
        let error = resolveError("XYZ", nil, in: folder)
        #expect(
            error?.reason
                == "no file for XYZ; available: AAPL (no timeframe), BRK (B_1d), MSFT (1d, 1d 1986_2017), QQQ (5m, 5m), SPY (1h, 1d, 5m)"
        )
        #expect(try DataDirectory(path: folder).availableSymbols().first == "AAPL (no timeframe)")
    }

    @Test func unknownTimeframeAndMissingFolder() throws {
        let folder = try makeFolder(Self.names)
        #expect(resolveError("SPY", "5x", in: folder)?.reason == "unknown timeframe '5x'")
        #expect(resolveError("SPY", nil, in: folder + "/nope")?.reason.hasPrefix("cannot list directory") == true)
        let empty = try makeFolder([])
        #expect(resolveError("SPY", nil, in: empty)?.reason == "no file for SPY: the folder has no CSV files")
    }

    @Test func loadsWithDateRange() throws {
        let folder = try makeFolder(Self.names)
        let directory = DataDirectory(path: folder)
        let all = try directory.load(symbol: "spy", timeframe: "1d", start: nil, end: nil)
        #expect(all.symbol == "SPY")
        #expect(all.count == 3)
        let some = try directory.load(
            symbol: "spy", timeframe: "1d", start: MarketTestSupport.time("2020-01-03"), end: nil)
        #expect(some.timestamps == [MarketTestSupport.time("2020-01-03"), MarketTestSupport.time("2020-01-06")])
        let inclusive = try directory.load(
            symbol: "spy", timeframe: "1d", start: nil, end: MarketTestSupport.time("2020-01-03"))
        #expect(inclusive.count == 2)
        do {
            _ = try directory.load(symbol: "spy", timeframe: "1d", start: MarketTestSupport.time("2021-01-01"), end: nil)
            Issue.record("expected an error")
        } catch let error as MarketDataError {
            #expect(error.reason == "no bars from 2021-01-01 to the end; the file covers 2020-01-02 to 2020-01-06")
        }
        #expect(throws: MarketDataError.self) {
            try directory.load(
                symbol: "spy", timeframe: "1d", start: MarketTestSupport.time("2020-02-01"),
                end: MarketTestSupport.time("2020-01-01"))
        }
    }

    @Test func timeframeAliases() {
        #expect(Timeframe("1d") == Timeframe("daily"))
        #expect(Timeframe("1DAY") == Timeframe("D"))
        #expect(Timeframe("5m") == Timeframe("5min"))
        #expect(Timeframe("1h") == Timeframe("hourly"))
        #expect(Timeframe("60m") == Timeframe("1h"))
        #expect(Timeframe("24h")?.description == "1d")
        #expect(Timeframe("weekly")?.description == "1w")
        #expect(Timeframe("monthly")?.description == "1mo")
        #expect(Timeframe("15 min")?.description == "15m")
        #expect(Timeframe("0m") == nil)
        #expect(Timeframe("fortnight") == nil)
        #expect(Timeframe("") == nil)
    }
}
