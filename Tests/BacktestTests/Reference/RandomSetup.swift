import Backtest
import Market

/// Random, seeded backtest setups for the differential and invariant tests.
struct RandomSetup {
    var config: BacktestConfig
    var bars: [BarSeries]
    var signals: [[Double]]

    var signalSeries: [SignalSeries] {
        zip(bars, signals).map { SignalSeries(symbol: $0.symbol, timestamps: $0.timestamps, values: $1) }
    }

    /// Random-walk OHLCV bars: valid OHLC (low ≤ open, close ≤ high, all positive), gaps
    /// at the open, and about one bar in eight with zero volume.
    static func bars(_ symbol: String, count n: Int, volatility: Double, rng: inout SeededGenerator) -> BarSeries {
        var open = [Double](), high = [Double](), low = [Double](), close = [Double](), volume = [Double]()
        var previous = 20 + 180 * rng.nextDouble()
        for _ in 0..<n {
            let o = previous * (1 + 0.3 * volatility * rng.nextGaussian())
            let c = o * (1 + volatility * rng.nextGaussian())
            let h = max(o, c) * (1 + 0.5 * volatility * abs(rng.nextGaussian()))
            let l = min(o, c) * (1 - min(0.9, 0.5 * volatility * abs(rng.nextGaussian())))
            open.append(o); high.append(h); low.append(l); close.append(c)
            volume.append(rng.nextDouble() < 0.125 ? 0 : (1_000 + 200_000 * rng.nextDouble()).rounded())
            previous = c
        }
        let timestamps = (0..<n).map { 1_704_153_600 + Int64($0) * 86_400 }
        return BarSeries(symbol: symbol, timestamps: timestamps, open: open, high: high, low: low, close: close,
                         volume: volume)
    }

    /// Signals in [−1, 1] that hold for a few bars, with some NaN, exact 0, ±1 and out-of-range values.
    static func signal(count n: Int, rng: inout SeededGenerator) -> [Double] {
        var values: [Double] = []
        var current = 0.0
        let changeProbability = 0.1 + 0.5 * rng.nextDouble()
        for _ in 0..<n {
            if rng.nextDouble() < changeProbability {
                switch Int.random(in: 0..<8, using: &rng) {
                case 0: current = .nan
                case 1: current = 0
                case 2: current = 1
                case 3: current = -1
                case 4: current = 1.5  // clamped to 1
                default: current = 2 * rng.nextDouble() - 1
                }
            }
            values.append(current)
        }
        return values
    }

    /// One random setup covering every option of ``BacktestConfig``.
    static func make(rng: inout SeededGenerator) -> RandomSetup {
        func chance(_ p: Double) -> Bool { rng.nextDouble() < p }
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextDouble() }
        let n = Int.random(in: 30...90, using: &rng)
        let k = Int.random(in: 1...3, using: &rng)
        // One setup in five is a stress case: wild prices and high leverage, to reach ruin.
        let stress = chance(0.2)
        let volatility = stress ? uniform(0.05, 0.15) : uniform(0.005, 0.03)
        var config = BacktestConfig()
        config.initialCapital = uniform(1_000, 1_000_000)
        config.periodsPerYear = 252
        config.fill = chance(0.5) ? .nextOpen : .close
        config.delayBars = Int.random(in: 0...2, using: &rng)
        config.allowShort = chance(0.6)
        config.costs = CostModel(
            commissionBps: chance(0.5) ? uniform(0, 20) : 0,
            commissionPerShare: chance(0.3) ? uniform(0, 0.05) : 0,
            slippageBps: chance(0.5) ? uniform(0, 30) : 0,
            marketImpact: chance(0.4)
                ? MarketImpact(coefficient: uniform(0, 2), volatilityLookback: Int.random(in: 2...8, using: &rng)) : nil)
        config.sizing = chance(0.6)
            ? .fixedFraction(stress ? uniform(1, 5) : uniform(0.2, 2.5))
            : .volatilityTarget(annualVolatility: uniform(0.05, 0.6), lookback: Int.random(in: 2...10, using: &rng),
                                maxLeverage: uniform(0.5, 4))
        config.stops = StopRules(
            stopLoss: chance(0.35) ? uniform(0.01, 0.15) : nil,
            takeProfit: chance(0.35) ? uniform(0.01, 0.2) : nil,
            trailingStop: chance(0.35) ? uniform(0.01, 0.15) : nil)
        if chance(0.5) { config.allocations = (0..<k).map { _ in uniform(0, 1.5) } }
        config.maxLeverage = stress ? uniform(2, 10) : (chance(0.5) ? 1 : uniform(0.3, 3))
        config.financingRate = chance(0.5) ? uniform(0, 0.5) : 0
        config.borrowRate = chance(0.5) ? uniform(0, 0.5) : 0
        let bars = (0..<k).map { Self.bars("S\($0)", count: n, volatility: volatility, rng: &rng) }
        let signals = (0..<k).map { _ in Self.signal(count: n, rng: &rng) }
        return RandomSetup(config: config, bars: bars, signals: signals)
    }
}
