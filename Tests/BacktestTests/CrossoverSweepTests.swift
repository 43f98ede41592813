import ADMFTestSupport
import Backtest
import Indicators
import Market
import Testing

@Suite("Crossover sweep: the benchmark kernel agrees with the engine")
struct CrossoverSweepTests {
    let bars: BarSeries

    init() throws {
        bars = try CSVBarLoader().load(path: RepositoryPaths.dataFile("msft_daily.csv"))
    }

    @Test("sweep total return and Sharpe equal the full engine's on the same rule", arguments: [(5, 20), (10, 50), (2, 200)])
    func agreesWithEngine(fast: Int, slow: Int) throws {
        let grid = CrossoverGrid(fastPeriods: [fast], slowPeriods: [slow])
        let sweep = try #require(CrossoverSweep.run(close: bars.close, grid: grid, periodsPerYear: 252, workers: 1).first)
        let f = Indicators.sma(bars.close, period: fast)
        let s = Indicators.sma(bars.close, period: slow)
        let values = bars.close.indices.map { f[$0] > s[$0] ? 1.0 : 0.0 }
        var config = BacktestConfig()
        config.fill = .close
        config.periodsPerYear = 252
        let result = try BacktestEngine(config: config).run(
            bars: bars, signal: SignalSeries(symbol: bars.symbol, timestamps: bars.timestamps, values: values))
        #expect(Tolerance.agree(sweep.totalReturn, result.summary.totalReturn, relative: 1e-9))
        #expect(Tolerance.agree(sweep.sharpeRatio, result.summary.sharpeRatio, relative: 1e-9))
    }

    @Test("results are identical for any worker count")
    func workerIndependence() {
        let close = Array(bars.close.prefix(1500))
        let one = CrossoverSweep.run(close: close, grid: .benchmark, periodsPerYear: 252, workers: 1)
        let three = CrossoverSweep.run(close: close, grid: .benchmark, periodsPerYear: 252, workers: 3)
        #expect(one == three)
        #expect(one.count == 4263)
    }

    @Test("the benchmark grid has the peers' 4,263 combinations in slow-major order")
    func grid() {
        let combos = CrossoverGrid.benchmark.combinations
        #expect(combos.count == 4263)
        #expect(combos.first.map { $0.fast == 2 && $0.slow == 10 } == true)
        #expect(combos.last.map { $0.fast == 50 && $0.slow == 200 } == true)
    }
}
