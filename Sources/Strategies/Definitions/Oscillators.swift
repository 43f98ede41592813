import Indicators

/// `rsi_bands`: mean reversion on Wilder's RSI.
///
/// Enter long when RSI < `oversold`, short when RSI > `overbought`; a long exits
/// once RSI rises above 50, a short once it falls below 50. Parameters: `period`
/// (14), `oversold` (30), `overbought` (70); constraint `oversold < overbought`.
enum RSIBands {
    static let definition = StrategyDefinition(
        name: "rsi_bands",
        summary: "long below the oversold band, short above the overbought band, exit at RSI 50",
        parameters: [
            ParameterSpec("period", .integer, default: 14, range: 2...1000, "RSI period (bars)"),
            ParameterSpec("oversold", .real, default: 30, range: 0...50, "RSI level that opens a long"),
            ParameterSpec("overbought", .real, default: 70, range: 50...100, "RSI level that opens a short"),
        ],
        constraints: [.less("oversold", "overbought")],
        stream: { p in
            var rsi = RSIState(period: p.int("period"))
            let low = p.value("oversold"), high = p.value("overbought")
            var rule = PositionRules.Hysteresis()
            return SignalStream(symbolCount: 1) { bars in
                let value = rsi.update(bars[0].close)
                return [rule.step(defined: value.isFinite, enterLong: { value < low }, enterShort: { value > high },
                                  exitLong: { value > 50 }, exitShort: { value < 50 })]
            }
        }
    ) { context, p in
        let close = context.bars[0].close
        let rsi = context.indicator("rsi", [p.value("period")]) { Indicators.rsi(close, period: p.int("period")) }
        let low = p.value("oversold"), high = p.value("overbought")
        return [PositionRules.hysteresis(
            count: close.count, defined: { rsi[$0].isFinite },
            enterLong: { rsi[$0] < low }, enterShort: { rsi[$0] > high },
            exitLong: { rsi[$0] > 50 }, exitShort: { rsi[$0] < 50 })]
    }
}

/// `bollinger_bands`: mean reversion at the Bollinger bands.
///
/// Bands = SMA(`period`) ± `num_std`·σ (population σ, TA-Lib `BBANDS`). Enter long
/// when the close is below the lower band, short above the upper band; exit when
/// the close crosses back over the middle band. Parameters: `period` (20), `num_std` (2).
enum BollingerBandsStrategy {
    static let definition = StrategyDefinition(
        name: "bollinger_bands",
        summary: "fade closes outside the Bollinger bands, exit at the middle band",
        parameters: [
            ParameterSpec("period", .integer, default: 20, range: 2...1000, "band window (bars)"),
            ParameterSpec("num_std", .real, default: 2, range: 0.1...10, "band width in standard deviations"),
        ],
        stream: { p in
            var state = BollingerState(period: p.int("period"), deviations: p.value("num_std"))
            var rule = PositionRules.Hysteresis()
            return SignalStream(symbolCount: 1) { bars in
                let close = bars[0].close, band = state.update(close)
                return [rule.step(defined: band.upper.isFinite && band.lower.isFinite,
                                  enterLong: { close < band.lower }, enterShort: { close > band.upper },
                                  exitLong: { close > band.middle }, exitShort: { close < band.middle })]
            }
        }
    ) { context, p in
        let close = context.bars[0].close
        let key = [p.value("period"), p.value("num_std")]
        // Computed only on a cache miss: trials with the same period and width share the bands.
        let bands = context.indicators(["bbands_upper", "bbands_middle", "bbands_lower"], key) {
            let bands = Indicators.bollinger(close, period: p.int("period"), deviations: p.value("num_std"))
            return [bands.upper, bands.middle, bands.lower]
        }
        let upper = bands[0], middle = bands[1], lower = bands[2]
        return [PositionRules.hysteresis(
            count: close.count, defined: { upper[$0].isFinite && lower[$0].isFinite },
            enterLong: { close[$0] < lower[$0] }, enterShort: { close[$0] > upper[$0] },
            exitLong: { close[$0] > middle[$0] }, exitShort: { close[$0] < middle[$0] })]
    }
}

/// `keltner_bands`: trend-following breakout of the Keltner channel.
///
/// Channel = EMA(`period`) ± `multiplier`·ATR(`period`). Enter long when the close
/// is above the upper band, short below the lower band; exit when it crosses back
/// over the middle line. (Bollinger bands fade the move; Keltner bands follow it.)
/// Parameters: `period` (20), `multiplier` (2).
enum KeltnerBandsStrategy {
    static let definition = StrategyDefinition(
        name: "keltner_bands",
        summary: "follow closes outside the Keltner channel, exit at the middle line",
        parameters: [
            ParameterSpec("period", .integer, default: 20, range: 2...1000, "EMA and ATR period (bars)"),
            ParameterSpec("multiplier", .real, default: 2, range: 0.1...10, "channel width in ATRs"),
        ],
        stream: { p in
            var state = KeltnerState(period: p.int("period"), multiplier: p.value("multiplier"))
            var rule = PositionRules.Hysteresis()
            return SignalStream(symbolCount: 1) { bars in
                let bar = bars[0], band = state.update(high: bar.high, low: bar.low, close: bar.close)
                return [rule.step(defined: band.upper.isFinite && band.lower.isFinite,
                                  enterLong: { bar.close > band.upper }, enterShort: { bar.close < band.lower },
                                  exitLong: { bar.close < band.middle }, exitShort: { bar.close > band.middle })]
            }
        }
    ) { context, p in
        let bars = context.bars[0]
        let key = [p.value("period"), p.value("multiplier")]
        let channel = Indicators.keltner(high: bars.high, low: bars.low, close: bars.close,
                                         period: p.int("period"), multiplier: p.value("multiplier"))
        let upper = context.indicator("keltner_upper", field: "hlc", key) { channel.upper }
        let middle = context.indicator("keltner_middle", field: "hlc", key) { channel.middle }
        let lower = context.indicator("keltner_lower", field: "hlc", key) { channel.lower }
        let close = bars.close
        return [PositionRules.hysteresis(
            count: close.count, defined: { upper[$0].isFinite && lower[$0].isFinite },
            enterLong: { close[$0] > upper[$0] }, enterShort: { close[$0] < lower[$0] },
            exitLong: { close[$0] < middle[$0] }, exitShort: { close[$0] > middle[$0] })]
    }
}
