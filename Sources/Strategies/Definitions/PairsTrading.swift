import Indicators

/// `pairs_trading`: trade the mean reversion of a hedged spread between two symbols.
///
/// Over a rolling window of `lookback_period` bars the hedge ratio is the OLS slope
/// `β_t = cov(log A, log B) / var(log B)`; the spread is `s_t = log A_t − β_t log B_t`
/// and `z_t` its z-score over the same window (population σ). When `z > entry_z`
/// the spread is rich: short A, long B; when `z < −entry_z`, long A, short B; the
/// position closes once `|z| < exit_z`. Legs are dollar-neutral (signals ±1 on each
/// symbol; the portfolio gives each half of the capital).
///
/// Parameters: `lookback_period` (60), `entry_z` (2), `exit_z` (0.5). Trades exactly two symbols.
enum PairsTrading {
    static let definition = StrategyDefinition(
        name: "pairs_trading",
        summary: "two symbols: rolling OLS hedge ratio, trade the spread's z-score (dollar-neutral legs)",
        parameters: [
            ParameterSpec("lookback_period", .integer, default: 60, range: 5...2000, "hedge-ratio and z-score window (bars)"),
            ParameterSpec("entry_z", .real, default: 2, range: 0...10, "spread z-score that opens a position"),
            ParameterSpec("exit_z", .real, default: 0.5, range: 0...10, "spread z-score that closes it"),
        ],
        symbolCount: 2,
        constraints: [.lessOrEqual("exit_z", "entry_z")],
        stream: { p in
            let n = p.int("lookback_period"), entry = p.value("entry_z"), exit = p.value("exit_z")
            var a = TrailingWindow(capacity: n), b = TrailingWindow(capacity: n)
            var rule = PositionRules.Hysteresis()
            return SignalStream(symbolCount: 2) { bars in
                a.push(naturalLog(bars[0].close))
                b.push(naturalLog(bars[1].close))
                let z = a.isFull ? spreadZ(a.values[...], b.values[...]) : .nan
                let leg = rule.step(defined: z.isFinite, enterLong: { z < -entry }, enterShort: { z > entry },
                                    exitLong: { z > -exit }, exitShort: { z < exit })
                return [leg, -leg]
            }
        }
    ) { context, p in
        let a = context.bars[0].close.map { naturalLog($0) }
        let b = context.bars[1].close.map { naturalLog($0) }
        let n = p.int("lookback_period")
        let z = context.indicator("pairs_spread_zscore", field: "\(context.bars[1].symbol).close", [Double(n)]) {
            spreadZScore(a, b, window: n)
        }
        let entry = p.value("entry_z"), exit = p.value("exit_z")
        let legA = PositionRules.hysteresis(
            count: a.count, defined: { z[$0].isFinite },
            enterLong: { z[$0] < -entry }, enterShort: { z[$0] > entry },
            exitLong: { z[$0] > -exit }, exitShort: { z[$0] < exit })
        return [legA, legA.map { -$0 }]
    }

    /// z-score of `a − β b` with β, mean and σ all over the trailing `window` bars.
    static func spreadZScore(_ a: [Double], _ b: [Double], window n: Int) -> [Double] {
        var z = [Double](repeating: .nan, count: a.count)
        guard n >= 2, a.count >= n else { return z }
        for t in (n - 1)..<a.count {
            let range = (t - n + 1)...t
            z[t] = spreadZ(a[range], b[range])
        }
        return z
    }

    /// The z-score of the last bar of `a − β b` over the window `a`, `b` (equal lengths, the
    /// newest last); NaN when b or the spread is flat.
    static func spreadZ(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
        let n = Double(a.count)
        let moments = Indicators.comoments(a, b)
        guard moments.sbb > 0 else { return .nan }
        let beta = moments.sab / moments.sbb
        var meanS = 0.0
        for (x, y) in zip(a, b) { meanS += x - beta * y }
        meanS /= n
        var varS = 0.0
        for (x, y) in zip(a, b) {
            let d = x - beta * y - meanS
            varS += d * d
        }
        let sd = (varS / n).squareRoot()
        guard sd > 0, let lastA = a.last, let lastB = b.last else { return .nan }
        return (lastA - beta * lastB - meanS) / sd
    }
}
