import ADMFTestSupport
import Foundation
import Market
import Testing

/// Every number the loader reads must equal `Double(String)` of its text, bit for bit.
@Suite struct FieldParsingTests {
    /// Loads a file whose every row has the given price text in all four price columns.
    private func loadPrices(_ texts: [String]) throws -> [Double] {
        var csv = MarketTestSupport.header + "\n"
        for (i, text) in texts.enumerated() {
            csv += "\(1_577_923_200 + Int64(i) * 86_400),\(text),\(text),\(text),\(text),\(text)\n"
        }
        let path = try MarketTestSupport.write(csv)
        let bars = try CSVBarLoader().load(path: path)
        #expect(bars.volume == bars.close)
        return bars.close
    }

    @Test func everyNumberOfAaplDailyEqualsDoubleFromString() throws {
        let path = RepositoryPaths.dataFile("aapl_daily.csv")
        let bars = try CSVBarLoader().load(path: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst()
        #expect(lines.count == 3270)
        #expect(bars.count == lines.count)
        var checked = 0
        for (i, line) in lines.enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let columns = [bars.open, bars.high, bars.low, bars.close, bars.volume]
            for (k, column) in columns.enumerated() {
                let expected = Double(String(fields[k + 1]))
                #expect(expected != nil)
                #expect(column[i].bitPattern == expected?.bitPattern, "line \(i + 2) column \(k + 1): \(fields[k + 1])")
                checked += 1
            }
            #expect(Timestamps.format(bars.timestamps[i]) == String(fields[0]))
        }
        #expect(checked == 3270 * 5)
    }

    @Test func edgeCaseNumbersMatchDoubleFromString() throws {
        let texts = [
            "1", "0.1", "0.3", ".5", "5.", "+2.5", "1e3", "1E3", "1e+3", "2.5e-3", "123456789012345678",
            "1234567890123456789012345", "0.000000000000000000000000001", "9007199254740993",
            "9007199254740992", "179769313486231570000000000000000000000", "4.9e-324", "2.2250738585072014e-308",
            "1.7976931348623157e308", "0.1000000000000000055511151231257827", "3.141592653589793238462643383279",
            "00012.50", "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124", "7e22", "7e23", "123.456e-20",
            "  42.5 ", "\"42.5\"",
        ]
        let parsed = try loadPrices(texts)
        for (text, value) in zip(texts, parsed) {
            let cleaned = text.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            #expect(value.bitPattern == Double(cleaned)?.bitPattern, "\(text)")
        }
    }

    @Test func randomDecimalsMatchDoubleFromString() throws {
        var rng = SeededGenerator(seed: 2024, stream: "decimals")
        var texts: [String] = []
        for _ in 0..<4_000 {
            let digits = 1 + Int(rng.next() % 24)
            var mantissa = String(1 + rng.next() % 9)
            for _ in 1..<digits { mantissa += String(rng.next() % 10) }
            let point = Int(rng.next() % UInt64(digits + 1))
            var text = String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point))
            if text.hasPrefix(".") { text = "0" + text }
            if rng.next() % 3 == 0 { text += "e\(Int(rng.next() % 61) - 30)" }
            texts.append(text)
        }
        // Shortest round-trip representations of random doubles, as data vendors write them.
        for _ in 0..<4_000 {
            let x = rng.nextDouble() * pow(10, Double(Int(rng.next() % 16) - 6))
            if x > 0 { texts.append("\(x)") }
        }
        let parsed = try loadPrices(texts)
        #expect(parsed.count == texts.count)
        for (text, value) in zip(texts, parsed) {
            #expect(value.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test func writerRoundTripsExactly() throws {
        var config = SyntheticMarketConfig.default
        config.bars = 500
        let (series, _) = try SyntheticMarket.generate(config)
        let path = try MarketTestSupport.write("", name: "syn_daily.csv")
        try CSVBarWriter.write(series[0], to: path)
        let loaded = try CSVBarLoader().load(path: path)
        #expect(loaded == series[0])
    }
}
