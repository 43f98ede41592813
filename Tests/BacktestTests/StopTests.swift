import Backtest
import Market
import Testing

@Suite("Stops: gap-aware stop-loss, take-profit, trailing stop")
struct StopTests {
    func run(_ bars: BarSeries, _ values: [Double], stops: StopRules) throws -> BacktestResult {
        var config = BacktestConfig()
        config.initialCapital = 1000
        config.stops = stops
        return try BacktestEngine(config: config).run(bars: bars, signal: TestBars.signal(bars, values))
    }

    @Test("stop-loss inside the bar fills at the stop level")
    func stopInsideBar() throws {
        let bars = TestBars.make(open: [100, 100, 99, 98], close: [100, 99, 98, 97],
                                 high: [101, 101, 100, 99], low: [99, 98, 94, 96])
        let result = try run(bars, [1, 1, 1, 1], stops: StopRules(stopLoss: 0.05))
        let trade = try #require(result.trades.first)
        #expect(trade.exitReason == .stopLoss)
        #expect(abs(trade.exitPrice - 95) < 1e-12)
        #expect(result.positions[0][3] == 0)  // stays flat: the signal did not change
    }

    @Test("a gap through the stop fills at the open, not the stop level")
    func gapThroughStop() throws {
        let bars = TestBars.make(open: [100, 100, 90, 91], close: [100, 99, 91, 92],
                                 high: [101, 101, 92, 93], low: [99, 98, 89, 90])
        let result = try run(bars, [1, 1, 1, 1], stops: StopRules(stopLoss: 0.05))
        let trade = try #require(result.trades.first)
        #expect(trade.exitReason == .stopLoss)
        #expect(trade.exitPrice == 90)
    }

    @Test("take-profit fills at its level; a stop in the same bar wins")
    func takeProfit() throws {
        let bars = TestBars.make(open: [100, 100, 105, 106], close: [100, 104, 106, 107],
                                 high: [101, 105, 111, 108], low: [99, 99, 104, 105])
        let result = try run(bars, [1, 1, 1, 1], stops: StopRules(takeProfit: 0.1))
        #expect(result.trades.first?.exitReason == .takeProfit)
        #expect(abs((result.trades.first?.exitPrice ?? 0) - 110) < 1e-12)
        let both = TestBars.make(open: [100, 100, 100], close: [100, 100, 100],
                                 high: [101, 112, 101], low: [99, 94, 99])
        let conservative = try run(both, [1, 1, 1], stops: StopRules(stopLoss: 0.05, takeProfit: 0.1))
        #expect(conservative.trades.first?.exitReason == .stopLoss)
    }

    @Test("trailing stop follows the best high since entry")
    func trailing() throws {
        let bars = TestBars.make(open: [100, 100, 110, 118, 112], close: [100, 110, 118, 112, 111],
                                 high: [100, 111, 120, 119, 113], low: [100, 99, 109, 107, 110])
        let result = try run(bars, [1, 1, 1, 1, 1], stops: StopRules(trailingStop: 0.1))
        let trade = try #require(result.trades.first)
        #expect(trade.exitReason == .trailingStop)
        // Best high before bar 3 is 120 → stop at 108, hit by bar 3's low of 107.
        #expect(abs(trade.exitPrice - 108) < 1e-12)
    }

    @Test("short stop-loss triggers on the high")
    func shortStop() throws {
        let bars = TestBars.make(open: [100, 100, 101, 102], close: [100, 101, 102, 103],
                                 high: [101, 102, 106, 104], low: [99, 99, 100, 101])
        let result = try run(bars, [-1, -1, -1, -1], stops: StopRules(stopLoss: 0.05))
        #expect(result.trades.first?.exitReason == .stopLoss)
        #expect(abs((result.trades.first?.exitPrice ?? 0) - 105) < 1e-12)
    }
}
