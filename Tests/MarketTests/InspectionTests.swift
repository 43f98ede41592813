import ADMFTestSupport
import Market
import Testing

@Suite struct InspectionTests {
    @Test func reportsEveryProblemNotJustTheFirst() throws {
        let text = """
            timestamp,open,high,low,close,volume
            2020-01-06,10,11,9,10.5,100
            2020-01-07,,x,9,10.5,100
            2020-01-08,10,11,9,10.5,100
            2020-01-08,10,11,9,10.5,100
            2020-01-09,10,9.5,10.2,10,-3
            2020-01-10,10,11,9,10.5,100
            """
        let path = try MarketTestSupport.write(text)
        let report = try DataInspector.inspect(path: path)
        #expect(report.rows == 6)
        #expect(report.validRows == 3)
        #expect(report.invalidRows == 3)
        #expect(report.problems.map(\.line) == [3, 3, 5, 6, 6])
        #expect(report.problems.map(\.field) == ["open", "high", "timestamp", "volume", "high"])
        #expect(report.problems[4].reason == "high 9.5 is below low 10.2")
        #expect(report.firstTimestamp == MarketTestSupport.time("2020-01-06"))
        #expect(report.lastTimestamp == MarketTestSupport.time("2020-01-10"))
        #expect(report.hasVolume)
        let rendered = report.render()
        #expect(rendered.contains("5 in 3 rows"))
        #expect(rendered.contains("line 5: duplicate timestamp 2020-01-08 (same as line 4)"))
    }

    @Test func cleanBundledFile() throws {
        let report = try DataInspector.inspect(path: RepositoryPaths.dataFile("aapl_daily.csv"))
        #expect(report.rows == 3270)
        #expect(report.validRows == 3270)
        #expect(report.problems.isEmpty)
        #expect(report.spacing.kind == .daily)
        #expect(report.firstTimestamp.map(Timestamps.format) == "2000-03-01")
        #expect(report.lastTimestamp.map(Timestamps.format) == "2013-03-01")
        // Closures of two or more weekdays are gaps (9/11; New Year 2007 with the Ford day of
        // mourning; Hurricane Sandy); ordinary weekends and one-day holidays are not.
        #expect(report.gaps.map { Timestamps.format($0.from) } == ["2001-09-10", "2006-12-29", "2012-10-26"])
        #expect(report.gaps.first?.to == MarketTestSupport.time("2001-09-17"))
        #expect(report.render().contains("spacing     daily (median 1d, 252 periods/year)"))
    }

    @Test func notesAbsentVolumeAndIgnoredColumns() throws {
        let path = try MarketTestSupport.write("Date,Open,High,Low,Close,Adj Close,Foo\n2020-01-02,10,11,9,10.5,10,x\n")
        let report = try DataInspector.inspect(path: path)
        #expect(!report.hasVolume)
        #expect(report.notes.contains("no volume column: every bar's volume is 0"))
        #expect(report.notes.contains("adjusted close column ignored: bars use the unadjusted close"))
        #expect(report.notes.contains("ignored columns: Foo"))
        #expect(report.render().contains("absent: every bar's volume is 0"))
    }

    @Test func headerOnlyIsAProblemNotAThrow() throws {
        let report = try DataInspector.inspect(path: try MarketTestSupport.write("timestamp,open,high,low,close\n"))
        #expect(report.rows == 0)
        #expect(report.problems == [DataProblem(line: 1, field: nil, reason: "has a header but no data rows")])
        #expect(report.firstTimestamp == nil)
    }

    @Test func throwsOnlyForUnreadableOrHeaderless() throws {
        #expect(throws: MarketDataError.self) { try DataInspector.inspect(path: try MarketTestSupport.write("")) }
        #expect(throws: MarketDataError.self) {
            try DataInspector.inspect(path: try MarketTestSupport.write("a,b,c\n1,2,3\n"))
        }
        #expect(throws: MarketDataError.self) { try DataInspector.inspect(path: "/nonexistent/x.csv") }
    }

    @Test func intradayGapsIgnoreNightsAndWeekends() throws {
        // Two sessions of 1-minute bars, Friday and Monday, with a 10-minute hole on Monday.
        let friday: Int64 = 1_578_614_400  // 2020-01-10
        let monday = friday + 3 * 86_400
        var times: [Int64] = []
        for day in [friday, monday] {
            for minute in 0..<390 where !(day == monday && (100..<110).contains(minute)) {
                times.append(day + 13 * 3600 + 1800 + Int64(minute) * 60)
            }
        }
        let text = MarketTestSupport.header + "\n"
            + times.map { "\(Timestamps.format($0)),10,11,9,10.5,1" }.joined(separator: "\n")
        let report = try DataInspector.inspect(path: try MarketTestSupport.write(text, name: "x_1m.csv"))
        #expect(report.spacing.kind == .intraday)
        #expect(report.gaps.count == 1)
        #expect(report.gaps.first?.seconds == 660)
        #expect(report.gaps.first?.line == 2 + 390 + 100)
    }

    @Test func monthlyGapIsAMissingMonth() throws {
        let dates = ["2020-01-31", "2020-02-29", "2020-03-31", "2020-05-31", "2020-06-30", "2020-07-31"]
        let text = MarketTestSupport.header + "\n" + dates.map { "\($0),10,11,9,10.5,1" }.joined(separator: "\n")
        let report = try DataInspector.inspect(path: try MarketTestSupport.write(text))
        #expect(report.spacing.kind == .monthly)
        #expect(report.gaps.map(\.line) == [5])
    }
}
