import ADMFTestSupport
import Metrics
import Testing

/// Small hand-computed cases pinning each definition.
@Suite("Worked examples")
struct WorkedExampleTests {
    @Test("total return and CAGR")
    func growth() {
        #expect(Tolerance.agree(TotalReturn.compute([0.10, -0.10]), -0.01))
        // Two years of weekly bars that double the curve: CAGR = √2 − 1.
        let r = Array(repeating: 0.0, count: 103) + [1.0]
        #expect(Tolerance.agree(CAGR.compute(r, periodsPerYear: 52), 2.0.squareRoot() - 1))
        #expect(CAGR.compute([-1.5], periodsPerYear: 252).isNaN)
        #expect(CAGR.compute([-1.0, 0.5], periodsPerYear: 252) == -1)
    }

    @Test("max drawdown and its duration")
    func drawdown() {
        #expect(Tolerance.agree(MaxDrawdown.compute([0.10, -0.20, 0.05]), 0.2))
        // A first-bar loss counts against the starting value 1.
        #expect(Tolerance.agree(MaxDrawdown.compute([-0.25, 0.1]), 0.25))
        // Peak at bar 1, regained at bar 4 → 3 bars.
        #expect(MaxDrawdownDuration.bars([0.1, -0.1, 0.05, 0.1]) == 3)
        // One losing bar then recovery: peak at 0, regained at 2 → 2.
        #expect(MaxDrawdownDuration.bars([-0.1, 0.2]) == 2)
        // Never regained: from the peak (bar 0) to the end (bar 3) → 3.
        #expect(MaxDrawdownDuration.bars([-0.1, 0.05, 0.01]) == 3)
        // Equalling the peak counts as regaining it; flat at the peak is no drawdown.
        #expect(MaxDrawdownDuration.bars([0.5, -0.5, 1.0, 0, 0]) == 2)
        #expect(MaxDrawdownDuration.bars([0, 0, 0]) == 0)
        // The longer of two drawdowns wins: 2 bars, then an open one of 4.
        let r = [0.1, -0.1, 0.2, -0.01, -0.01, 0.005, 0.001]
        #expect(MaxDrawdownDuration.bars(r) == 4)
        var accumulator = ReturnAccumulator()
        accumulator.add(contentsOf: r)
        #expect(accumulator.maxDrawdownDurationBars == 4)
    }

    @Test("Sharpe and Sortino by hand")
    func ratios() {
        let r = [0.01, -0.02, 0.03, 0.0]
        let mean = 0.005
        let variance = ((0.005 * 0.005) + (0.025 * 0.025) + (0.025 * 0.025) + (0.005 * 0.005)) / 3
        #expect(Tolerance.agree(SharpeRatio.compute(r, periodsPerYear: 4), mean / variance.squareRoot() * 2))
        let downside = (0.02 * 0.02 / 4).squareRoot()
        #expect(Tolerance.agree(SortinoRatio.compute(r, periodsPerYear: 4), mean * 4 / (downside * 2)))
        #expect(Tolerance.agree(DownsideRisk.compute(r, periodsPerYear: 4, minimumAcceptableReturn: 0), downside * 2))
        // Calmar: CAGR over the 2% drawdown.
        let cagr = CAGR.compute(r, periodsPerYear: 4)
        #expect(Tolerance.agree(CalmarRatio.compute(r, periodsPerYear: 4), cagr / 0.02))
    }

    @Test("VaR interpolates like np.percentile; CVaR averages the k+1 worst")
    func tail() {
        let r = [0.05, -0.01, 0.02, -0.04, 0.0, 0.03, -0.02, 0.01, -0.03, 0.04]
        // Sorted: −0.04 −0.03 −0.02 −0.01 0 0.01 0.02 0.03 0.04 0.05; h = 9·0.05 = 0.45.
        #expect(Tolerance.agree(ValueAtRisk.compute(r, confidence: 0.95), -0.04 + 0.01 * 0.45))
        #expect(Tolerance.agree(ValueAtRisk.compute(r, confidence: 0.5), 0.005))
        #expect(ValueAtRisk.compute(r, confidence: 1) == -0.04)
        #expect(ValueAtRisk.compute(r, confidence: 0) == 0.05)
        #expect(ConditionalValueAtRisk.compute(r, confidence: 0.95) == -0.04)
        // 80%: k = ⌊9·0.2⌋ = 1 → mean of the two worst.
        #expect(Tolerance.agree(ConditionalValueAtRisk.compute(r, confidence: 0.8), -0.035))
        #expect(Tolerance.agree(ValueAtRisk.compute(r.reversed(), confidence: 0.9), ValueAtRisk.compute(r, confidence: 0.9)))
    }

