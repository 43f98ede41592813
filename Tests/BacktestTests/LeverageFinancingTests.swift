import Backtest
import Market
import Testing

@Suite("Leverage cap, financing, borrow fees and ruin")
struct LeverageFinancingTests {
    let flat = TestBars.make(open: [100, 100, 100, 100, 100], close: [100, 100, 100, 100, 100])

    func config(capital: Double = 1_000, _ change: (inout BacktestConfig) -> Void) -> BacktestConfig {
        var config = BacktestConfig()
        config.initialCapital = capital
        config.periodsPerYear = 252
        change(&config)
        return config
    }

    @Test("a fully invested buy with commission is scaled to fit equity after costs: no negative cash")
    func fullyInvestedWithCosts() throws {
        let result = try BacktestEngine(config: config { $0.costs = CostModel(commissionBps: 10) })
            .run(bars: flat, signal: TestBars.signal(flat, [1, 1, 1, 1, 1]))
        // Unscaled: 10 units, cost 1 → cap 999 → s = 0.999 → 9.99 units, commission 0.999.
        #expect(abs(result.positions[0][1] - 9.99) < 1e-12)
        let cash = result.equity[1] - result.positions[0][1] * 100
        #expect(cash >= 0)
        #expect(abs(result.equity[1] - (1_000 - 0.999)) < 1e-9)
    }

    @Test("fraction 2 is held to 1× equity by default and allowed with maxLeverage 2")
    func leverageCap() throws {
        let signal = TestBars.signal(flat, [1, 1, 1, 1, 1])
        let capped = try BacktestEngine(config: config { $0.sizing = .fixedFraction(2) }).run(bars: flat, signal: signal)
        #expect(abs(capped.positions[0][1] - 10) < 1e-12)
        let levered = try BacktestEngine(config: config {
            $0.sizing = .fixedFraction(2)
            $0.maxLeverage = 2
        }).run(bars: flat, signal: signal)
        #expect(abs(levered.positions[0][1] - 20) < 1e-12)
        let half = try BacktestEngine(config: config { $0.maxLeverage = 0.5 }).run(bars: flat, signal: signal)
        #expect(abs(half.positions[0][1] - 5) < 1e-12)
    }

    @Test("one common factor scales the added exposure; a position not trading keeps its size")
    func commonFactor() throws {
        let a = TestBars.make("A", open: [100, 100, 100, 100], close: [100, 100, 100, 100])
        let b = TestBars.make("B", open: [50, 50, 50, 50], close: [50, 50, 50, 50])
        let c = TestBars.make("C", open: [20, 20, 20, 20], close: [20, 20, 20, 20])
        // A enters first at 0.5 of equity; then B and C both ask for 0.5 (1.5 in all) at bar 2.
        var config = config { $0.allocations = [1, 1, 1] }
        config.sizing = .fixedFraction(0.5)
        let result = try BacktestEngine(config: config).run(
            bars: [a, b, c], signals: [TestBars.signal(a, [1, 1, 1, 1]), TestBars.signal(b, [0, 1, 1, 1]),
                                        TestBars.signal(c, [0, 1, 1, 1])])
        #expect(abs(result.positions[0][2] - 5) < 1e-12)  // A: 500 of 1,000, untouched
        // B and C share the remaining 500 in proportion to what they asked for: 250 each.
        #expect(abs(result.positions[1][2] - 5) < 1e-12)
        #expect(abs(result.positions[2][2] - 12.5) < 1e-12)
    }

    @Test("an order that only reduces exposure is never blocked, even above the cap")
    func reductionsPass() throws {
        let bars = TestBars.make(open: [100, 100, 150, 150, 150], close: [100, 100, 150, 150, 150])
        var config = config { $0.sizing = .fixedFraction(2) }
        config.maxLeverage = 1
        // Short 10 at 100 (capped at 1×); at 150 equity is 500 and gross 1,500 (3×).
        // Signal −0.9 asks for −1.8 × 500 / 150 = −6 units: a reduction, filled as asked.
        let result = try BacktestEngine(config: config).run(bars: bars, signal: TestBars.signal(bars, [-1, -1, -0.9, -0.9, -0.9]))
        #expect(abs(result.positions[0][1] + 10) < 1e-12)
        #expect(abs(result.positions[0][3] + 6) < 1e-12)
        #expect(abs(result.equity[4] - 500) < 1e-9)
    }

