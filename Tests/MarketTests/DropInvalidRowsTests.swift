import Market
import Testing

@Suite struct DropInvalidRowsTests {
    static let dropping = CSVBarLoader(options: CSVLoadOptions(dropInvalidRows: true))

    @Test func dropsAndReportsEveryBadRow() throws {
        let text = """
            timestamp,open,high,low,close,volume
            2020-01-01,10,11,9,10.5,100
            2020-01-02,10,11,9,,100
            2020-01-03,10,11,9,10.5,100
            2020-01-04,10,9,11,10,100
            2020-01-05,nan,11,9,10,100
            2020-01-05,10,11,9,10,100
            2020-01-06,10,11,9,10,-1
            2020-01-07,10,11,9,10,100

            """
        let path = try MarketTestSupport.write(text)
        let (bars, dropped) = try Self.dropping.loadWithReport(path: path)
        #expect(bars.count == 4)
        #expect(bars.timestamps.map(Timestamps.format) == ["2020-01-01", "2020-01-03", "2020-01-05", "2020-01-07"])
        #expect(dropped.map(\.line) == [3, 5, 6, 8])
        #expect(dropped.map(\.field) == ["close", "high", "open", "volume"])
        // The row kept for 2020-01-05 is the first *valid* one (line 7).
        #expect(bars.open[2] == 10)
    }

    @Test func duplicatesAndUnsortedRowsKeepTheFirst() throws {
        let text = """
            timestamp,open,high,low,close,volume
            2020-01-01,1,2,0.5,1,100
            2020-01-02,2,3,1.5,2,100
            2020-01-02,3,4,2.5,3,100
            2020-01-01,4,5,3.5,4,100
            2020-01-03,5,6,4.5,5,100
            """
        let path = try MarketTestSupport.write(text)
        let (bars, dropped) = try Self.dropping.loadWithReport(path: path)
        #expect(bars.close == [1, 2, 5])
        #expect(dropped.count == 2)
        #expect(dropped[0] == DataProblem(line: 4, field: "timestamp", reason: "duplicate timestamp 2020-01-02 (same as line 3)"))
        #expect(dropped[1].line == 5)
        #expect(dropped[1].reason.contains("earlier than 2020-01-02 on line 3"))
    }

    @Test func cleanFileDropsNothing() throws {
        let path = try MarketTestSupport.write("timestamp,open,high,low,close,volume\n2020-01-01,1,2,0.5,1,100\n")
        let (bars, dropped) = try Self.dropping.loadWithReport(path: path)
        #expect(bars.count == 1)
        #expect(dropped.isEmpty)
        let strict = try CSVBarLoader().loadWithReport(path: path)
        #expect(strict.bars == bars)
        #expect(strict.dropped.isEmpty)
    }

    @Test func allRowsInvalidIsStillAnError() throws {
        let path = try MarketTestSupport.write("timestamp,open,high,low,close\n2020-01-01,1,0.5,2,1\n2020-01-02,x,1,1,1\n")
        do {
            _ = try Self.dropping.load(path: path)
            Issue.record("expected an error")
        } catch let error as MarketDataError {
            #expect(error.reason.hasPrefix("no valid rows: all 2 data rows were dropped; first: line 2: high 0.5 is below low 2"))
        }
    }

    @Test func structuralErrorsStillThrow() throws {
        let path = try MarketTestSupport.write("timestamp,open,high,low\n2020-01-01,1,2,0.5\n")
        #expect(throws: MarketDataError.self) { try Self.dropping.load(path: path) }
    }
}
