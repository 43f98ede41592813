import Indicators

/// `breakout`: Donchian channel breakout (the Turtle rule).
///
/// With the channel of the previous `lookback_period` bars (the current bar
/// excluded): long when the close breaks above the prior high, short when it breaks
/// below the prior low; a long exits when the close falls below the channel's
/// midpoint, a short when it rises above it.
///
/// Parameters: `lookback_period` (20).
enum Breakout {
    static let definition = StrategyDefinition(
        name: "breakout",
        summary: "long above the prior N-bar high, short below the prior N-bar low, exit at the midpoint",
        parameters: [
            ParameterSpec("lookback_period", .integer, default: 20, range: 2...2000, "channel window (bars)"),
        ],
        stream: { p in
            var channel = DonchianState(period: p.int("lookback_period"))
            var rule = PositionRules.Hysteresis()
            return SignalStream(symbolCount: 1) { bars in
                let bar = bars[0], band = channel.update(high: bar.high, low: bar.low)
                let middle = (band.upper + band.lower) / 2
                return [rule.step(defined: band.upper.isFinite && band.lower.isFinite,
                                  enterLong: { bar.close > band.upper }, enterShort: { bar.close < band.lower },
                                  exitLong: { bar.close < middle }, exitShort: { bar.close > middle })]
            }
        }
    ) { context, p in
        let bars = context.bars[0]
        let n = p.int("lookback_period")
        let upper = context.indicator("donchian_upper", field: "high", [Double(n)]) {
            Indicators.donchian(high: bars.high, low: bars.low, period: n).upper
        }
        let lower = context.indicator("donchian_lower", field: "low", [Double(n)]) {
            Indicators.donchian(high: bars.high, low: bars.low, period: n).lower
        }
        let close = bars.close
        return [PositionRules.hysteresis(
            count: close.count, defined: { upper[$0].isFinite && lower[$0].isFinite },
            enterLong: { close[$0] > upper[$0] }, enterShort: { close[$0] < lower[$0] },
            exitLong: { close[$0] < (upper[$0] + lower[$0]) / 2 },
            exitShort: { close[$0] > (upper[$0] + lower[$0]) / 2 })]
    }
}
