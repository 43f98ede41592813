import Indicators

/// Our value for every series name the TA-Lib fixture generator writes
/// (`Tests/Fixtures/generate_indicators.py`), computed from the same input columns.
enum ReferenceSeries {
    static func compute(_ m: MarketCSV) -> [String: [Double]] {
        let (h, l, c, v) = (m.high, m.low, m.close, m.volume)
        var s: [String: [Double]] = [:]
        for p in [1, 5, 20, 200] { s["sma_\(p)"] = Indicators.sma(c, period: p) }
        for p in [1, 12, 26] { s["ema_\(p)"] = Indicators.ema(c, period: p) }
        for p in [10, 30] {
            s["wma_\(p)"] = Indicators.wma(c, period: p)
            s["dema_\(p)"] = Indicators.dema(c, period: p)
            s["tema_\(p)"] = Indicators.tema(c, period: p)
        }
        for p in [2, 14] { s["rsi_\(p)"] = Indicators.rsi(c, period: p) }
        s["ema_9_of_rsi_14"] = Indicators.ema(Indicators.rsi(c, period: 14), period: 9)
        s["trange"] = Indicators.trueRange(high: h, low: l, close: c)
        for p in [1, 5, 14] { s["atr_\(p)"] = Indicators.atr(high: h, low: l, close: c, period: p) }
        for (p, d, tag) in [(20, 2.0, "20_2"), (10, 1.5, "10_1.5")] {
            let bb = Indicators.bollinger(c, period: p, deviations: d)
            s["bbands_\(tag)_upper"] = bb.upper
            s["bbands_\(tag)_middle"] = bb.middle
            s["bbands_\(tag)_lower"] = bb.lower
            let kc = Indicators.keltner(high: h, low: l, close: c, period: p, multiplier: d)
            s["keltner_\(tag)_upper"] = kc.upper
            s["keltner_\(tag)_middle"] = kc.middle
            s["keltner_\(tag)_lower"] = kc.lower
        }
        for p in [20, 55] {
            let dc = Indicators.donchian(high: h, low: l, period: p)
            s["donchian_\(p)_upper"] = dc.upper
            s["donchian_\(p)_middle"] = dc.middle
            s["donchian_\(p)_lower"] = dc.lower
        }
        for (f, sl, sg) in [(12, 26, 9), (5, 35, 5)] {
            let m = Indicators.macd(c, fast: f, slow: sl, signal: sg)
            s["macd_\(f)_\(sl)_\(sg)_macd"] = m.macd
            s["macd_\(f)_\(sl)_\(sg)_signal"] = m.signal
            s["macd_\(f)_\(sl)_\(sg)_histogram"] = m.histogram
        }
        for p in [1, 10] {
            s["roc_\(p)"] = Indicators.roc(c, period: p)
            s["mom_\(p)"] = Indicators.momentum(c, period: p)
        }
        s["stddev_20"] = Indicators.rollingStdDev(c, period: 20)
        s["stddev_20_ddof1"] = Indicators.rollingStdDev(c, period: 20, ddof: 1)
        s["zscore_20"] = Indicators.zScore(c, period: 20)
        for (fk, sk, sd) in [(14, 3, 3), (5, 3, 3)] {
            let st = Indicators.stochastic(high: h, low: l, close: c, fastK: fk, slowK: sk, slowD: sd)
            s["stoch_\(fk)_\(sk)_\(sd)_k"] = st.k
            s["stoch_\(fk)_\(sk)_\(sd)_d"] = st.d
        }
        s["willr_14"] = Indicators.williamsR(high: h, low: l, close: c, period: 14)
        for p in [14, 20] { s["cci_\(p)"] = Indicators.cci(high: h, low: l, close: c, period: p) }
        for p in [7, 14] { s["adx_\(p)"] = Indicators.adx(high: h, low: l, close: c, period: p) }
        s["obv"] = Indicators.obv(close: c, volume: v)
        s["vwap_20"] = Indicators.vwap(high: h, low: l, close: c, volume: v, period: 20)
        s["session_vwap"] = Indicators.sessionVWAP(
            high: h, low: l, close: c, volume: v, sessionStart: m.monthStarts)
        return s
    }

    /// The largest relative difference between two series where both are numbers
    /// (for diagnostics; the assertions use `Tolerance`).
    static func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
        var worst = 0.0
        for i in a.indices where i < b.count && !a[i].isNaN && !b[i].isNaN && a[i] != b[i] {
            worst = max(worst, abs(a[i] - b[i]) / max(abs(a[i]), abs(b[i])))
        }
        return worst
    }
}
