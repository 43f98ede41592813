import Market
import Testing

/// Header and line-format variants the loader accepts.
@Suite struct CSVFormatTests {
    private func load(_ text: String, name: String = "test_daily.csv") throws -> BarSeries {
        try CSVBarLoader().load(path: try MarketTestSupport.write(text, name: name))
    }

    static let jan2: Int64 = 1_577_923_200

    @Test(arguments: [
        "timestamp,open,high,low,close,volume",
        "Timestamp,Open,High,Low,Close,Volume",
        "TIMESTAMP,OPEN,HIGH,LOW,CLOSE,VOLUME",
        "date,open,high,low,close,volume",
        "Date,Open,High,Low,Close,Volume",
        "Datetime,Open,High,Low,Close,Volume",
        "date_time,open,high,low,close,vol",
        "time,open,high,low,close,volume",
        " timestamp , open , high , low , close , volume ",
        "\"timestamp\",\"open\",\"high\",\"low\",\"close\",\"volume\"",
        "<DATE>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>",
    ])
    func headerSpellings(header: String) throws {
        let bars = try load("\(header)\n2020-01-02,10,11,9,10.5,1000\n")
        #expect(bars.timestamps == [Self.jan2])
        #expect(bars.open == [10])
        #expect(bars.high == [11])
        #expect(bars.low == [9])
        #expect(bars.close == [10.5])
        #expect(bars.volume == [1000])
    }

    @Test func yahooUsesCloseAndIgnoresAdjClose() throws {
        let bars = try load("Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,11,9,10.5,7.25,1000\n")
        #expect(bars.close == [10.5])
        #expect(bars.volume == [1000])
    }

    @Test func columnsInAnyOrderAndUnknownColumnsIgnored() throws {
        let bars = try load("symbol,close,volume,low,high,open,timestamp,note\nX,10.5,1000,9,11,10,2020-01-02,hi there\n")
        #expect(bars.open == [10])
        #expect(bars.close == [10.5])
        #expect(bars.timestamps == [Self.jan2])
    }

    @Test func volumeIsOptionalAndZeroWhenAbsent() throws {
        let bars = try load("timestamp,open,high,low,close\n2020-01-02,10,11,9,10.5\n2020-01-03,10,11,9,10.5\n")
        #expect(bars.volume == [0, 0])
    }

    @Test func separateDateAndTimeColumns() throws {
        let bars = try load("Date,Time,Open,High,Low,Close,Volume\n2020-01-02,14:30,10,11,9,10.5,1\n2020-01-02,14:31:00,10,11,9,10.5,1\n")
        #expect(bars.timestamps == [1_577_975_400, 1_577_975_460])
    }

    @Test func timestampFormatsInFiles() throws {
        let rows = [
            "2020-01-02T14:30:00Z", "2020-01-02 14:31:00", "2020-01-02T09:32:00-05:00", "2020-01-02T14:33:00+00:00",
            "1577975640", "1577975700000", "2020-01-02T14:36",
        ]
        let text = "timestamp,open,high,low,close,volume\n" + rows.map { "\($0),10,11,9,10.5,1" }.joined(separator: "\n")
        let bars = try load(text)
        #expect(bars.timestamps == (0..<7).map { 1_577_975_400 + Int64($0) * 60 })
    }

    @Test func lineEndingsBOMAndBlankLines() throws {
        let body = ["2020-01-02,10,11,9,10.5,1000", "2020-01-03,10,11,9,10.5,1000"]
        let header = MarketTestSupport.header
        let variants = [
            header + "\n" + body.joined(separator: "\n"),
            header + "\n" + body.joined(separator: "\n") + "\n",
            header + "\n" + body.joined(separator: "\n") + "\n\n",
            header + "\r\n" + body.joined(separator: "\r\n") + "\r\n",
            header + "\r\n" + body.joined(separator: "\r\n"),
            "\u{FEFF}" + header + "\n" + body.joined(separator: "\n") + "\n",
            "\n\n" + header + "\n" + body[0] + "\n\n" + body[1] + "\n   \n",
        ]
        for text in variants {
            let bars = try load(text)
            #expect(bars.count == 2, "\(text.debugDescription)")
            #expect(bars.timestamps == [Self.jan2, Self.jan2 + 86_400])
            #expect(bars.volume == [1000, 1000])
        }
    }

    @Test func whitespaceAndQuotesAroundFields() throws {
        let bars = try load("timestamp,open,high,low,close,volume\n \"2020-01-02\" , 10 ,\"11\",9,10.5 ,\t1000\n")
        #expect(bars.timestamps == [Self.jan2])
        #expect(bars.high == [11])
        #expect(bars.volume == [1000])
    }

    @Test func aTrailingCommaOnEveryLineIncludingTheHeaderIsAnEmptyColumn() throws {
        let bars = try load("timestamp,open,high,low,close,volume,\n2020-01-02,10,11,9,10.5,1000,\n")
        #expect(bars.count == 1)
        #expect(bars.volume == [1000])
    }

    /// A trailing comma on the rows but not the header is a field the header does not have (see `RowShapeTests`).
    @Test func aTrailingCommaOnTheRowsOnlyIsRefused() throws {
        let error = try MarketTestSupport.loadError("timestamp,open,high,low,close,volume\n2020-01-02,10,11,9,10.5,1000,\n")
        #expect(error?.line == 2)
        #expect(error?.reason.hasPrefix("row has 7 fields but the header has 6") == true)
    }

    @Test func symbolComesFromTheFileName() throws {
        let text = "timestamp,open,high,low,close\n2020-01-02,10,11,9,10.5\n"
        #expect(try load(text, name: "aapl_daily.csv").symbol == "AAPL")
        #expect(try load(text, name: "SPY.csv").symbol == "SPY")
        #expect(try load(text, name: "spy_5m.csv").symbol == "SPY")
        let path = try MarketTestSupport.write(text, name: "x_1d.csv")
        #expect(try CSVBarLoader().load(path: path, symbol: "Custom").symbol == "Custom")
        #expect(CSVBarLoader.defaultSymbol(forPath: "data/msft_daily_1986_2017.csv") == "MSFT")
    }

    @Test func headerMapping() throws {
        let header = try CSVHeader(
            fields: ["Date", "Open", "High", "Low", "Close", "Adj Close", "Volume", "Extra"], file: "x.csv")
        #expect(header.timestamp == 0)
        #expect(header.close == 4)
        #expect(header.volume == 6)
        #expect(header.hasAdjustedClose)
        #expect(header.ignored == ["Adj Close", "Extra"])
    }
}
