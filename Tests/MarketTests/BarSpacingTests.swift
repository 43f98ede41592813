import ADMFTestSupport
import Market
import Testing

@Suite struct BarSpacingTests {
    /// Weekday dates from 2020-01-06 (a Monday), `count` of them.
    static func weekdays(_ count: Int, from start: Int64 = 1_578_268_800) -> [Int64] {
        var result: [Int64] = []
        var day = start
        while result.count < count {
            let weekday = ((day / 86_400) + 4) % 7  // 0 = Sunday
            if weekday != 0, weekday != 6 { result.append(day) }
            day += 86_400
        }
        return result
    }

    /// Regular-session intraday bars (13:30–20:00 UTC) on `days` weekdays, `step` seconds apart.
    static func session(days: Int, step: Int64) -> [Int64] {
        weekdays(days).flatMap { day in
            stride(from: day + 13 * 3600 + 1800, to: day + 20 * 3600, by: Int(step)).map { $0 }
        }
    }

    @Test func daily() {
        let spacing = BarSpacing.infer(timestamps: Self.weekdays(300))
        #expect(spacing.kind == .daily)
        #expect(spacing.medianSeconds == 86_400)
        #expect(spacing.periodsPerYear == 252)
        #expect(spacing.barsPerSession == 1)
        #expect(!spacing.hasWeekendBars)
        #expect(spacing.description == "daily (median 1d, 252 periods/year)")
    }

    @Test func dailyWithWeekendBarsIs365() {
        let spacing = BarSpacing.infer(timestamps: (0..<400).map { 1_577_836_800 + Int64($0) * 86_400 })
        #expect(spacing.kind == .daily)
        #expect(spacing.hasWeekendBars)
        #expect(spacing.periodsPerYear == 365)
    }

    @Test func oneMinute() {
        let spacing = BarSpacing.infer(timestamps: Self.session(days: 20, step: 60))
        #expect(spacing.kind == .intraday)
        #expect(spacing.medianSeconds == 60)
        #expect(spacing.barsPerSession == 390)
        #expect(spacing.periodsPerYear == 252 * 390)
        #expect(spacing.description == "intraday 1m (390 bars/session, 98280 periods/year)")
    }

    @Test func fiveMinute() {
        let spacing = BarSpacing.infer(timestamps: Self.session(days: 20, step: 300))
        #expect(spacing.kind == .intraday)
        #expect(spacing.medianSeconds == 300)
        #expect(spacing.barsPerSession == 78)
        #expect(spacing.periodsPerYear == 252 * 78)
    }

    @Test func hourlyAroundTheClock() {
        let timestamps = Self.weekdays(30).flatMap { day in (0..<24).map { day + Int64($0) * 3600 } }
        let spacing = BarSpacing.infer(timestamps: timestamps)
        #expect(spacing.kind == .intraday)
        #expect(spacing.medianSeconds == 3600)
        #expect(spacing.barsPerSession == 24)
        #expect(spacing.periodsPerYear == 252 * 24)
    }

    @Test func intradaySevenDaysAWeek() {
        let timestamps = (0..<(24 * 60)).map { 1_577_836_800 + Int64($0) * 3600 }
        let spacing = BarSpacing.infer(timestamps: timestamps)
        #expect(spacing.hasWeekendBars)
        #expect(spacing.periodsPerYear == 365 * 24)
    }

    @Test func weekly() {
        let spacing = BarSpacing.infer(timestamps: (0..<100).map { 1_578_268_800 + Int64($0) * 7 * 86_400 })
        #expect(spacing.kind == .weekly)
        #expect(spacing.periodsPerYear == 52)
    }

    @Test func monthlyAtMonthEnds() {
        let ends = ["2020-01-31", "2020-02-29", "2020-03-31", "2020-04-30", "2020-05-31", "2020-06-30",
                    "2020-07-31", "2020-08-31", "2020-09-30", "2020-10-31", "2020-11-30", "2020-12-31"]
        let spacing = BarSpacing.infer(timestamps: ends.map(MarketTestSupport.time))
        #expect(spacing.kind == .monthly)
        #expect(spacing.periodsPerYear == 12)
    }

    @Test func irregularAndTooShort() {
        let quarterly = BarSpacing.infer(timestamps: (0..<10).map { Int64($0) * 91 * 86_400 })
        #expect(quarterly.kind == .irregular)
        #expect(abs(quarterly.periodsPerYear - 365.25 / 91) < 1e-12)
        let single = BarSpacing.infer(timestamps: [0])
        #expect(single.kind == .irregular)
        #expect(single.medianSeconds == 0)
        #expect(BarSpacing.infer(timestamps: []).periodsPerYear == 252)
    }

    @Test func bundledDailyFiles() throws {
        for name in ["aapl_daily.csv", "ibm_daily.csv", "msft_daily.csv"] {
            let bars = try CSVBarLoader().load(path: RepositoryPaths.dataFile(name))
            let spacing = BarSpacing.infer(timestamps: bars.timestamps)
            #expect(spacing.kind == .daily, "\(name)")
            #expect(spacing.periodsPerYear == 252, "\(name)")
        }
    }

    @Test func durations() {
        #expect(BarSpacing.formatDuration(60) == "1m")
        #expect(BarSpacing.formatDuration(90) == "1m30s")
        #expect(BarSpacing.formatDuration(176_400) == "2d1h")
        #expect(BarSpacing.formatDuration(63_000) == "17h30m")
    }
}
