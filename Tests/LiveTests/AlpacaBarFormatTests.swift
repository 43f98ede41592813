import Testing
@testable import Live

@Suite struct AlpacaBarFormatTests {
    @Test func decodesBarsAndSkipsStatusMessages() throws {
        let text = #"[{"T":"success","msg":"authenticated"},{"T":"b","S":"SPY","o":1.5,"h":2,"l":1,"c":1.75,"v":100,"t":"2024-01-02T00:00:00Z","n":3,"vw":1.6}]"#
        let bars = try AlpacaBarFormat.bars(fromMessage: text)
        #expect(bars == [LiveBar(symbol: "SPY", timestamp: 1704153600, open: 1.5, high: 2, low: 1, close: 1.75, volume: 100)])
        #expect(try AlpacaBarFormat.bars(fromMessage: AlpacaBarFormat.message(bars[0])) == bars)
    }

    @Test func refusesBrokenBars() {
        #expect(throws: LiveError.self) { try AlpacaBarFormat.bars(fromMessage: #"{"S":"SPY","t":"2024-01-02","o":1,"h":0.5,"l":1,"c":1,"v":1}"#) }
        #expect(throws: LiveError.self) { try AlpacaBarFormat.bars(fromMessage: #"{"S":"SPY","o":1,"h":1,"l":1,"c":1,"v":1}"#) }
        #expect(throws: LiveError.self) { try AlpacaBarFormat.bars(fromMessage: "nonsense") }
    }
}
