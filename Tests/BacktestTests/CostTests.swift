import Backtest
import Market
import Testing

@Suite("Costs: commission, slippage, market impact")
struct CostTests {
    let bars = TestBars.make(open: [100, 100, 100, 100], close: [100, 100, 100, 100])
    var roundTrip: SignalSeries { TestBars.signal(bars, [1, 0, 0, 0]) }

    func run(_ costs: CostModel) throws -> BacktestResult {
        var config = BacktestConfig()
        config.initialCapital = 10_000
        config.costs = costs
        return try BacktestEngine(config: config).run(bars: bars, signal: roundTrip)
    }

    @Test("no costs: a round trip at a constant price changes nothing")
    func free() throws {
        let result = try run(.zero)
        #expect(result.equity.last == 10_000)
    }

    @Test("commission in bps is charged on each side's notional")
    func commissionBps() throws {
        let result = try run(CostModel(commissionBps: 10))
        // Fully invested, 100 units at 100 would cost 10 and leave cash at −10; the 1× leverage
        // cap buys (10,000 − 10) / 10,000 of that: 99.9 units, 9.99 commission; selling them 9.99 more.
        #expect(abs(result.positions[0][1] - 99.9) < 1e-9)
        #expect(abs((result.equity.last ?? 0) - (10_000 - 19.98)) < 1e-9)
        #expect(abs(result.totalCommission - 19.98) < 1e-9)
        #expect(abs((result.trades.first?.costs ?? 0) - 19.98) < 1e-9)
    }

    @Test("commission per share")
    func commissionPerShare() throws {
        let result = try run(CostModel(commissionPerShare: 0.01))
        // Capped to 99.99 units (costs of the unscaled 100 units: 1): 2 × 0.9999 commission.
        #expect(abs((result.equity.last ?? 0) - (10_000 - 1.9998)) < 1e-9)
    }

    @Test("slippage moves both fills against the trade")
    func slippage() throws {
        let result = try run(CostModel(slippageBps: 5))
        let trade = try #require(result.trades.first)
        #expect(abs(trade.entryPrice - 100.05) < 1e-12)
        #expect(abs(trade.exitPrice - 99.95) < 1e-12)
        // Capped to 99.95 units: the unscaled 100 units at 100.05 would cost 5.
        let units = (10_000 - 5) / 100.0
        #expect(abs((result.equity.last ?? 0) - (10_000 - units * 0.10)) < 1e-9)
        #expect(abs(result.totalSlippage - units * 0.10) < 1e-9)
    }

    @Test("square-root impact grows with participation and needs volume")
    func impact() throws {
        let closes: [Double] = (0..<40).map { 100 * (1 + 0.01 * Double($0 % 3)) }
        let series = TestBars.make(open: closes, close: closes, volume: 10_000)
        var values = [Double](repeating: 0, count: 40)
        values[30] = 1
        let signal = TestBars.signal(series, values)
        func cost(capital: Double) throws -> Double {
            var config = BacktestConfig()
            config.initialCapital = capital
            config.costs = CostModel(marketImpact: MarketImpact(coefficient: 1, volatilityLookback: 20))
            let result = try BacktestEngine(config: config).run(bars: series, signal: signal)
            #expect(result.impactSkippedFills == 0)
            return result.totalSlippage / capital
        }
        let small = try cost(capital: 1_000)
        let large = try cost(capital: 100_000)
        #expect(small > 0)
        // Cost per unit of capital scales with √(size): 100× the size → 10× the relative cost.
        #expect(abs(large / small - 10) < 0.5)
    }

    @Test("impact reads σ and volume from the bars before the fill, never the fill bar's own volume")
    func impactUsesPriorVolume() throws {
        let closes: [Double] = (0..<40).map { 100 * (1 + 0.01 * Double($0 % 3)) }
        var series = TestBars.make(open: closes, close: closes, volume: 10_000)
        series.volume[10] = 1e9  // just outside the window of a fill at bar 31 (bars 11…30)
        series.volume[31] = 1  // the fill bar itself: unknown at its open
        var values = [Double](repeating: 0, count: 40)
        for t in 30..<40 { values[t] = 1 }
        var config = BacktestConfig()
        config.initialCapital = 100_000
        config.sizing = .fixedFraction(0.5)
        config.costs = CostModel(marketImpact: MarketImpact(coefficient: 1, volatilityLookback: 20))
        let result = try BacktestEngine(config: config).run(bars: series, signal: TestBars.signal(series, values))
        let returns = (11...30).map { closes[$0] / closes[$0 - 1] - 1 }
        let mean = returns.reduce(0, +) / 20
        let sigma = (returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 19).squareRoot()
        let price = closes[31]
        let units = result.positions[0][31]
        #expect(abs(units * price - 50_000) < 50)  // sized on pre-fill equity: 0.5 × 100,000
        let expected = price * (1 + sigma * (units / 10_000).squareRoot())
        #expect(abs((result.trades.first?.entryPrice ?? 0) - expected) < 1e-9)
        #expect(result.impactSkippedFills == 0)

        // With fewer than lookback + 1 bars before the fill there is no σ or V: impact is skipped and counted.
        var early = [Double](repeating: 0, count: 40)
        for t in 5..<40 { early[t] = 1 }
        let skipped = try BacktestEngine(config: config).run(bars: series, signal: TestBars.signal(series, early))
        #expect(skipped.impactSkippedFills == 1)
        #expect(skipped.totalSlippage == 0)
    }

    @Test("the standard preset is what include_transaction_costs switches on")
    func standardPreset() throws {
        #expect(CostModel.standard.commissionBps == 1)
        #expect(CostModel.standard.slippageBps == 2)
        #expect(!CostModel.standard.isZero)
        #expect(CostModel.zero.isZero)
    }
}
