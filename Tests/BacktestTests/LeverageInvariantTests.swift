import Backtest
import Market
import Testing

@Suite("Invariants of the leverage cap over random setups")
struct LeverageInvariantTests {
    /// The sanitised signal the engine acts on (NaN → 0, clamped, long-only → ≥ 0).
    static func acted(_ value: Double, allowShort: Bool) -> Double {
        var s = value.isFinite ? min(1, max(-1, value)) : 0
        if !allowShort { s = max(0, s) }
        return s
    }

    @Test("maxLeverage 1, fills at the decision close: gross exposure right after each fill ≤ equity")
    func grossWithinEquity() throws {
        var rng = SeededGenerator(seed: 7, stream: "leverage-invariant")
        var checked = 0, exempt = 0
        for _ in 0..<600 {
            var setup = RandomSetup.make(rng: &rng)
            setup.config.maxLeverage = 1
            setup.config.fill = .close  // decided and filled at the same close: no price move in between
            setup.config.delayBars = 0
            let result = try BacktestEngine(config: setup.config).run(bars: setup.bars, signals: setup.signalSeries)
            let k = setup.bars.count
            let end = result.ruinBar ?? result.equity.count
            for t in 0..<end {
                // A fill moment: some symbol's acted-on signal changed at t.
                let ordered = (0..<k).contains { i in
                    let now = Self.acted(setup.signals[i][t], allowShort: setup.config.allowShort)
                    let before = t > 0 ? Self.acted(setup.signals[i][t - 1], allowShort: setup.config.allowShort) : 0
                    return now != before
                }
                guard ordered else { continue }
                var gross = 0.0
                for i in 0..<k { gross += abs(result.positions[i][t]) * setup.bars[i].close[t] }
                checked += 1
                if gross <= result.equity[t] * (1 + 1e-9) { continue }
                // The one documented exception: positions that drifted above the cap and orders
                // that add nothing (s = 0). Then no position may have grown at this fill.
                let added = (0..<k).contains { i in
                    let before = t > 0 ? result.positions[i][t - 1] : 0
                    let after = result.positions[i][t]
                    return after != 0 && (before * after <= 0 || abs(after) > abs(before) * (1 + 1e-12))
                }
                #expect(!added, "gross \(gross) > equity \(result.equity[t]) at bar \(t) after adding exposure")
                exempt += 1
            }
        }
        #expect(checked > 5_000, "fill moments checked: \(checked)")
        #expect(exempt * 50 < checked, "fills above the cap without added exposure: \(exempt) of \(checked)")
    }

    @Test("maxLeverage 1, long only: cash is never negative (beyond rounding)")
    func cashNonNegative() throws {
        var rng = SeededGenerator(seed: 11, stream: "cash-invariant")
        for _ in 0..<600 {
            var setup = RandomSetup.make(rng: &rng)
            setup.config.maxLeverage = 1
            setup.config.allowShort = false
            let result = try BacktestEngine(config: setup.config).run(bars: setup.bars, signals: setup.signalSeries)
            #expect(result.ruinBar == nil)
            // At most interest on rounding-level negative cash.
            #expect(result.totalFinancing <= 1e-9 * setup.config.initialCapital)
            for t in result.equity.indices {
                var held = 0.0
                for i in setup.bars.indices { held += result.positions[i][t] * setup.bars[i].close[t] }
                let cash = result.equity[t] - held
                #expect(cash >= -1e-9 * result.equity[t], "cash \(cash) at bar \(t)")
            }
        }
    }
}
