@testable import Backtest
import Market
import Testing

/// The engine's single-symbol path against its general loop: bit-for-bit the same result,
/// for every setting the fast path accepts, and the `.summary` detail the same metrics.
@Suite("Engine paths: the single-symbol path equals the general loop bit for bit")
struct EnginePathTests {
    @Test("random single-symbol setups without stops: identical equity, returns, trades and metrics")
    func fastEqualsGeneral() throws {
        var rng = SeededGenerator(seed: 7, stream: "engine-paths")
        var checked = 0
        for _ in 0..<3_000 {
            var setup = RandomSetup.make(rng: &rng)
            guard setup.bars.count >= 1 else { continue }
            // Keep one symbol and drop the stops: the cases the fast path takes.
            setup.bars = [setup.bars[0]]
            setup.signals = [setup.signals[0]]
            var config = setup.config
            config.stops = StopRules()
            config.allocations = config.allocations.map { [$0[0]] }
            #expect(SingleSymbolSimulation.isEligible(config: config, symbols: 1))
            let engine = BacktestEngine(config: config)
            let fast = try engine.run(bars: setup.bars, signals: setup.signalSeries)
            let general = try engine.runGeneral(bars: setup.bars, signals: setup.signalSeries)
            #expect(fast.equity == general.equity)
            #expect(fast.returns == general.returns)
            #expect(fast.positions == general.positions && fast.weights == general.weights)
            #expect("\(fast.trades)" == "\(general.trades)")  // printed: NaN equals NaN, distinct values differ
            #expect("\(fast.summary)" == "\(general.summary)")
            #expect(fast.ruinBar == general.ruinBar && fast.impactSkippedFills == general.impactSkippedFills)
            #expect(fast.totalCommission == general.totalCommission && fast.totalFinancing == general.totalFinancing
                    && fast.totalBorrowCost == general.totalBorrowCost && "\(fast.turnover)" == "\(general.turnover)")
            // A trial's `.summary` detail: the same metrics and trades, no per-bar arrays.
            config.detail = .summary
            let brief = try BacktestEngine(config: config).run(bars: setup.bars, signals: setup.signalSeries)
            #expect("\(brief.summary)" == "\(fast.summary)" && "\(brief.trades)" == "\(fast.trades)")
            #expect(brief.equity.isEmpty && brief.returns.isEmpty && brief.positions.isEmpty)
            let briefGeneral = try BacktestEngine(config: config).runGeneral(bars: setup.bars, signals: setup.signalSeries)
            #expect("\(briefGeneral.summary)" == "\(fast.summary)")
            checked += 1
        }
        #expect(checked >= 2_000)
    }
}
