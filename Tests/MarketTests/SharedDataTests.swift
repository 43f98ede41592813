import Market
import Testing

/// Checks against the larger real files in the shared data folder; skipped where it is absent.
@Suite struct SharedDataTests {
    @Test(.enabled(if: MarketTestSupport.hasSharedData("spy_1m.csv")))
    func spyOneMinute() throws {
        let path = try #require(MarketTestSupport.sharedData("spy_1m.csv"))
        let bars = try CSVBarLoader().load(path: path)
        #expect(bars.symbol == "SPY")
        #expect(bars.count == 102_236)
        #expect(bars.timestamps.first.map(Timestamps.format) == "2024-03-26T13:30:00Z")
        #expect(bars.timestamps.last.map(Timestamps.format) == "2025-04-02T19:23:00Z")
        let spacing = BarSpacing.infer(timestamps: bars.timestamps)
        #expect(spacing.kind == .intraday)
        #expect(spacing.medianSeconds == 60)
        #expect(spacing.barsPerSession >= 389 && spacing.barsPerSession <= 391)
        #expect(spacing.periodsPerYear == 252 * spacing.barsPerSession)
    }

    @Test(.enabled(if: MarketTestSupport.hasSharedData("spy_5m.csv")))
    func spyFiveMinute() throws {
        let bars = try CSVBarLoader().load(path: try #require(MarketTestSupport.sharedData("spy_5m.csv")))
        #expect(bars.count == 20_769)
        let spacing = BarSpacing.infer(timestamps: bars.timestamps)
        #expect(spacing.kind == .intraday)
        #expect(spacing.medianSeconds == 300)
        #expect(spacing.barsPerSession >= 78 && spacing.barsPerSession <= 79)
    }

    @Test(.enabled(if: MarketTestSupport.hasSharedData("eurusd_hourly.csv")))
    func eurusdHourly() throws {
        let path = try #require(MarketTestSupport.sharedData("eurusd_hourly.csv"))
        let bars = try CSVBarLoader().load(path: path)
        #expect(bars.count == 5_000)
        let spacing = BarSpacing.infer(timestamps: bars.timestamps)
        #expect(spacing.kind == .intraday)
        #expect(spacing.medianSeconds == 3600)
        #expect(spacing.barsPerSession == 24)
        #expect(!spacing.hasWeekendBars)
        // Weekend breaks (2 days + 1 hour) are not gaps.
        let report = try DataInspector.inspect(path: path)
        #expect(report.problems.isEmpty)
        #expect(report.gaps.allSatisfy { $0.seconds != 176_400 })
    }

    @Test(.enabled(if: MarketTestSupport.hasSharedData("btcusd_monthly.csv")))
    func btcMonthly() throws {
        let bars = try CSVBarLoader().load(path: try #require(MarketTestSupport.sharedData("btcusd_monthly.csv")))
        #expect(bars.count == 156)
        let spacing = BarSpacing.infer(timestamps: bars.timestamps)
        #expect(spacing.kind == .monthly)
        #expect(spacing.periodsPerYear == 12)
    }

    @Test(.enabled(if: MarketTestSupport.hasSharedData("manifest.json")))
    func everySharedFileLoadsCleanly() throws {
        let names = [
            "aapl_daily.csv", "btcusd_monthly.csv", "eurusd_hourly.csv", "goog_daily.csv", "ibm_daily.csv",
            "msft_daily.csv", "msft_daily_1986_2017.csv", "nasdaq_daily.csv", "sp500_daily.csv", "spy_15m.csv",
            "spy_1m.csv", "spy_5m.csv", "vix_daily.csv", "wti_daily.csv",
        ]
        for name in names {
            guard let path = MarketTestSupport.sharedData(name) else { continue }
            let report = try DataInspector.inspect(path: path)
            #expect(report.problems.isEmpty, "\(name): \(report.problems.prefix(3))")
            #expect(report.validRows == report.rows, "\(name)")
            let expectedKind: BarSpacing.Kind =
                name.contains("daily") ? .daily : name.contains("monthly") ? .monthly : .intraday
            #expect(report.spacing.kind == expectedKind, "\(name)")
        }
    }
}
