import Market
import Signals
import Strategies
import Testing

@Suite("Signal keys: content addresses over strategy, parameters, symbol, bars and code version")
struct SignalKeyTests {
    let base = (strategy: "sma_crossover", parameters: ParameterSet(["fast_period": 10, "slow_period": 30, "allow_short": 0]),
                symbol: "AAPL", bars: "bars-v1", code: "2026.12.1")

    func key(strategy: String? = nil, parameters: ParameterSet? = nil, symbol: String? = nil,
             bars: String? = nil, code: String? = nil) -> SignalKey {
        SignalKey(strategy: strategy ?? base.strategy, parameters: parameters ?? base.parameters, symbol: symbol ?? base.symbol,
                  barsFingerprint: bars ?? base.bars, codeVersion: code ?? base.code)
    }

    @Test("64 lower-case hex digits, stable across calls, parsed back from hex")
    func form() throws {
        let k = key()
        #expect(k.hex.count == 64)
        #expect(k.hex.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(k == key())
        #expect(SignalKey(hex: k.hex) == k)
        #expect(SignalKey(hex: k.hex.uppercased()) == nil)
        #expect(SignalKey(hex: String(k.hex.dropLast())) == nil)
        #expect(SignalKey(hex: String(k.hex.dropLast()) + "g") == nil)
        #expect(k.prefix == String(k.hex.prefix(2)))
    }

    @Test("the canonical encoding is pinned (changing it silently would orphan every stored signal)")
    func pinned() {
        let k = SignalKey(strategy: "s", parameters: ParameterSet(["b": 2, "a": 1]), symbol: "X", barsFingerprint: "f", codeVersion: "v")
        let bytes = SignalKey.canonicalEncoding(strategy: "s", parameters: ParameterSet(["b": 2, "a": 1]), symbol: "X",
                                                barsFingerprint: Array("f".utf8), codeVersion: "v")
        #expect(SHA256.hex(bytes) == k.hex)
        // domain(8+18) strategy(8+1) count(8) a(8+1+8) b(8+1+8) symbol(8+1) bars(8+1) version(8+1)
        #expect(bytes.count == 26 + 9 + 8 + 17 + 17 + 9 + 9 + 9)
        #expect(Array(bytes[43..<52]) == [1, 0, 0, 0, 0, 0, 0, 0, 0x61])  // "a" sorts first
        #expect(Array(bytes[52..<60]) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])  // 1.0 little-endian
    }

    @Test("any component changing changes the key; parameter insertion order does not")
    func sensitivity() {
        let k = key()
        #expect(key(strategy: "ema_crossover") != k)
        #expect(key(symbol: "MSFT") != k)
        #expect(key(bars: "bars-v2") != k)
        #expect(key(code: "2026.12.2") != k)
        #expect(key(parameters: ParameterSet(["fast_period": 10, "slow_period": 31, "allow_short": 0])) != k)
        #expect(key(parameters: ParameterSet(["fast_period": 10, "slow_period": 30])) != k)
        #expect(key(parameters: ParameterSet(["fast_period": 10, "slow_period": 30, "allow_short": 0, "x": 0])) != k)
        // One bit of one parameter.
        let nudged = Double(bitPattern: Double(30).bitPattern ^ 1)
        #expect(key(parameters: ParameterSet(["fast_period": 10, "slow_period": nudged, "allow_short": 0])) != k)
        #expect(key(parameters: ParameterSet(["fast_period": 10, "slow_period": 30, "allow_short": -0.0])) != k)
        // Same content, different dictionary construction.
        var other = ParameterSet()
        other["slow_period"] = 30
        other["allow_short"] = 0
        other["fast_period"] = 10
        #expect(key(parameters: other) == k)
        // Fields are length-prefixed, so moving bytes between them changes the key.
        #expect(key(strategy: "ab", symbol: "c") != key(strategy: "a", symbol: "bc"))
    }

    @Test("bar fingerprints change when one bar's value changes by one bit")
    func barsFingerprint() {
        let timestamps = SignalsTestSupport.weekdays(50)
        let closes = (0..<50).map { 100 + Double($0) }
        let bars = BarSeries(symbol: "X", timestamps: timestamps, open: closes, high: closes.map { $0 + 1 },
                             low: closes.map { $0 - 1 }, close: closes, volume: Array(repeating: 1000, count: 50))
        let fingerprint = BarsFingerprint.sha256(bars)
        #expect(fingerprint.count == 32)
        #expect(BarsFingerprint.sha256(bars) == fingerprint)
        var changed = bars
        changed.close[17] = Double(bitPattern: changed.close[17].bitPattern ^ 1)
        #expect(BarsFingerprint.sha256(changed) != fingerprint)
        var shifted = bars
        shifted.timestamps[49] += 1
        #expect(BarsFingerprint.sha256(shifted) != fingerprint)
        #expect(BarsFingerprint.sha256(bars.slice(0..<49)) != fingerprint)
        let k1 = SignalKey(strategy: "s", parameters: .init(), symbol: "X", barsFingerprint: fingerprint, codeVersion: "1")
        let k2 = SignalKey(strategy: "s", parameters: .init(), symbol: "X", barsFingerprint: BarsFingerprint.sha256(changed), codeVersion: "1")
        #expect(k1 != k2)
    }
}
