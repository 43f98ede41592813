import Market
import Testing

/// Every validation error names the right line (header = line 1) and field, in one line.
@Suite struct ValidationTests {
    static let header = MarketTestSupport.header
    static let good = "2020-01-02,10,11,9,10.5,1000"

    /// A file with the header, one good row (line 2) and `row` on line 3.
    private func errorForThirdLine(_ row: String) throws -> MarketDataError? {
        try MarketTestSupport.loadError("\(Self.header)\n\(Self.good)\n\(row)\n")
    }

    @Test(arguments: [
        ("2020-01-03,10,11,9", nil, "row has 4 fields but the header has 6"),
        ("2020-01-03", nil, "row has 1 field but the header has 6"),
        (",10,11,9,10.5,1000", "timestamp", "timestamp is empty"),
        ("2020-13-03,10,11,9,10.5,1000", "timestamp", "timestamp '2020-13-03' is not a recognised date or time"),
        ("yesterday,10,11,9,10.5,1000", "timestamp", "timestamp 'yesterday' is not a recognised date or time"),
        ("2020-01-03,,11,9,10.5,1000", "open", "open is empty"),
        ("2020-01-03,10, ,9,10.5,1000", "high", "high is empty"),
        ("2020-01-03,10,11,,10.5,1000", "low", "low is empty"),
        ("2020-01-03,10,11,9,,1000", "close", "close is empty"),
        ("2020-01-03,10,11,9,10.5,", "volume", "volume is empty"),
        ("2020-01-03,nan,11,9,10.5,1000", "open", "open 'nan' is not a finite number"),
        ("2020-01-03,10,NaN,9,10.5,1000", "high", "high 'NaN' is not a finite number"),
        ("2020-01-03,10,inf,9,10.5,1000", "high", "high 'inf' is not a finite number"),
        ("2020-01-03,10,11,-Infinity,10.5,1000", "low", "low '-Infinity' is not a finite number"),
        ("2020-01-03,10,11,9,1e400,1000", "close", "close '1e400' is not a finite number"),
        ("2020-01-03,10,11,9,10.5,abc", "volume", "volume 'abc' is not a number"),
        ("2020-01-03,10,11,9,0x1A,1000", "close", "close '0x1A' is not a number"),
        ("2020-01-03,10,11,9,10.5.1,1000", "close", "close '10.5.1' is not a number"),
        ("2020-01-03,10,11,9,1e,1000", "close", "close '1e' is not a number"),
        ("2020-01-03,1 0,11,9,10.5,1000", "open", "open '1 0' is not a number"),
        ("2020-01-03,0,11,9,10.5,1000", "open", "open 0 is not positive"),
        ("2020-01-03,10,11,-9,10.5,1000", "low", "low -9 is not positive"),
        ("2020-01-03,10,11,9,-10.5,1000", "close", "close -10.5 is not positive"),
        ("2020-01-03,10,11,9,10.5,-5", "volume", "volume -5 is negative"),
        ("2020-01-03,10.5,10.2,10,10.4,100", "high", "high 10.2 is below max(open, close) 10.5"),
        ("2020-01-03,10,10.2,9,10.5,100", "high", "high 10.2 is below max(open, close) 10.5"),
        ("2020-01-03,10,11,10.1,10.5,100", "low", "low 10.1 is above min(open, close) 10"),
        ("2020-01-03,10.5,11,10.45,10.4,100", "low", "low 10.45 is above min(open, close) 10.4"),
        ("2020-01-03,10,9,11,10,100", "high", "high 9 is below low 11"),
        ("2020-01-02,10,11,9,10.5,1000", "timestamp", "duplicate timestamp 2020-01-02 (same as line 2)"),
        ("2020-01-01,10,11,9,10.5,1000", "timestamp",
         "timestamp 2020-01-01 is earlier than 2020-01-02 on line 2 (rows must be in ascending time order)"),
    ] as [(String, String?, String)])
    func reportsLineFieldAndReason(row: String, field: String?, reason: String) throws {
        let error = try errorForThirdLine(row)
        #expect(error?.line == 3)
        #expect(error?.field == field)
        #expect(error?.reason.hasPrefix(reason) == true, "\(error?.reason ?? "no error")")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func descriptionIsOneLineWithFileLineAndHint() throws {
        let path = try MarketTestSupport.write("\(Self.header)\n\(Self.good)\n2020-01-03,10.5,10.2,10.0,10.4,100\n")
        do {
            _ = try CSVBarLoader().load(path: path)
            Issue.record("expected an error")
        } catch let error as MarketDataError {
            #expect(error.file == path)
            #expect(
                error.description
                    == "\(path):3: high 10.2 is below max(open, close) 10.5 (fix the row, or pass --drop-invalid-rows to skip such rows)"
            )
        }
    }

    @Test func orderProblemsSuggestSorting() throws {
        let error = try errorForThirdLine("2020-01-02,10,11,9,10.5,1000")
        #expect(error?.hint?.contains("sort the file") == true)
        #expect(error?.hint?.contains("--drop-invalid-rows") == true)
    }

    @Test func theFirstProblemInTheFileIsReported() throws {
        let text = "\(Self.header)\n\(Self.good)\n2020-01-03,10,11,9,,1000\n2020-01-04,10,9,11,10,1\n"
        let error = try MarketTestSupport.loadError(text)
        #expect(error?.line == 3)
        #expect(error?.field == "close")
    }

    @Test func aRowsFirstProblemIsReported() throws {
        // Empty open, bad high, and an earlier time: open comes first.
        let error = try errorForThirdLine("2019-01-01,,x,9,10.5,1000")
        #expect(error?.field == "open")
    }

    @Test func emptyFileIsAnError() throws {
        for text in ["", "\n", "\r\n\n  \n"] {
            let error = try MarketTestSupport.loadError(text)
            #expect(error?.reason == "file is empty")
            #expect(error?.line == nil)
        }
    }

    @Test func headerOnlyIsAnError() throws {
        for text in [Self.header, Self.header + "\n", Self.header + "\r\n\r\n"] {
            let error = try MarketTestSupport.loadError(text)
            #expect(error?.reason == "has a header but no data rows")
            #expect(error?.line == 1)
        }
    }

    @Test func missingColumnNamesItAndListsTheHeader() throws {
        let error = try MarketTestSupport.loadError("Date,Open,High,Low,Volume\n2020-01-02,1,2,0.5,100\n")
        #expect(error?.line == 1)
        #expect(error?.field == "close")
        #expect(error?.reason == "missing required column 'close'; header found: Date,Open,High,Low,Volume")
        let noTime = try MarketTestSupport.loadError("open,high,low,close\n1,2,0.5,1\n")
        #expect(noTime?.field == "timestamp")
        let noHeader = try MarketTestSupport.loadError("2020-01-02,1,2,0.5,1,100\n")
        #expect(noHeader?.field == "timestamp")
        #expect(noHeader?.reason.contains("header found: 2020-01-02,1,2,0.5,1,100") == true)
    }

    @Test func duplicateColumnIsAnError() throws {
        let error = try MarketTestSupport.loadError("timestamp,open,high,low,close,Close\n2020-01-02,1,2,0.5,1,1\n")
        #expect(error?.line == 1)
        #expect(error?.field == "close")
        #expect(error?.reason.hasPrefix("column 'close' appears more than once (columns 5 'close', 6 'Close')") == true)
    }

    @Test func missingFileIsAnError() throws {
        let directory = try MarketTestSupport.write("x")
        let path = directory + ".does-not-exist.csv"
        do {
            _ = try CSVBarLoader().load(path: path)
            Issue.record("expected an error")
        } catch let error as MarketDataError {
            #expect(error.file == path)
            #expect(error.line == nil)
            #expect(error.reason.hasPrefix("cannot open file"))
        }
    }

    @Test func lineNumbersCountBlankLinesCRLFAndBOM() throws {
        let text = "\u{FEFF}\r\n\(Self.header)\r\n\(Self.good)\r\n\r\n2020-01-03,10,11,9,10.5,1000\r\n2020-01-04,10,9,11,10,1\r\n"
        let error = try MarketTestSupport.loadError(text)
        #expect(error?.line == 6)
        #expect(error?.field == "high")
    }

    @Test func errorDescriptionWithoutFileOrLine() {
        let error = MarketDataError(file: "", reason: "split ratio 2 is not between 0 and 1", hint: "give 0.7")
        #expect(error.description == "split ratio 2 is not between 0 and 1 (give 0.7)")
        let multi = MarketDataError(file: "a.csv", line: 2, reason: "bad\nthing")
        #expect(multi.description == "a.csv:2: bad thing")
        let problem = DataProblem(line: 17, field: "high", reason: "high 10.2 is below max(open, close) 10.5")
        #expect(problem.description == "line 17: high 10.2 is below max(open, close) 10.5")
    }
}
