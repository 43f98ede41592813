import Backtest
import Market
import Testing

@Suite("Engine basics: timing, equity, trades")
struct EngineBasicsTests {
    let bars = TestBars.make(open: [100, 101, 103, 102, 106, 110], close: [100.5, 102, 104, 101, 108, 109])

    @Test("a signal on bar t trades at bar t+1's open, never earlier")
    func noLookAhead() throws {
        let signal = TestBars.signal(bars, [0, 1, 1, 0, 0, 0])
        var config = BacktestConfig()
        config.initialCapital = 1000
        let result = try BacktestEngine(config: config).run(bars: bars, signal: signal)
        // Decided at bar 1's close, filled at bar 2's open (103); exit decided at bar 3, filled at bar 4's open (106).
        #expect(result.positions[0][1] == 0)
        #expect(abs(result.positions[0][2] - 1000.0 / 103) < 1e-12)
        #expect(result.positions[0][4] == 0)
        #expect(result.equity[0] == 1000)
        #expect(result.equity[1] == 1000)
        #expect(abs(result.equity[2] - 1000 * 104.0 / 103) < 1e-9)
        #expect(abs(result.equity[5] - 1000 * 106.0 / 103) < 1e-9)
        let trade = try #require(result.trades.first)
        #expect(result.trades.count == 1)
        #expect(trade.entryPrice == 103)
        #expect(trade.exitPrice == 106)
        #expect(trade.exitReason == .signal)
        #expect(trade.barsHeld == 2)
        #expect(abs(trade.pnl - (1000 * 106.0 / 103 - 1000)) < 1e-9)
    }

    @Test("fill at close trades at the signal bar's close")
    func closeFill() throws {
        let signal = TestBars.signal(bars, [0, 1, 1, 0, 0, 0])
        var config = BacktestConfig()
        config.initialCapital = 1000
        config.fill = .close
        let result = try BacktestEngine(config: config).run(bars: bars, signal: signal)
        #expect(abs(result.positions[0][1] - 1000.0 / 102) < 1e-12)
        #expect(abs(result.equity[5] - 1000 * 101.0 / 102) < 1e-9)
        #expect(abs(result.summary.totalReturn - (101.0 / 102 - 1)) < 1e-12)
    }

    @Test("execution delay postpones the fill by whole bars")
    func delay() throws {
        let signal = TestBars.signal(bars, [1, 1, 1, 1, 1, 1])
        var config = BacktestConfig()
        config.delayBars = 2
        let result = try BacktestEngine(config: config).run(bars: bars, signal: signal)
        #expect(result.positions[0][2] == 0)
        #expect(result.positions[0][3] > 0)
        #expect(result.trades.first?.entryPrice == 102)
    }

    @Test("an execution delay past the end of the data schedules nothing, even Int.max (no overflow)")
    func delayBeyondData() throws {
        let signal = TestBars.signal(bars, [1, 1, 1, 1, 1, 1])
        for fill in [FillTiming.nextOpen, .close] {
            let tooLong = fill == .nextOpen ? 5 : 6
            for delay in [tooLong, tooLong + 1, Int.max - 1, Int.max] {
                var config = BacktestConfig()
                config.fill = fill
                config.delayBars = delay
                let result = try BacktestEngine(config: config).run(bars: bars, signal: signal)
                #expect(result.trades.isEmpty, "\(fill) delay \(delay)")
                #expect(result.equity.allSatisfy { $0 == config.initialCapital })
            }
            // The longest delay that still fills: the decision at bar 0 fills at the last bar.
            var config = BacktestConfig()
            config.fill = fill
            config.delayBars = fill == .nextOpen ? 4 : 5
            let result = try BacktestEngine(config: config).run(bars: bars, signal: signal)
            #expect(result.positions[0][4] == 0)
            #expect(result.positions[0][5] > 0)
        }
    }

    @Test("short positions gain when the price falls")
    func short() throws {
        let falling = TestBars.make(open: [100, 100, 90, 80], close: [100, 95, 85, 80])
        var config = BacktestConfig()
        config.initialCapital = 1000
        let result = try BacktestEngine(config: config).run(bars: falling, signal: TestBars.signal(falling, [-1, -1, -1, -1]))
        // Short 10 units at 100 (bar 1 open); at the last close, 80: +200.
        #expect(abs(result.equity[3] - 1200) < 1e-9)
        #expect(result.trades.first?.direction == -1)
        #expect(result.trades.first?.exitReason == .endOfData)
        var longOnly = config
        longOnly.allowShort = false
        let flat = try BacktestEngine(config: longOnly).run(bars: falling, signal: TestBars.signal(falling, [-1, -1, -1, -1]))
        #expect(flat.equity.allSatisfy { $0 == 1000 })
    }

    @Test("reversal closes one trade and opens the next in the same fill")
    func reversal() throws {
        let signal = TestBars.signal(bars, [1, 1, -1, -1, 0, 0])
        let result = try BacktestEngine(config: BacktestConfig()).run(bars: bars, signal: signal)
        #expect(result.trades.count == 2)
        #expect(result.trades[0].direction == 1)
        #expect(result.trades[1].direction == -1)
        #expect(result.trades[0].exitTime == result.trades[1].entryTime)
    }

    @Test("trade P&L adds up to the change in equity")
    func pnlReconciles() throws {
        let signal = TestBars.signal(bars, [1, 0, -1, 1, 0.5, 0])
        var config = BacktestConfig()
        config.costs = CostModel(commissionBps: 5, commissionPerShare: 0.01, slippageBps: 3)
        let result = try BacktestEngine(config: config).run(bars: bars, signal: signal)
        let pnl = result.trades.reduce(0) { $0 + $1.pnl }
        #expect(abs(pnl - ((result.equity.last ?? 0) - config.initialCapital)) < 1e-6)
    }

    @Test("fractional signals size the position as a fraction of equity")
    func fractional() throws {
        let signal = TestBars.signal(bars, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
        var config = BacktestConfig()
        config.initialCapital = 1000
        let result = try BacktestEngine(config: config).run(bars: bars, signal: signal)
        #expect(abs(result.positions[0][1] * 101 - 500) < 1e-9)
        #expect(abs(result.weights[0][1] - result.positions[0][1] * 102 / result.equity[1]) < 1e-12)
    }
}
