import Indicators

/// `mean_reversion`: fade large deviations of price from its rolling mean.
///
/// With `z_t = (close − SMA_n) / σ_n` (population σ over `lookback_period` bars):
/// enter long when `z < −entry_z`, short when `z > entry_z`; exit a long once
/// `z > −exit_z` and a short once `z < exit_z`; hold in between.
///
/// Parameters: `lookback_period` (20), `entry_z` (2), `exit_z` (0.5); constraint `exit_z ≤ entry_z`.
enum MeanReversion {
    static let definition = StrategyDefinition(
        name: "mean_reversion",
        summary: "enter at |z-score| > entry_z against the move, exit when |z| < exit_z",
        parameters: [
            ParameterSpec("lookback_period", .integer, default: 20, range: 2...2000, "z-score window (bars)"),
            ParameterSpec("entry_z", .real, default: 2, range: 0...10, "z-score that opens a position"),
            ParameterSpec("exit_z", .real, default: 0.5, range: 0...10, "z-score that closes it"),
        ],
        constraints: [.lessOrEqual("exit_z", "entry_z")],
        stream: { p in
            var zScore = ZScoreState(period: p.int("lookback_period"))
            let entry = p.value("entry_z"), exit = p.value("exit_z")
            var rule = PositionRules.Hysteresis()
            return SignalStream(symbolCount: 1) { bars in
                let z = zScore.update(bars[0].close)
                return [rule.step(defined: z.isFinite, enterLong: { z < -entry }, enterShort: { z > entry },
                                  exitLong: { z > -exit }, exitShort: { z < exit })]
            }
        }
    ) { context, p in
        let close = context.bars[0].close
        let n = p.int("lookback_period")
        let z = context.indicator("zscore", [Double(n)]) { Indicators.zScore(close, period: n) }
        let entry = p.value("entry_z"), exit = p.value("exit_z")
        return [PositionRules.hysteresis(
            count: close.count, defined: { z[$0].isFinite },
            enterLong: { z[$0] < -entry }, enterShort: { z[$0] > entry },
            exitLong: { z[$0] > -exit }, exitShort: { z[$0] < exit })]
    }
}