    @Test("financing accrues on negative cash every bar, compounding, before the open fills")
    func financing() throws {
        let config = config {
            $0.sizing = .fixedFraction(2)
            $0.maxLeverage = 2
            $0.financingRate = 0.1
        }
        let result = try BacktestEngine(config: config).run(bars: flat, signal: TestBars.signal(flat, [1, 1, 1, 1, 1]))
        // Bought 20 at bar 1's open: cash −1,000 at close 1; interest charged at the starts of bars 2, 3, 4.
        let rate = 0.1 / 252
        var cash = -1_000.0, paid = 0.0
        for _ in 2...4 {
            paid += -cash * rate
            cash *= 1 + rate
        }
        #expect(abs(result.totalFinancing - paid) < 1e-9)
        #expect(abs(result.equity[4] - (2_000 + cash)) < 1e-9)
        #expect(result.totalBorrowCost == 0)
    }

    @Test("borrow fees accrue on short notional at the previous close")
    func borrow() throws {
        let bars = TestBars.make(open: [100, 100, 110, 120, 120], close: [100, 100, 110, 120, 120])
        let config = config { $0.borrowRate = 0.2 }
        let result = try BacktestEngine(config: config).run(bars: bars, signal: TestBars.signal(bars, [-1, -1, -1, -1, -1]))
        // Short 10 units from bar 1's open; fees at the starts of bars 2, 3, 4 on closes 100, 110, 120.
        let fees = 10 * (100.0 + 110 + 120) * 0.2 / 252
        #expect(abs(result.totalBorrowCost - fees) < 1e-9)
        #expect(abs(result.equity[4] - (1_000 - 10 * 20 - fees)) < 1e-9)
        #expect(result.totalFinancing == 0)
    }

    @Test("ruin: equity at or below zero closes everything; equity 0 and returns 0 afterwards")
    func ruinAtClose() throws {
        let bars = TestBars.make(open: [100, 100, 150, 260, 100, 90], close: [100, 100, 210, 250, 100, 90])
        let result = try BacktestEngine(config: config { _ in }).run(
            bars: bars, signal: TestBars.signal(bars, [-1, -1, -1, -1, -1, -1]))
        // Short 10 at 100 with 2,000 cash: at close 210 equity is 2,000 − 2,100 < 0.
        #expect(result.ruinBar == 2)
        #expect(result.ruinTime == bars.timestamps[2])
        #expect(Array(result.equity[2...]) == [0, 0, 0, 0])
        #expect(result.returns[1] == -1)
        #expect(Array(result.returns[2...]) == [0, 0, 0])
        #expect(result.summary.totalReturn == -1)
        #expect(result.positions[0][2...].allSatisfy { $0 == 0 })
        #expect(result.trades.count == 1)
        #expect(result.trades.first?.exitReason == .ruin)
        #expect(result.trades.first?.exitPrice == 210)
    }

    @Test("ruin at a fill moment: a gap through zero equity liquidates at the open")
    func ruinAtOpen() throws {
        let bars = TestBars.make(open: [100, 100, 100, 40, 100], close: [100, 100, 100, 100, 100])
        var config = config { $0.sizing = .fixedFraction(2) }
        config.maxLeverage = 2
        // Long 20 units (2×) from bar 1; bar 3's order (signal 0.5 at bar 2) meets equity 1,000 − 20 × 60 < 0.
        let result = try BacktestEngine(config: config).run(bars: bars, signal: TestBars.signal(bars, [1, 1, 0.5, 0.5, 0.5]))
        #expect(result.ruinBar == 3)
        #expect(result.trades.first?.exitPrice == 40)
        #expect(result.equity[3] == 0 && result.equity[4] == 0)
        #expect(result.summary.totalReturn == -1)
    }

    @Test("invalid leverage and rates name the setting")
    func invalid() {
        for (change, name) in [
            ({ (c: inout BacktestConfig) in c.maxLeverage = 0 }, "max_leverage"),
            ({ (c: inout BacktestConfig) in c.maxLeverage = .infinity }, "max_leverage"),
            ({ (c: inout BacktestConfig) in c.financingRate = -0.01 }, "financing_rate"),
            ({ (c: inout BacktestConfig) in c.borrowRate = .nan }, "borrow_rate"),
        ] {
            var config = BacktestConfig()
            change(&config)
            do {
                try config.validate(symbolCount: 1)
                Issue.record("expected an error for \(name)")
            } catch {
                #expect("\(error)".contains(name))
            }
        }
    }
}
