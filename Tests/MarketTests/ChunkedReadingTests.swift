@testable import Market
import Testing

/// The loader reads through a fixed buffer: results must not depend on where the chunk
/// boundaries fall, and an over-long line is refused without being buffered.
@Suite struct ChunkedReadingTests {
    /// A file of `rows` valid bars with lines of varying length (prices with 0 to 6 decimals).
    static func manyRows(_ rows: Int) -> (text: String, close: [Double]) {
        var rng = SeededGenerator(seed: 11, stream: "chunked")
        var lines = ["timestamp,open,high,low,close,volume"]
        var close: [Double] = []
        lines.reserveCapacity(rows + 1)
        for i in 0..<rows {
            var scale = 1.0
            for _ in 0..<Int(rng.next() % 7) { scale *= 10 }
            let c = Double(10_000 + rng.next() % 1_000_000) / scale
            close.append(c)
            lines.append("\(1_577_923_200 + i * 60),\(c),\(c + 1),\(c / 2),\(c),\(rng.next() % 1_000_000)")
        }
        return (lines.joined(separator: "\n") + "\n", close)
    }

    @Test func aFileOfManyChunksLoadsExactly() throws {
        let (text, close) = Self.manyRows(80_000)  // about 3.5 MB: four reads of the standard buffer
        let path = try MarketTestSupport.write(text)
        let bars = try CSVBarLoader().load(path: path)
        #expect(bars.count == 80_000)
        #expect(bars.close == close)
        #expect(bars.timestamps.last == Int64(1_577_923_200 + 79_999 * 60))
        let report = try DataInspector.inspect(path: path)
        #expect(report.validRows == 80_000)
        #expect(report.problems.isEmpty)
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func tinyBuffersGiveTheSameResult(chunk: Int) throws {
        let (text, close) = Self.manyRows(500)
        let messy = text.replacingOccurrences(of: "\n", with: "\r\n") + "\n\n  \n"
        let path = try MarketTestSupport.write("\u{FEFF}\n\n" + messy)
        var options = CSVLoadOptions()
        options.buffer = ReadBufferSizes(chunk: chunk, maxLine: 128)
        let bars = try CSVBarLoader(options: options).load(path: path)
        #expect(bars == (try CSVBarLoader().load(path: path)))
        #expect(bars.close == close)
        let report = try DataInspector.inspectTyped(path: path, buffer: options.buffer)
        #expect(report.rows == 500)
        #expect(report.problems.isEmpty)
        #expect(report.gaps == (try DataInspector.inspect(path: path)).gaps)
    }

    @Test func anOverlongLineIsRefusedAndSkipped() throws {
        let junk = String(repeating: "9", count: 300)
        let text = "timestamp,open,high,low,close\n2020-01-02,10,11,9,10\n2020-01-03,\(junk)\n2020-01-06,10,11,9,10\n"
        let path = try MarketTestSupport.write(text)
        var options = CSVLoadOptions()
        options.buffer = ReadBufferSizes(chunk: 16, maxLine: 100)
        do {
            _ = try CSVBarLoader(options: options).load(path: path)
            Issue.record("expected an error")
        } catch let error as MarketDataError {
            #expect(error.line == 3)
            #expect(error.reason.hasPrefix("line is longer than 100 bytes: not a row of bar data"))
        }
        options.dropInvalidRows = true
        let (bars, dropped) = try CSVBarLoader(options: options).loadWithReport(path: path)
        #expect(bars.timestamps.map(Timestamps.format) == ["2020-01-02", "2020-01-06"])
        #expect(dropped.map(\.line) == [3])
        let report = try DataInspector.inspectTyped(path: path, buffer: options.buffer)
        #expect(report.rows == 3)
        #expect(report.problems.map(\.line) == [3])
    }

    @Test func anOverlongLastLineWithoutANewlineIsRefused() throws {
        let path = try MarketTestSupport.write("timestamp,open,high,low,close\n2020-01-02,10,11,9,10\n" + String(repeating: "\u{0}", count: 500))
        let report = try DataInspector.inspectTyped(path: path, buffer: ReadBufferSizes(chunk: 8, maxLine: 100))
        #expect(report.validRows == 1)
        #expect(report.problems.map(\.line) == [3])
    }

    @Test func anOverlongHeaderIsRefused() throws {
        let path = try MarketTestSupport.write(String(repeating: "timestamp,", count: 50) + "\n")
        #expect(throws: MarketDataError.self) {
            _ = try DataInspector.inspectTyped(path: path, buffer: ReadBufferSizes(chunk: 8, maxLine: 100))
        }
    }

    @Test func theRowEstimateIsCloseAndBounded() throws {
        let (text, _) = Self.manyRows(20_000)
        let document = try CSVDocument(path: try MarketTestSupport.write(text))
        #expect(document.estimatedRows >= 20_000)
        #expect(document.estimatedRows <= 25_000)
        let blank = try CSVDocument(path: try MarketTestSupport.write("timestamp,open,high,low,close\n" + String(repeating: "\n", count: 100_000)))
        #expect(blank.estimatedRows <= 100_000 / 16 + 1)
    }
}
