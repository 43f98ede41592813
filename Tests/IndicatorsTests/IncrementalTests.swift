import ADMFTestSupport
import Testing
import Indicators

/// The live (one bar at a time) form of every indicator reproduces the batch form on real data.
@Suite("Incremental states equal batch results")
struct IncrementalTests {
    static let market: MarketCSV? = try? MarketCSV.load("aapl_daily.csv")

    /// Batch and incremental agree exactly (both run the same recurrence); the 1e-12 relative
    /// bound is the contract, exactness is what the implementation delivers.
    static func same(_ live: [Double], _ batch: [Double], _ label: String) -> String? {
        if let mismatch = Tolerance.firstMismatch(live, batch, relative: 1e-12, absolute: 0, label: label) {
            return mismatch
        }
        for i in live.indices where !(live[i] == batch[i] || (live[i].isNaN && batch[i].isNaN)) {
            return "\(label): index \(i): \(live[i]) is not bit-identical to \(batch[i])"
        }
        return nil
    }

    @Test func singleInputStates() throws {
        let m = try #require(Self.market)
        let x = m.close
        func run<S>(_ state: S, _ step: (inout S, Double) -> Double) -> [Double] {
            var s = state
            return x.map { step(&s, $0) }
        }
        for p in [1, 2, 14, 50] {
            #expect(Self.same(run(SMAState(period: p)) { $0.update($1) }, Indicators.sma(x, period: p), "sma \(p)") == nil)
            #expect(Self.same(run(EMAState(period: p)) { $0.update($1) }, Indicators.ema(x, period: p), "ema \(p)") == nil)
            #expect(Self.same(run(WMAState(period: p)) { $0.update($1) }, Indicators.wma(x, period: p), "wma \(p)") == nil)
            #expect(Self.same(run(DEMAState(period: p)) { $0.update($1) }, Indicators.dema(x, period: p), "dema \(p)") == nil)
            #expect(Self.same(run(TEMAState(period: p)) { $0.update($1) }, Indicators.tema(x, period: p), "tema \(p)") == nil)
            #expect(Self.same(run(RSIState(period: p)) { $0.update($1) }, Indicators.rsi(x, period: p), "rsi \(p)") == nil)
            #expect(Self.same(run(ROCState(period: p)) { $0.update($1) }, Indicators.roc(x, period: p), "roc \(p)") == nil)
            #expect(Self.same(run(MomentumState(period: p)) { $0.update($1) }, Indicators.momentum(x, period: p), "mom \(p)") == nil)
            #expect(Self.same(run(RollingStdDevState(period: p)) { $0.update($1) }, Indicators.rollingStdDev(x, period: p), "std \(p)") == nil)
            #expect(Self.same(run(RollingStdDevState(period: p, ddof: 1)) { $0.update($1) },
                              Indicators.rollingStdDev(x, period: p, ddof: 1), "std ddof1 \(p)") == nil)
            #expect(Self.same(run(ZScoreState(period: p)) { $0.update($1) }, Indicators.zScore(x, period: p), "zscore \(p)") == nil)
        }
    }

    @Test func bandStates() throws {
        let m = try #require(Self.market)
        let (h, l, c) = (m.high, m.low, m.close)
        var bollinger = BollingerState(period: 20, deviations: 2)
        var keltner = KeltnerState(period: 20, multiplier: 1.5)
        var donchian = DonchianState(period: 20)
        var live = (bb: [BandValue](), kc: [BandValue](), dc: [BandValue]())
        for i in c.indices {
            live.bb.append(bollinger.update(c[i]))
            live.kc.append(keltner.update(high: h[i], low: l[i], close: c[i]))
            live.dc.append(donchian.update(high: h[i], low: l[i]))
        }
        let pairs: [(String, [BandValue], Bands)] = [
            ("bollinger", live.bb, Indicators.bollinger(c, period: 20, deviations: 2)),
            ("keltner", live.kc, Indicators.keltner(high: h, low: l, close: c, period: 20, multiplier: 1.5)),
            ("donchian", live.dc, Indicators.donchian(high: h, low: l, period: 20)),
        ]
        for (name, values, batch) in pairs {
            #expect(Self.same(values.map(\.upper), batch.upper, "\(name) upper") == nil)
            #expect(Self.same(values.map(\.middle), batch.middle, "\(name) middle") == nil)
            #expect(Self.same(values.map(\.lower), batch.lower, "\(name) lower") == nil)
        }
    }

    @Test func barStates() throws {
        let m = try #require(Self.market)
        let (h, l, c, v) = (m.high, m.low, m.close, m.volume)
        for p in [1, 5, 14] {
            var atr = ATRState(period: p)
            var adx = ADXState(period: p)
            var cci = CCIState(period: p)
            var willr = WilliamsRState(period: p)
            var vwap = VWAPState(period: p)
            var lists = ([Double](), [Double](), [Double](), [Double](), [Double]())
            for i in c.indices {
                lists.0.append(atr.update(high: h[i], low: l[i], close: c[i]))
                lists.1.append(adx.update(high: h[i], low: l[i], close: c[i]))
                lists.2.append(cci.update(high: h[i], low: l[i], close: c[i]))
                lists.3.append(willr.update(high: h[i], low: l[i], close: c[i]))
                lists.4.append(vwap.update(high: h[i], low: l[i], close: c[i], volume: v[i]))
            }
            #expect(Self.same(lists.0, Indicators.atr(high: h, low: l, close: c, period: p), "atr \(p)") == nil)
            #expect(Self.same(lists.1, Indicators.adx(high: h, low: l, close: c, period: p), "adx \(p)") == nil)
            #expect(Self.same(lists.2, Indicators.cci(high: h, low: l, close: c, period: p), "cci \(p)") == nil)
            #expect(Self.same(lists.3, Indicators.williamsR(high: h, low: l, close: c, period: p), "willr \(p)") == nil)
            #expect(Self.same(lists.4, Indicators.vwap(high: h, low: l, close: c, volume: v, period: p), "vwap \(p)") == nil)
        }
        var tr = TrueRangeState()
        var obv = OBVState()
        var session = SessionVWAPState()
        let starts = m.monthStarts
        var lists = ([Double](), [Double](), [Double]())
        for i in c.indices {
            lists.0.append(tr.update(high: h[i], low: l[i], close: c[i]))
            lists.1.append(obv.update(close: c[i], volume: v[i]))
            lists.2.append(session.update(high: h[i], low: l[i], close: c[i], volume: v[i], sessionStart: starts[i]))
        }
        #expect(Self.same(lists.0, Indicators.trueRange(high: h, low: l, close: c), "trange") == nil)
        #expect(Self.same(lists.1, Indicators.obv(close: c, volume: v), "obv") == nil)
        #expect(Self.same(lists.2, Indicators.sessionVWAP(high: h, low: l, close: c, volume: v, sessionStart: starts),
                          "session vwap") == nil)
    }

    @Test func multiOutputStates() throws {
        let m = try #require(Self.market)
        let (h, l, c) = (m.high, m.low, m.close)
        var macd = MACDState(fast: 12, slow: 26, signal: 9)
        var stoch = StochasticState(fastK: 14, slowK: 3, slowD: 3)
        var macdValues: [MACDValue] = []
        var stochValues: [StochasticValue] = []
        for i in c.indices {
            macdValues.append(macd.update(c[i]))
            stochValues.append(stoch.update(high: h[i], low: l[i], close: c[i]))
        }
        let macdBatch = Indicators.macd(c, fast: 12, slow: 26, signal: 9)
        #expect(Self.same(macdValues.map(\.macd), macdBatch.macd, "macd") == nil)
        #expect(Self.same(macdValues.map(\.signal), macdBatch.signal, "macd signal") == nil)
        #expect(Self.same(macdValues.map(\.histogram), macdBatch.histogram, "macd histogram") == nil)
        let stochBatch = Indicators.stochastic(high: h, low: l, close: c, fastK: 14, slowK: 3, slowD: 3)
        #expect(Self.same(stochValues.map(\.k), stochBatch.k, "stoch k") == nil)
        #expect(Self.same(stochValues.map(\.d), stochBatch.d, "stoch d") == nil)
    }
}
