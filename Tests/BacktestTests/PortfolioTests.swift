import Backtest
import Market
import Testing

@Suite("Portfolio, sizing and configuration")
struct PortfolioTests {
    @Test("two symbols share equity by allocation")
    func twoSymbols() throws {
        let a = TestBars.make("A", open: [10, 10, 11, 12], close: [10, 10, 11, 12])
        let b = TestBars.make("B", open: [50, 50, 50, 40], close: [50, 50, 50, 40])
        var config = BacktestConfig()
        config.initialCapital = 1000
        let result = try BacktestEngine(config: config).run(
            bars: [a, b], signals: [TestBars.signal(a, [1, 1, 1, 1]), TestBars.signal(b, [1, 1, 1, 1])])
        #expect(abs(result.positions[0][1] - 50) < 1e-12)
        #expect(abs(result.positions[1][1] - 10) < 1e-12)
        #expect(abs(result.equity[3] - (50 * 12 + 10 * 40)) < 1e-9)
        #expect(result.symbols == ["A", "B"])
    }

    @Test("misaligned symbols are refused with a hint")
    func misaligned() throws {
        let a = TestBars.make("A", open: [10, 10, 11], close: [10, 10, 11])
        var b = TestBars.make("B", open: [10, 10, 11], close: [10, 10, 11])
        b.timestamps[2] += 60
        #expect(throws: BacktestError.self) {
            try BacktestEngine(config: BacktestConfig()).run(
                bars: [a, b], signals: [TestBars.signal(a, [1, 1, 1]), TestBars.signal(b, [1, 1, 1])])
        }
    }

    @Test("volatility targeting scales the weight by target / realised volatility")
    func volatilityTarget() throws {
        var closes: [Double] = [100]
        for t in 1..<60 { closes.append(closes[t - 1] * (t % 2 == 0 ? 1.01 : 0.99)) }
        let bars = TestBars.make(open: closes, close: closes)
        var values = [Double](repeating: 0, count: 60)
        values[40] = 1
        var config = BacktestConfig()
        config.sizing = .volatilityTarget(annualVolatility: 0.05, lookback: 20, maxLeverage: 3)
        config.periodsPerYear = 252
        let result = try BacktestEngine(config: config).run(bars: bars, signal: TestBars.signal(bars, values))
        // Realised σ ≈ 1 % a day ≈ 15.9 % a year → weight ≈ 0.05 / 0.159 ≈ 0.31 at the fill.
        let weight = result.positions[0][41] * closes[41] / result.equity[41]
        #expect(weight > 0.28 && weight < 0.34)
    }

    @Test("invalid settings name the setting")
    func invalid() {
        var config = BacktestConfig()
        config.costs.commissionBps = -1
        #expect(throws: BacktestError.self) { try config.validate(symbolCount: 1) }
        config = BacktestConfig()
        config.stops.stopLoss = 0
        do {
            try config.validate(symbolCount: 1)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("stop_loss"))
        }
        for bps in [10_000.0, 20_000, .infinity] {
            config = BacktestConfig()
            config.costs.slippageBps = bps
            #expect(throws: BacktestError.self) { try config.validate(symbolCount: 1) }
            config = BacktestConfig()
            config.costs.commissionBps = bps
            #expect(throws: BacktestError.self) { try config.validate(symbolCount: 1) }
        }
        config = BacktestConfig()
        config.costs.slippageBps = 9_999
        #expect(throws: Never.self) { try config.validate(symbolCount: 1) }
    }

    @Test("metrics are annualised from the bar spacing")
    func annualisation() throws {
        let bars = TestBars.make(open: [100, 101, 102, 103], close: [101, 102, 103, 104])
        let result = try BacktestEngine(config: BacktestConfig()).run(bars: bars, signal: TestBars.signal(bars, [1, 1, 1, 1]))
        #expect(result.periodsPerYear == 252)
    }
}
