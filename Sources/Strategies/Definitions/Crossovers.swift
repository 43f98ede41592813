import Indicators

/// `sma_crossover`: long while the fast simple moving average is above the slow one.
///
/// Long when `SMA_fast > SMA_slow`; when below, short if `allow_short = 1`, else
/// flat; flat during warm-up. Parameters: `fast_period` (10), `slow_period` (30),
/// `allow_short` (0); constraint `fast_period < slow_period`.
enum SMACrossover {
    static let definition = StrategyDefinition(
        name: "sma_crossover",
        summary: "long while SMA(fast) > SMA(slow); short or flat otherwise",
        parameters: [
            ParameterSpec("fast_period", .integer, default: 10, range: 1...1000, "fast SMA window (bars)"),
            ParameterSpec("slow_period", .integer, default: 30, range: 2...2000, "slow SMA window (bars)"),
            PositionRules.allowShortSpec,
        ],
        constraints: [.less("fast_period", "slow_period")],
        stream: { p in
            var fast = SMAState(period: p.int("fast_period")), slow = SMAState(period: p.int("slow_period"))
            let allowShort = p.int("allow_short") == 1
            return SignalStream(symbolCount: 1) { bars in
                [PositionRules.crossover(fast.update(bars[0].close), slow.update(bars[0].close), allowShort: allowShort)]
            }
        }
    ) { context, p in
        let close = context.bars[0].close
        let fast = context.indicator("sma", [p.value("fast_period")]) { Indicators.sma(close, period: p.int("fast_period")) }
        let slow = context.indicator("sma", [p.value("slow_period")]) { Indicators.sma(close, period: p.int("slow_period")) }
        return [PositionRules.crossover(fast, slow, allowShort: p.int("allow_short") == 1)]
    }
}

/// `ema_crossover`: long while the fast exponential moving average is above the slow one.
///
/// As ``SMACrossover`` with TA-Lib-seeded EMAs. Parameters: `fast_period` (12),
/// `slow_period` (26), `allow_short` (0); constraint `fast_period < slow_period`.
enum EMACrossover {
    static let definition = StrategyDefinition(
        name: "ema_crossover",
        summary: "long while EMA(fast) > EMA(slow); short or flat otherwise",
        parameters: [
            ParameterSpec("fast_period", .integer, default: 12, range: 1...1000, "fast EMA period (bars)"),
            ParameterSpec("slow_period", .integer, default: 26, range: 2...2000, "slow EMA period (bars)"),
            PositionRules.allowShortSpec,
        ],
        constraints: [.less("fast_period", "slow_period")],
        stream: { p in
            var fast = EMAState(period: p.int("fast_period")), slow = EMAState(period: p.int("slow_period"))
            let allowShort = p.int("allow_short") == 1
            return SignalStream(symbolCount: 1) { bars in
                [PositionRules.crossover(fast.update(bars[0].close), slow.update(bars[0].close), allowShort: allowShort)]
            }
        }
    ) { context, p in
        let close = context.bars[0].close
        let fast = context.indicator("ema", [p.value("fast_period")]) { Indicators.ema(close, period: p.int("fast_period")) }
        let slow = context.indicator("ema", [p.value("slow_period")]) { Indicators.ema(close, period: p.int("slow_period")) }
        return [PositionRules.crossover(fast, slow, allowShort: p.int("allow_short") == 1)]
    }
}

/// `macd_crossover`: long while the MACD line is above its signal line.
///
/// MACD = EMA_fast − EMA_slow of the close, signal = EMA of MACD over
/// `signal_period` (TA-Lib `MACD`). Long when MACD > signal; when below, short if
/// `allow_short = 1`, else flat. Parameters: `fast_period` (12), `slow_period` (26),
/// `signal_period` (9), `allow_short` (0); constraint `fast_period < slow_period`.
enum MACDCrossover {
    static let definition = StrategyDefinition(
        name: "macd_crossover",
        summary: "long while MACD > its signal line; short or flat otherwise",
        parameters: [
            ParameterSpec("fast_period", .integer, default: 12, range: 2...1000, "fast EMA period (bars)"),
            ParameterSpec("slow_period", .integer, default: 26, range: 3...2000, "slow EMA period (bars)"),
            ParameterSpec("signal_period", .integer, default: 9, range: 1...1000, "signal-line EMA period (bars)"),
            PositionRules.allowShortSpec,
        ],
        constraints: [.less("fast_period", "slow_period")],
        stream: { p in
            var macd = MACDState(fast: p.int("fast_period"), slow: p.int("slow_period"), signal: p.int("signal_period"))
            let allowShort = p.int("allow_short") == 1
            return SignalStream(symbolCount: 1) { bars in
                let value = macd.update(bars[0].close)
                return [PositionRules.crossover(value.macd, value.signal, allowShort: allowShort)]
            }
        }
    ) { context, p in
        let close = context.bars[0].close
        let key = [p.value("fast_period"), p.value("slow_period"), p.value("signal_period")]
        // Computed only on a cache miss: every trial with the same periods shares one MACD.
        let series = context.indicators(["macd", "macd_signal"], key) {
            let macd = Indicators.macd(close, fast: p.int("fast_period"), slow: p.int("slow_period"),
                                       signal: p.int("signal_period"))
            return [macd.macd, macd.signal]
        }
        return [PositionRules.crossover(series[0], series[1], allowShort: p.int("allow_short") == 1)]
    }
}
