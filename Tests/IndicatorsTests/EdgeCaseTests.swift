import ADMFTestSupport
import Foundation
import Testing
import Indicators

/// Short series, flat series, period 1, hand-checked values and NaN handling.
@Suite("Indicator edge cases")
struct EdgeCaseTests {
    static let rising: [Double] = [10, 11, 12, 13, 14, 15, 16, 17]
    static let high: [Double] = rising.map { $0 + 1 }
    static let low: [Double] = rising.map { $0 - 1 }
    static let volume: [Double] = rising.map { $0 * 100 }

    /// Every series-valued indicator over (h, l, c, v) with one period.
    static func everything(h: [Double], l: [Double], c: [Double], v: [Double], period p: Int) -> [String: [Double]] {
        let bb = Indicators.bollinger(c, period: p, deviations: 2)
        let kc = Indicators.keltner(high: h, low: l, close: c, period: p, multiplier: 2)
        let dc = Indicators.donchian(high: h, low: l, period: p)
        let macd = Indicators.macd(c, fast: p, slow: p + 1, signal: p)
        let stoch = Indicators.stochastic(high: h, low: l, close: c, fastK: p, slowK: p, slowD: p)
        return [
            "sma": Indicators.sma(c, period: p), "ema": Indicators.ema(c, period: p),
            "wma": Indicators.wma(c, period: p), "dema": Indicators.dema(c, period: p),
            "tema": Indicators.tema(c, period: p), "rsi": Indicators.rsi(c, period: p),
            "atr": Indicators.atr(high: h, low: l, close: c, period: p),
            "bb.upper": bb.upper, "bb.middle": bb.middle, "bb.lower": bb.lower,
            "kc.upper": kc.upper, "kc.middle": kc.middle, "kc.lower": kc.lower,
            "dc.upper": dc.upper, "dc.middle": dc.middle, "dc.lower": dc.lower,
            "macd": macd.macd, "macd.signal": macd.signal, "macd.histogram": macd.histogram,
            "roc": Indicators.roc(c, period: p), "mom": Indicators.momentum(c, period: p),
            "std": Indicators.rollingStdDev(c, period: p), "std1": Indicators.rollingStdDev(c, period: p, ddof: 1),
            "z": Indicators.zScore(c, period: p), "stoch.k": stoch.k, "stoch.d": stoch.d,
            "willr": Indicators.williamsR(high: h, low: l, close: c, period: p),
            "cci": Indicators.cci(high: h, low: l, close: c, period: p),
            "adx": Indicators.adx(high: h, low: l, close: c, period: p),
            "vwap": Indicators.vwap(high: h, low: l, close: c, volume: v, period: p),
        ]
    }

    @Test("a period longer than the series gives all NaN of the same length")
    func periodLongerThanSeries() {
        let all = Self.everything(h: Self.high, l: Self.low, c: Self.rising, v: Self.volume, period: 50)
        for (name, series) in all.sorted(by: { $0.key < $1.key }) {
            #expect(series.count == Self.rising.count, "\(name) length")
            #expect(series.allSatisfy { $0.isNaN }, "\(name) should be all NaN: \(series)")
        }
    }

