import ADMFTestSupport
import Foundation
import Testing
import Indicators

/// Every indicator against TA-Lib's numbers for the same bundled data
/// (`Tests/Fixtures/indicators/*.json`, written by `Tests/Fixtures/generate_indicators.py`).
@Suite("Indicators agree with TA-Lib")
struct TALibFixtureTests {
    static let datasets = ["aapl_daily", "ibm_daily"]

    struct Loaded {
        var market: MarketCSV
        var series: [String: Any]
        var fixture: [String: Any]
    }

    static func load(_ dataset: String) throws -> Loaded {
        let fixture = try Fixtures.object("indicators/\(dataset).json")
        let firstRow = (fixture["first_row"] as? NSNumber)?.intValue ?? 0
        let source = try #require(fixture["source"] as? String)
        let market = try MarketCSV.load(source, firstRow: firstRow)
        let series = try #require(fixture["series"] as? [String: Any])
        return Loaded(market: market, series: series, fixture: fixture)
    }

    @Test("every fixture series matches to 1e-9 relative", arguments: datasets)
    func seriesMatch(dataset: String) throws {
        let loaded = try Self.load(dataset)
        let rows = (loaded.fixture["rows"] as? NSNumber)?.intValue
        #expect(rows == loaded.market.close.count, "fixture rows vs CSV rows")
        let ours = ReferenceSeries.compute(loaded.market)
        #expect(loaded.series.count >= 60, "fixture unexpectedly small: \(loaded.series.count) series")
        for name in loaded.series.keys.sorted() {
            let expected = try #require(Fixtures.doubles(loaded.series[name]), "fixture \(name)")
            guard let actual = ours[name] else {
                Issue.record("\(dataset): no Swift computation for fixture series '\(name)'")
                continue
            }
            #expect(Tolerance.firstMismatch(actual, expected, relative: 1e-9, label: "\(dataset) \(name)") == nil)
            if ProcessInfo.processInfo.environment["INDICATORS_REPORT"] != nil {
                // INDICATORS_REPORT=1 swift test --filter TALibFixtureTests: how close each series is.
                print("\(dataset) \(name): max relative difference \(ReferenceSeries.maxRelativeError(actual, expected))")
            }
        }
        for name in ours.keys.sorted() where loaded.series[name] == nil {
            Issue.record("\(dataset): series '\(name)' has no fixture")
        }
    }

    @Test("session starts derived from the CSV match the generator's", arguments: datasets)
    func sessionStarts(dataset: String) throws {
        let loaded = try Self.load(dataset)
        let expected = try #require(Fixtures.doubles(loaded.fixture["session_start"]))
        #expect(loaded.market.monthStarts.map { $0 ? 1.0 : 0.0 } == expected)
    }

    @Test("warm-up NaNs sit exactly where TA-Lib puts them", arguments: datasets)
    func warmUpLengths(dataset: String) throws {
        let loaded = try Self.load(dataset)
        let expectedLeadingNaNs: [String: Int] = [
            "sma_20": 19, "ema_26": 25, "wma_30": 29, "dema_30": 58, "tema_30": 87,
            "rsi_14": 14, "atr_14": 14, "trange": 1, "bbands_20_2_upper": 19,
            "macd_12_26_9_macd": 33, "macd_12_26_9_signal": 33, "roc_10": 10, "mom_10": 10,
            "stddev_20": 19, "stoch_14_3_3_k": 17, "stoch_14_3_3_d": 17, "willr_14": 13,
            "cci_20": 19, "adx_14": 27, "obv": 0, "donchian_20_upper": 20,
            "keltner_20_2_middle": 19, "keltner_20_2_upper": 20, "vwap_20": 19,
            "ema_9_of_rsi_14": 22,
        ]
        let ours = ReferenceSeries.compute(loaded.market)
        for (name, lookback) in expectedLeadingNaNs.sorted(by: { $0.key < $1.key }) {
            let expected = try #require(Fixtures.doubles(loaded.series[name]), "fixture \(name)")
            let actual = try #require(ours[name])
            #expect(expected.prefix(while: \.isNaN).count == lookback, "TA-Lib lookback of \(name)")
            #expect(actual.prefix(while: \.isNaN).count == lookback, "our lookback of \(name)")
        }
    }
}
