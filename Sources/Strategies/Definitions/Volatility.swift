import Indicators

/// `defensive`: a risk-off trend filter that holds the asset only in calm up-trends.
///
/// Long when the close is above its `trend_period` SMA **and** the annualised
/// realised volatility of the last `vol_period` close-to-close returns (σ ddof 1 ×
/// √`periods_per_year`) is below `vol_threshold`; flat otherwise. Never short.
/// Parameters: `trend_period` (200), `vol_period` (20), `vol_threshold` (0.25),
/// `periods_per_year` (252).
enum Defensive {
    static let definition = StrategyDefinition(
        name: "defensive",
        summary: "long only above the trend SMA while realised volatility is below a threshold",
        parameters: [
            ParameterSpec("trend_period", .integer, default: 200, range: 2...2000, "trend SMA window (bars)"),
            ParameterSpec("vol_period", .integer, default: 20, range: 2...1000, "realised-volatility window (bars)"),
            ParameterSpec("vol_threshold", .real, default: 0.25, range: 0.001...5, "maximum annualised volatility to hold"),
            ParameterSpec("periods_per_year", .real, default: 252, range: 1...1_000_000, "annualisation of the volatility"),
        ],
        stream: { p in
            var trend = SMAState(period: p.int("trend_period"))
            var volatility = RealisedVolatility(period: p.int("vol_period"), periodsPerYear: p.value("periods_per_year"))
            let threshold = p.value("vol_threshold")
            return SignalStream(symbolCount: 1) { bars in
                let close = bars[0].close, level = trend.update(close), vol = volatility.update(close)
                return [level.isFinite && vol.isFinite && close > level && vol < threshold ? 1 : 0]
            }
        }
    ) { context, p in
        let close = context.bars[0].close
        let trend = context.indicator("sma", [p.value("trend_period")]) { Indicators.sma(close, period: p.int("trend_period")) }
        let vol = realisedVolatility(context, period: p.int("vol_period"), periodsPerYear: p.value("periods_per_year"))
        let threshold = p.value("vol_threshold")
        var out = [Double](repeating: 0, count: close.count)
        for t in close.indices where trend[t].isFinite && vol[t].isFinite {
            out[t] = close[t] > trend[t] && vol[t] < threshold ? 1 : 0
        }
        return [out]
    }
}

/// `volatility_trading`: trade volatility expansions in the direction of the move.
///
/// When the short ATR expands beyond `expansion_threshold` times the long ATR
/// (`ATR_fast / ATR_slow > expansion_threshold`) a new move is under way: long if
/// the close is above its close `fast_period` bars ago, short if below. The
/// position is held while the expansion lasts and closed once the ratio falls
/// back below 1. Parameters: `fast_period` (5), `slow_period` (20),
/// `expansion_threshold` (1.3); constraint `fast_period < slow_period`.
enum VolatilityTrading {
    static let definition = StrategyDefinition(
        name: "volatility_trading",
        summary: "enter on ATR expansion in the direction of the fast momentum, exit when it fades",
        parameters: [
            ParameterSpec("fast_period", .integer, default: 5, range: 1...500, "short ATR and momentum window (bars)"),
            ParameterSpec("slow_period", .integer, default: 20, range: 2...2000, "long ATR window (bars)"),
            ParameterSpec("expansion_threshold", .real, default: 1.3, range: 1...10, "ATR ratio that opens a position"),
        ],
        constraints: [.less("fast_period", "slow_period")],
        stream: { p in
            let f = p.int("fast_period"), s = p.int("slow_period"), threshold = p.value("expansion_threshold")
            var fast = ATRState(period: f), slow = ATRState(period: s), momentum = MomentumState(period: f)
            var rule = PositionRules.Hysteresis()
            return SignalStream(symbolCount: 1) { bars in
                let bar = bars[0]
                let fastATR = fast.update(high: bar.high, low: bar.low, close: bar.close)
                let slowATR = slow.update(high: bar.high, low: bar.low, close: bar.close)
                let move = momentum.update(bar.close), ratio = fastATR / slowATR
                return [rule.step(defined: fastATR.isFinite && slowATR.isFinite && slowATR > 0 && move.isFinite,
                                  enterLong: { ratio > threshold && move > 0 }, enterShort: { ratio > threshold && move < 0 },
                                  exitLong: { ratio < 1 }, exitShort: { ratio < 1 })]
            }
        }
    ) { context, p in
        let bars = context.bars[0]
        let f = p.int("fast_period"), s = p.int("slow_period")
        let fast = context.indicator("atr", field: "hlc", [Double(f)]) {
            Indicators.atr(high: bars.high, low: bars.low, close: bars.close, period: f)
        }
        let slow = context.indicator("atr", field: "hlc", [Double(s)]) {
            Indicators.atr(high: bars.high, low: bars.low, close: bars.close, period: s)
        }
        let momentum = context.indicator("mom", [Double(f)]) { Indicators.momentum(bars.close, period: f) }
        let threshold = p.value("expansion_threshold")
        func ratio(_ t: Int) -> Double { fast[t] / slow[t] }
        return [PositionRules.hysteresis(
            count: bars.count,
            defined: { fast[$0].isFinite && slow[$0].isFinite && slow[$0] > 0 && momentum[$0].isFinite },
            enterLong: { ratio($0) > threshold && momentum[$0] > 0 },
            enterShort: { ratio($0) > threshold && momentum[$0] < 0 },
            exitLong: { ratio($0) < 1 }, exitShort: { ratio($0) < 1 })]
    }
}

/// ``realisedVolatility(_:period:periodsPerYear:)`` bar by bar: the same
/// `Indicators.RollingStdDevState` over the close-to-close returns, scaled the same way.
struct RealisedVolatility {
    private var deviation: RollingStdDevState
    private let scale: Double
    private var previous = Double.nan

    init(period: Int, periodsPerYear: Double) {
        deviation = RollingStdDevState(period: period, ddof: 1)
        scale = periodsPerYear.squareRoot()
    }

    /// The annualised volatility at the bar closing at `close` (NaN on the first bar and in warm-up).
    mutating func update(_ close: Double) -> Double {
        defer { previous = close }
        return previous.isNaN ? .nan : deviation.update(close / previous - 1) * scale
    }
}

/// Annualised standard deviation (ddof 1) of the last `period` close-to-close returns, per bar.
///
/// `result[t]` uses the returns ending at bar `t`; NaN until `period` returns exist.
func realisedVolatility(_ context: StrategyContext, period: Int, periodsPerYear: Double) -> [Double] {
    let close = context.bars[0].close
    let sd = context.indicator("returns_stddev", [Double(period)]) {
        guard close.count > 1 else { return [Double](repeating: .nan, count: close.count) }
        var returns = [Double](repeating: 0, count: close.count - 1)
        for k in returns.indices { returns[k] = close[k + 1] / close[k] - 1 }
        return [.nan] + Indicators.rollingStdDev(returns, period: period, ddof: 1)
    }
    let scale = periodsPerYear.squareRoot()
    return sd.map { $0 * scale }
}
