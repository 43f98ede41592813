import Market
import Testing

/// RFC 4180 quoting, and quoted numbers with thousands separators (read only when unambiguous).
@Suite struct QuotedFieldTests {
    static let header = MarketTestSupport.header

    private func load(_ text: String) throws -> BarSeries {
        try CSVBarLoader().load(path: try MarketTestSupport.write(text))
    }

    @Test func quotedVolumeWithThousandsSeparatorsIsRead() throws {
        let bars = try load("\(Self.header)\n2020-01-02,102,105.5,100.06,100.25,\"10,807,800\"\n")
        #expect(bars.volume == [10_807_800])
    }

    @Test(arguments: [
        ("\"1,234.5\"", 1234.5),
        ("\"1,234,567.25\"", 1_234_567.25),
        ("\"12,345,678\"", 12_345_678),
        (" \"1,000,000\" ", 1_000_000),
        ("\"+1,000,000\"", 1_000_000),
    ])
    func unambiguousGroupedNumbers(field: String, value: Double) throws {
        let bars = try load("\(Self.header)\n2020-01-02,1,2000000,0.5,1,\(field)\n")
        #expect(bars.volume == [value])
    }

    @Test func oneCommaAndThreeDigitsIsAmbiguous() throws {
        let error = try MarketTestSupport.loadError("\(Self.header)\n2020-01-02,1,2,0.5,1,\"1,234\"\n")
        #expect(error?.line == 2)
        #expect(error?.field == "volume")
        #expect(
            error?.reason
                == "volume '1,234' is ambiguous: a thousands separator or a decimal comma? write it without the comma")
    }

    @Test(arguments: ["\"12,5\"", "\"1,23,456\"", "\"1,2345\"", "\"0,123,456\"", "\"1,234,\"", "\"1,234.\"", "\",123\""])
    func otherCommasAreNotNumbers(field: String) throws {
        let error = try MarketTestSupport.loadError("\(Self.header)\n2020-01-02,1,2,0.5,1,\(field)\n")
        #expect(error?.line == 2)
        #expect(error?.field == "volume")
        #expect(error?.reason.hasSuffix("is not a number") == true, "\(error?.reason ?? "loaded")")
    }

    @Test func quotedCommasAndEscapedQuotesInIgnoredColumns() throws {
        let text = """
            timestamp,name,open,high,low,close,volume
            2020-01-02,"Apple, Inc.",10,11,9,10.5,1000
            2020-01-03,"the ""best"" day, ever",10,11,9,10.5,1000
            2020-01-06,"",10,11,9,10.5,1000
            2020-01-07,plain "quote" inside,10,11,9,10.5,1000

            """
        let bars = try load(text)
        #expect(bars.count == 4)
        #expect(bars.close == [10.5, 10.5, 10.5, 10.5])
    }

    @Test func quotedHeaderNamesMayHoldCommasAndQuotes() throws {
        let bars = try load("\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Note, with \"\"quotes\"\"\"\n2020-01-02,10,11,9,10.5,x\n")
        #expect(bars.close == [10.5])
    }

    @Test func everyFieldQuoted() throws {
        let bars = try load("\(Self.header)\n\"2020-01-02\",\"10\",\"11\",\"9\",\"10.5\",\"1,000,000\"\r\n")
        #expect(bars.open == [10])
        #expect(bars.volume == [1_000_000])
    }

    @Test func textAfterAClosingQuoteMakesTheFieldInvalid() throws {
        let error = try MarketTestSupport.loadError("\(Self.header)\n2020-01-02,\"10\"5,11,9,10.5,1\n")
        #expect(error?.field == "open")
        #expect(error?.reason == "open '\"10\"5' is not a number")
    }
}