    @Test("empty input gives empty output")
    func emptyInput() {
        let all = Self.everything(h: [], l: [], c: [], v: [], period: 3)
        for (name, series) in all { #expect(series.isEmpty, "\(name)") }
        #expect(Indicators.trueRange(high: [], low: [], close: []).isEmpty)
        #expect(Indicators.obv(close: [], volume: []).isEmpty)
        #expect(Indicators.sessionVWAP(high: [], low: [], close: [], volume: [], sessionStart: []).isEmpty)
    }

    @Test("a flat series: averages equal the level, spreads and oscillators are 0")
    func constantSeries() {
        let level = 100.1
        let c = [Double](repeating: level, count: 60)
        let p = 10
        let all = Self.everything(h: c, l: c, c: c, v: [Double](repeating: 500, count: 60), period: p)
        func tail(_ name: String) -> [Double] { (all[name] ?? []).filter { !$0.isNaN } }
        for name in ["sma", "ema", "wma", "dema", "tema", "bb.upper", "bb.middle", "bb.lower",
                     "kc.upper", "kc.middle", "kc.lower", "dc.upper", "dc.middle", "dc.lower", "vwap"] {
            let values = tail(name)
            #expect(!values.isEmpty, "\(name) has values")
            #expect(values.allSatisfy { Tolerance.agree($0, level, relative: 1e-13) }, "\(name): \(values)")
        }
        for name in ["rsi", "atr", "roc", "mom", "std", "std1", "stoch.k", "stoch.d", "willr", "cci", "adx",
                     "macd", "macd.signal", "macd.histogram"] {
            let values = tail(name)
            #expect(!values.isEmpty, "\(name) has values")
            #expect(values.allSatisfy { abs($0) < 1e-12 }, "\(name): \(values)")
        }
        #expect(tail("std").allSatisfy { $0 == 0 }, "a flat window's deviation is exactly 0")
        #expect(Indicators.zScore(c, period: p).allSatisfy { $0.isNaN }, "z-score is NaN where the deviation is 0")
        #expect(Indicators.obv(close: c, volume: [Double](repeating: 500, count: 60)).allSatisfy { $0 == 500 })
    }

    @Test("period 1")
    func periodOne() {
        let x: [Double] = [5, 3, 8, 8, 2, 9]
        #expect(Indicators.sma(x, period: 1) == x)
        #expect(Indicators.ema(x, period: 1) == x)
        #expect(Indicators.wma(x, period: 1) == x)
        #expect(Indicators.dema(x, period: 1) == x)
        #expect(Indicators.tema(x, period: 1) == x)
        #expect(Tolerance.firstMismatch(Indicators.momentum(x, period: 1), [.nan, -2, 5, 0, -6, 7]) == nil)
        #expect(Tolerance.firstMismatch(Indicators.roc(x, period: 1),
                                        [.nan, -40, 500.0 / 3, 0, -75, 350]) == nil)
        #expect(Tolerance.firstMismatch(Indicators.rsi(x, period: 1), [.nan, 0, 100, 0, 0, 100]) == nil)
        #expect(Indicators.rollingStdDev(x, period: 1) == [0, 0, 0, 0, 0, 0])
        #expect(Indicators.rollingStdDev(x, period: 1, ddof: 1).allSatisfy { $0.isNaN })
        let h = x.map { $0 + 1 }
        let l = x.map { $0 - 1 }
        let tr = Indicators.trueRange(high: h, low: l, close: x)
        #expect(Tolerance.firstMismatch(Indicators.atr(high: h, low: l, close: x, period: 1), tr) == nil)
        let dc = Indicators.donchian(high: h, low: l, period: 1)
        #expect(Tolerance.firstMismatch(dc.upper, [.nan] + h.dropLast()) == nil, "previous bar's high")
        #expect(Tolerance.firstMismatch(dc.lower, [.nan] + l.dropLast()) == nil, "previous bar's low")
        #expect(Indicators.williamsR(high: h, low: l, close: x, period: 1) == [-50, -50, -50, -50, -50, -50])
    }

    @Test("hand-checked values")
    func handChecked() {
        let x: [Double] = [1, 2, 3, 4, 5]
        #expect(Tolerance.firstMismatch(Indicators.sma(x, period: 3), [.nan, .nan, 2, 3, 4]) == nil)
        #expect(Tolerance.firstMismatch(Indicators.ema(x, period: 3), [.nan, .nan, 2, 3, 4]) == nil)
        #expect(Tolerance.firstMismatch(Indicators.wma(x, period: 3),
                                        [.nan, .nan, 14.0 / 6, 20.0 / 6, 26.0 / 6]) == nil)
        #expect(Tolerance.firstMismatch(Indicators.rollingStdDev([1, 2, 3, 4], period: 2), [.nan, 0.5, 0.5, 0.5]) == nil)
        #expect(Tolerance.firstMismatch(Indicators.rollingStdDev([1, 2, 3, 4], period: 2, ddof: 1),
                                        [.nan, 0.5.squareRoot(), 0.5.squareRoot(), 0.5.squareRoot()]) == nil)
        #expect(Indicators.obv(close: [10, 11, 10, 10], volume: [100, 200, 50, 70]) == [100, 300, 250, 250])

        // Donchian excludes the current bar: a new high breaks out above the channel.
        let h: [Double] = [5, 6, 7, 20]
        let l: [Double] = [1, 2, 3, 4]
        let dc = Indicators.donchian(high: h, low: l, period: 3)
        #expect(Tolerance.firstMismatch(dc.upper, [.nan, .nan, .nan, 7]) == nil)
        #expect(Tolerance.firstMismatch(dc.lower, [.nan, .nan, .nan, 1]) == nil)
        #expect(Tolerance.firstMismatch(dc.middle, [.nan, .nan, .nan, 4]) == nil)

        // Rolling VWAP, and the session VWAP resetting at bar 2.
        let c: [Double] = [10, 20, 30, 40]
        let v: [Double] = [1, 3, 0, 2]
        #expect(Tolerance.firstMismatch(Indicators.vwap(high: c, low: c, close: c, volume: v, period: 2),
                                        [.nan, 17.5, 20, 40]) == nil)
        #expect(Tolerance.firstMismatch(Indicators.vwap(high: c, low: c, close: c, volume: [1, 1, 0, 0], period: 2),
                                        [.nan, 15, 20, .nan]) == nil, "no volume in the window → NaN")
        #expect(Tolerance.firstMismatch(
            Indicators.sessionVWAP(high: c, low: c, close: c, volume: v, sessionStart: [true, false, true, false]),
            [10, 17.5, .nan, 40]) == nil)
    }

    @Test("MACD swaps fast and slow like TA-Lib")
    func macdSwap() {
        let x = (0..<80).map { 100 + 10 * sin(Double($0) / 7) }
        let swapped = Indicators.macd(x, fast: 26, slow: 12, signal: 9)
        let straight = Indicators.macd(x, fast: 12, slow: 26, signal: 9)
        #expect(Tolerance.firstMismatch(swapped.macd, straight.macd, relative: 0, absolute: 0) == nil)
        #expect(Tolerance.firstMismatch(swapped.signal, straight.signal, relative: 0, absolute: 0) == nil)
        #expect(Tolerance.firstMismatch(swapped.histogram, straight.histogram, relative: 0, absolute: 0) == nil)
        let state = MACDState(fast: 26, slow: 12, signal: 9)
        #expect(state.fast == 12 && state.slow == 26)
    }

    @Test("leading NaNs are skipped, later NaNs propagate")
    func nanHandling() {
        let x: [Double] = [.nan, .nan, 1, 2, 3, 4]
        #expect(Tolerance.firstMismatch(Indicators.sma(x, period: 2), [.nan, .nan, .nan, 1.5, 2.5, 3.5]) == nil)
        let later: [Double] = [1, 2, .nan, 4, 5, 6]
        let sma = Indicators.sma(later, period: 2)
        #expect(sma[1] == 1.5)
        #expect(sma[2...].allSatisfy { $0.isNaN }, "a NaN inside the series poisons the running sum, as in TA-Lib")
    }

    @Test("a period of zero stops with a precondition failure")
    func invalidPeriod() async {
        await #expect(processExitsWith: .failure) {
            _ = Indicators.sma([1, 2, 3], period: 0)
        }
        await #expect(processExitsWith: .failure) {
            _ = Indicators.atr(high: [1, 2], low: [1], close: [1, 2], period: 1)
        }
    }
}