    @Test("skewness and kurtosis of a symmetric two-point series")
    func moments() {
        let r = [-1.0, 1.0, -1.0, 1.0]
        #expect(Tolerance.agree(Skewness.compute(r), 0))
        #expect(Tolerance.agree(Kurtosis.raw(r), 1))
        #expect(Tolerance.agree(Kurtosis.excess(r), -2))
        #expect(Tolerance.agree(Kurtosis.compute(r), -2))
    }

    @Test("win rate, profit factor, average trade and their edges")
    func trades() {
        #expect(Tolerance.agree(WinRate.compute([12.5, -3.0, 0, 7.25]), 2.0 / 3.0))
        #expect(WinRate.compute([0.0, 0.0]).isNaN)
        #expect(ProfitFactor.compute([30.0, -10, -5]) == 2)
        #expect(ProfitFactor.compute([3.0, 0]) == .infinity)
        #expect(ProfitFactor.compute([-3.0, 0]) == 0)
        #expect(ProfitFactor.compute([0.0]).isNaN)
        #expect(AverageTrade.compute([30.0, -10, -5]) == 5)

        let statistics = TradeStatistics(tradePnLs: [120.0, -40.0, 0, 75.5])
        #expect(statistics.numTrades == 4)
        #expect(Tolerance.agree(statistics.winRate, 2.0 / 3.0))
        #expect(Tolerance.agree(statistics.profitFactor, 195.5 / 40))
        #expect(Tolerance.agree(statistics.averageTrade, 155.5 / 4))
        var accumulator = TradeAccumulator()
        for pnl in [120.0, -40.0, 0, 75.5] { accumulator.add(pnl) }
        #expect(accumulator.statistics == statistics)
        #expect(accumulator.numTrades == 4)
    }

    @Test("exposure and turnover")
    func activity() {
        #expect(Exposure.compute([0.0, 1, 1, 0, -0.5]) == 0.6)
        #expect(Turnover.compute([0.0, 1, 1, 1, 0], periodsPerYear: 5) == 1)
        // Long → short flips trade 2 units each (one-way 1): 3 flips over 2 years.
        #expect(Turnover.compute([1.0, -1, 1, -1], periodsPerYear: 2) == (1 + 2 + 2 + 2) / 2.0 / 2.0)
        #expect(Turnover.compute([1.0, 1], periodsPerYear: 2, initialWeight: 1) == 0)
        var activity = ActivityAccumulator()
        for weight in [0.0, 1, 1, 0] { activity.add(weight) }
        #expect(activity.exposure == 0.5)
        #expect(activity.bars == 4)
        #expect(activity.turnover(periodsPerYear: 4) == Turnover.compute([0.0, 1, 1, 0], periodsPerYear: 4))
    }

    @Test("names are the summary keys where one exists")
    func names() {
        #expect(SharpeRatio.name == "sharpe_ratio")
        #expect(SortinoRatio.name == "sortino_ratio")
        #expect(CalmarRatio.name == "calmar_ratio")
        #expect(MaxDrawdown.name == "max_drawdown")
        #expect(MaxDrawdownDuration.name == "max_drawdown_duration_bars")
        #expect(TotalReturn.name == "total_return")
        #expect(CAGR.name == "cagr")
        #expect(AnnualVolatility.name == "annual_volatility")
        #expect(WinRate.name == "win_rate")
        #expect(ProfitFactor.name == "profit_factor")
        #expect(AverageTrade.name == "average_trade")
        #expect(Exposure.name == "exposure")
        #expect(Turnover.name == "turnover")
        for key in [SharpeRatio.name, CAGR.name, Exposure.name, Turnover.name] {
            #expect(PerformanceSummary.fieldKeys.contains(key))
        }
    }

    @Test("protocol dispatch and buffer entry points")
    func protocols() {
        let r = randomReturns(count: 64, seed: 3)
        let statistics: [any ReturnStatistic.Type] = [
            TotalReturn.self, CAGR.self, AnnualVolatility.self, SharpeRatio.self, SortinoRatio.self,
            CalmarRatio.self, MaxDrawdown.self, ValueAtRisk.self, Skewness.self, Kurtosis.self,
        ]
        for statistic in statistics {
            let viaBuffer = r.withUnsafeBufferPointer { statistic.compute($0, periodsPerYear: 252) }
            let viaSlice = statistic.compute(r[...], periodsPerYear: 252)
            #expect(viaBuffer.isFinite, "\(statistic.name)")
            #expect(Tolerance.agree(viaBuffer, viaSlice), "\(statistic.name)")
        }
        let lazy = r.lazy.map { $0 * 1 }
        #expect(Tolerance.agree(TotalReturn.compute(lazy), TotalReturn.compute(r)))
    }
}
