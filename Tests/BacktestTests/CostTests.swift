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
        // Buy 100 units at 100 (10,000 notional): 10 commission; sell 100 at 100: 10 more.
        #expect(abs((result.equity.last ?? 0) - (10_000 - 20)) < 1e-9)
        #expect(abs(result.totalCommission - 20) < 1e-9)
        #expect(abs((result.trades.first?.costs ?? 0) - 20) < 1e-9)
    }

    @Test("commission per share")
    func commissionPerShare() throws {
        let result = try run(CostModel(commissionPerShare: 0.01))
        #expect(abs((result.equity.last ?? 0) - (10_000 - 2)) < 1e-9)
    }

    @Test("slippage moves both fills against the trade")
    func slippage() throws {
        let result = try run(CostModel(slippageBps: 5))
        let trade = try #require(result.trades.first)
        #expect(abs(trade.entryPrice - 100.05) < 1e-12)
        #expect(abs(trade.exitPrice - 99.95) < 1e-12)
        let units = 10_000 / 100.0
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

    @Test("the standard preset is what include_transaction_costs switches on")
    func standardPreset() throws {
        #expect(CostModel.standard.commissionBps == 1)
        #expect(CostModel.standard.slippageBps == 2)
        #expect(!CostModel.standard.isZero)
        #expect(CostModel.zero.isZero)
    }
}
