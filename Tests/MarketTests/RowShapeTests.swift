import Market
import Testing

/// Rows whose structure does not match the header are refused with their line, by the
/// loader, by inspection, and dropped (and counted) with `dropInvalidRows`.
@Suite struct RowShapeTests {
    static let header = MarketTestSupport.header
    static let good = "2020-01-02,102,105.5,100.06,100.25,10807"
    static let dropping = CSVBarLoader(options: CSVLoadOptions(dropInvalidRows: true))

    /// A file with the header, a good row (line 2), `row` (line 3) and another good row (line 4).
    private func file(_ row: String) throws -> String {
        try MarketTestSupport.write("\(Self.header)\n\(Self.good)\n\(row)\n2020-01-06,100,101,99,100.5,900\n")
    }

    @Test func volumeWithThousandsSeparatorsIsRefusedNotReadAsItsFirstGroup() throws {
        let path = try file("2020-01-03,102,105.5,100.06,100.25,10,807,800")
        do {
            let bars = try CSVBarLoader().load(path: path)
            Issue.record("loaded \(bars.volume) instead of refusing")
        } catch let error as MarketDataError {
            #expect(error.line == 3)
            #expect(error.field == nil)
            #expect(
                error.reason
                    == "row has 8 fields but the header has 6: is 10,807,800 one number written with thousands "
                    + "separators? remove the commas or quote the field (\"10,807,800\")")
            #expect(error.description.hasPrefix("\(path):3: row has 8 fields but the header has 6"))
            #expect(error.hint?.contains("--drop-invalid-rows") == true)
        }
    }

    @Test func priceWithThousandsSeparatorAndDecimalsIsNamed() throws {
        let error = try MarketTestSupport.loadError("\(Self.header)\n2020-01-03,1,234.50,1240,1230,1238.25,5000\n")
        #expect(error?.line == 2)
        #expect(error?.reason.hasPrefix("row has 7 fields but the header has 6: is 1,234.50 one number") == true)
    }

    @Test func aRunThatDoesNotExplainTheRowIsNotBlamed() throws {
        // Joining 103 and 104.5 would give the right count but leave 'note' as the volume.
        let error = try MarketTestSupport.loadError("\(Self.header)\n2000-03-09,103,104.5,101.5,104,1,note\n")
        #expect(error?.reason.hasPrefix("row has 7 fields but the header has 6: a comma inside a field") == true)
        // Two numbers with separators in one row: no single run explains it; the general advice names them.
        let two = try MarketTestSupport.loadError("\(Self.header)\n2020-01-03,1,234.50,1240,1230,1238.25,5,000,000\n")
        #expect(two?.reason.contains("thousands separators in 1,234,567") == true)
    }

    @Test func anExtraFieldThatIsNotANumberGetsTheGeneralAdvice() throws {
        let error = try MarketTestSupport.loadError("\(Self.header)\n2020-01-03,10,11,9,10.5,1000,note\n")
        #expect(error?.line == 2)
        #expect(
            error?.reason
                == "row has 7 fields but the header has 6: a comma inside a field (such as thousands separators "
                + "in 1,234,567)? remove it or quote the field")
    }

    @Test func fewerFieldsThanTheHeaderIsRefusedEvenWhenTheUsedColumnsArePresent() throws {
        // The header's last column is not used; a row without it still does not match the header.
        let text = "timestamp,open,high,low,close,volume,note\n2020-01-03,10,11,9,10.5,1000\n"
        let error = try MarketTestSupport.loadError(text)
        #expect(error?.line == 2)
        #expect(
            error?.reason
                == "row has 6 fields but the header has 7: a missing field or a line cut short? "
                + "every row needs one field per header column")
    }

    @Test func inspectionReportsTheRowAsAProblem() throws {
        let report = try DataInspector.inspect(path: try file("2020-01-03,102,105.5,100.06,100.25,10,807,800"))
        #expect(report.rows == 3)
        #expect(report.validRows == 2)
        #expect(report.invalidRows == 1)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.line == 3)
        #expect(report.problems.first?.reason.hasPrefix("row has 8 fields but the header has 6: is 10,807,800") == true)
        let rendered = report.render()
        #expect(rendered.contains("problems    1 in 1 rows"))
        #expect(rendered.contains("line 3: row has 8 fields but the header has 6"))
    }

    @Test(arguments: [
        "2020-01-03,102,105.5,100.06,100.25,10,807,800",
        "2020-01-03,102,105.5,100.06,100.25",
        "2020-01-03,102,105.5,100.06,100.25,1000,",
        "2020-01-03,\"102,105.5,100.06,100.25,1000",
    ])
    func droppingSkipsAndCountsTheRow(row: String) throws {
        let (bars, dropped) = try Self.dropping.loadWithReport(path: try file(row))
        #expect(bars.count == 2)
        #expect(bars.volume == [10807, 900])
        #expect(dropped.map(\.line) == [3])
    }

    @Test func unclosedQuoteIsRefusedOnItsOwnLine() throws {
        let text = "\(Self.header)\n\(Self.good)\n2020-01-03,\"102,105.5,100.06,100.25,1000\n2020-01-06,100,101,99,100.5,900\n"
        let error = try MarketTestSupport.loadError(text)
        #expect(error?.line == 3)
        #expect(error?.reason.hasPrefix("field 2 opens a quote (\") that is not closed on this line") == true)
        // The quote does not swallow the next line: inspection finds line 4 valid.
        let report = try DataInspector.inspect(path: try MarketTestSupport.write(text))
        #expect(report.validRows == 2)
        #expect(report.problems.map(\.line) == [3])
    }

    @Test func aHeaderWithLinesEndingInCarriageReturnsOnlyIsExplained() throws {
        let error = try MarketTestSupport.loadError("\(Self.header)\r\(Self.good)\r2020-01-03,10,11,9,10.5,1\r")
        #expect(error?.line == 1)
        #expect(error?.reason.contains("the lines seem to end with \\r only") == true)
        #expect(error?.hint == "convert the file to \\n or \\r\\n line endings")
    }

    @Test func anUnclosedQuoteInTheHeaderIsRefused() throws {
        let error = try MarketTestSupport.loadError("timestamp,\"open,high,low,close\n2020-01-02,10,11,9,10.5\n")
        #expect(error?.line == 1)
        #expect(error?.reason.hasPrefix("header field 2 opens a quote") == true)
    }

    @Test func longFieldTextIsCutInMessages() throws {
        let junk = String(repeating: "x", count: 5000)
        let error = try MarketTestSupport.loadError("\(Self.header)\n2020-01-03,\(junk),11,9,10.5,1\n")
        #expect(error?.field == "open")
        #expect(error?.reason == "open '\(String(repeating: "x", count: 40))…' is not a number")
    }

    @Test func controlCharactersInMessagesAreReplaced() throws {
        let path = try MarketTestSupport.write(
            bytes: Array("\(Self.header)\n2020-01-03,1\u{1}0,11,9,10.5,1\n".utf8))
        let report = try DataInspector.inspect(path: path)
        #expect(report.problems.first?.reason == "open '1\u{FFFD}0' is not a number")
    }
}
