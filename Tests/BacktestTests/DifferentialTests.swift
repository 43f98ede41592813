import Backtest
import Market
import Testing

@Suite("Differential: the engine against a naive bar-by-bar reference")
struct DifferentialTests {
    static let setups = 3_000

    @Test("equity at every bar, trade count, ruin, financing and borrow agree over random setups")
    func agreesWithReference() throws {
        var rng = SeededGenerator(seed: 20_240_601, stream: "backtest-differential")
        var coverage = (ruined: 0, scaled: 0, blocked: 0, financed: 0, borrowed: 0, trades: 0, impact: 0, stops: 0)
        var failures = 0
        for index in 0..<Self.setups {
            let setup = RandomSetup.make(rng: &rng)
            let config = setup.config
            let engine = try BacktestEngine(config: config).run(bars: setup.bars, signals: setup.signalSeries)
            var naive = NaiveBacktest(config: config, bars: setup.bars, signals: setup.signals, periodsPerYear: 252)
            let reference = naive.run()
            var problems: [String] = []
            for t in engine.equity.indices {
                let a = engine.equity[t], b = reference.equity[t]
                if !(abs(a - b) <= 1e-9 * max(abs(a), abs(b))) && a != b {
                    problems.append("bar \(t): engine equity \(a), reference \(b)")
                    break
                }
            }
            if engine.trades.count != reference.trades {
                problems.append("trades: engine \(engine.trades.count), reference \(reference.trades)")
            }
            if engine.impactSkippedFills != reference.impactSkipped {
                problems.append("impact skipped: engine \(engine.impactSkippedFills), reference \(reference.impactSkipped)")
            }
            if engine.ruinBar != reference.ruinBar {
                problems.append("ruin: engine \(String(describing: engine.ruinBar)), reference \(String(describing: reference.ruinBar))")
            }
            for (name, a, b) in [("financing", engine.totalFinancing, reference.financing),
                                 ("borrow", engine.totalBorrowCost, reference.borrow)]
            where !(abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-12 * config.initialCapital) {
                problems.append("\(name): engine \(a), reference \(b)")
            }
            if !problems.isEmpty {
                failures += 1
                if failures <= 5 { Issue.record("setup \(index): \(problems.joined(separator: "; "))\n\(config)") }
            }
            if engine.ruinBar != nil { coverage.ruined += 1 }
            coverage.scaled += reference.scaledMoments
            coverage.blocked += reference.blockedMoments
            if engine.totalFinancing > 0 { coverage.financed += 1 }
            if engine.totalBorrowCost > 0 { coverage.borrowed += 1 }
            if config.costs.marketImpact != nil, engine.totalSlippage > 0 { coverage.impact += 1 }
            if engine.trades.contains(where: { [.stopLoss, .takeProfit, .trailingStop].contains($0.exitReason) }) {
                coverage.stops += 1
            }
            coverage.trades += engine.trades.count
        }
        #expect(failures == 0, "\(failures) of \(Self.setups) setups disagree")
        // The setups must actually exercise what they claim to.
        #expect(coverage.ruined >= 20, "ruined runs: \(coverage.ruined)")
        #expect(coverage.scaled >= 1_000, "fill moments scaled by the leverage cap: \(coverage.scaled)")
        #expect(coverage.blocked >= 20, "fill moments fully blocked by the leverage cap: \(coverage.blocked)")
        #expect(coverage.financed >= 200, "runs with financing: \(coverage.financed)")
        #expect(coverage.borrowed >= 200, "runs with borrow fees: \(coverage.borrowed)")
        #expect(coverage.impact >= 200, "runs with market impact: \(coverage.impact)")
        #expect(coverage.stops >= 300, "runs with protective exits: \(coverage.stops)")
        #expect(coverage.trades >= 10 * Self.setups, "trades: \(coverage.trades)")
    }
}
