import ADMFTestSupport
import Metrics
import Testing

@Suite("Invariants")
struct PropertyTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 2024]

    @Test("Sharpe is invariant to positive scaling and flips sign with negation", arguments: seeds)
    func sharpeScaling(seed: UInt64) {
        let r = randomReturns(count: 300, seed: seed, range: -0.03...0.035)
        let base = SharpeRatio.compute(r, periodsPerYear: 252)
        for scale in [0.5, 2.0, 10.0, 1e-3] {
            let scaled = SharpeRatio.compute(r.map { $0 * scale }, periodsPerYear: 252)
            #expect(Tolerance.agree(scaled, base, relative: 1e-12))
        }
        #expect(Tolerance.agree(SharpeRatio.compute(r.map { -$0 }, periodsPerYear: 252), -base, relative: 1e-12))
        // Annualisation is √P.
        let weekly = SharpeRatio.compute(r, periodsPerYear: 52)
        #expect(Tolerance.agree(weekly, base * (52.0 / 252.0).squareRoot(), relative: 1e-12))
        // Sortino is also scale invariant (MAR 0).
        let sortino = SortinoRatio.compute(r, periodsPerYear: 252)
        #expect(Tolerance.agree(SortinoRatio.compute(r.map { $0 * 3 }, periodsPerYear: 252), sortino, relative: 1e-12))
    }

    @Test("max drawdown lies in [0, 1] and duration in [0, N]", arguments: seeds)
    func drawdownBounds(seed: UInt64) {
        for range in [-0.05...0.05, -0.5...0.1, -1.0...0.0, 0.0...0.1] {
            let r = randomReturns(count: 200, seed: seed, range: range)
            let drawdown = MaxDrawdown.compute(r)
            #expect(drawdown >= 0 && drawdown <= 1, "\(range): \(drawdown)")
            let duration = MaxDrawdownDuration.bars(r)
            #expect(duration >= 0 && duration <= r.count)
        }
        #expect(MaxDrawdown.compute([-1.0, 0.5]) == 1)
        #expect(MaxDrawdown.compute([0.01, 0.02, 0.0]) == 0)
    }

    @Test("accumulator agrees with the batch statistics", arguments: seeds)
    func accumulatorMatchesBatch(seed: UInt64) {
        let mar = 0.0003
        let rf = 0.0001
        for zeroEvery in [0, 3] {
            let r = randomReturns(count: 777, seed: seed, range: -0.04...0.045, zeroEvery: zeroEvery)
            var accumulator = ReturnAccumulator(riskFreePerPeriod: rf, minimumAcceptableReturn: mar)
            for value in r { accumulator.add(value) }
            let p = 365.0
            #expect(accumulator.count == r.count)
            #expect(Tolerance.agree(accumulator.mean, AverageTrade.compute(r)))
            #expect(Tolerance.agree(accumulator.totalReturn, TotalReturn.compute(r)))
            #expect(Tolerance.agree(accumulator.cagr(periodsPerYear: p), CAGR.compute(r, periodsPerYear: p)))
            #expect(Tolerance.agree(
                accumulator.annualVolatility(periodsPerYear: p), AnnualVolatility.compute(r, periodsPerYear: p)))
            #expect(Tolerance.agree(
                accumulator.sharpeRatio(periodsPerYear: p),
                SharpeRatio.compute(r, periodsPerYear: p, riskFreePerPeriod: rf)))
            #expect(Tolerance.agree(
                accumulator.sortinoRatio(periodsPerYear: p),
                SortinoRatio.compute(r, periodsPerYear: p, minimumAcceptableReturn: mar)))
            #expect(Tolerance.agree(
                accumulator.calmarRatio(periodsPerYear: p), CalmarRatio.compute(r, periodsPerYear: p)))
            #expect(Tolerance.agree(accumulator.maxDrawdown, MaxDrawdown.compute(r)))
            #expect(accumulator.maxDrawdownDurationBars == MaxDrawdownDuration.bars(r))

            let trades = TradeStatistics(tradePnLs: Array(r.prefix(40)))
            let streamed = accumulator.summary(periodsPerYear: p, trades: trades, exposure: 0.5, turnover: 3)
            let batch = PerformanceSummary(
                returns: r, periodsPerYear: p, trades: trades, exposure: 0.5, turnover: 3,
                riskFreePerPeriod: rf, minimumAcceptableReturn: mar)
            #expect(streamed.bars == batch.bars && streamed.numTrades == batch.numTrades)
            #expect(streamed.maxDrawdownDurationBars == batch.maxDrawdownDurationBars)
            #expect(summariesAgree(streamed, batch))
        }
    }

    @Test("prefix summaries of the accumulator match batch statistics of each prefix")
    func accumulatorPrefixes() {
        let r = randomReturns(count: 120, seed: 99, range: -0.08...0.07)
        var accumulator = ReturnAccumulator()
        for (index, value) in r.enumerated() {
            accumulator.add(value)
            let prefix = Array(r[...index])
            #expect(accumulator.maxDrawdownDurationBars == MaxDrawdownDuration.bars(prefix))
            #expect(Tolerance.agree(accumulator.maxDrawdown, MaxDrawdown.compute(prefix)))
            #expect(Tolerance.agree(
                accumulator.sharpeRatio(periodsPerYear: 252), SharpeRatio.compute(prefix, periodsPerYear: 252)))
        }
    }

    @Test("empty input gives NaN everywhere")
    func empty() {
        let r: [Double] = []
        #expect(TotalReturn.compute(r).isNaN)
        #expect(CAGR.compute(r, periodsPerYear: 252).isNaN)
        #expect(AnnualVolatility.compute(r, periodsPerYear: 252).isNaN)
        #expect(DownsideRisk.compute(r, periodsPerYear: 252, minimumAcceptableReturn: 0).isNaN)
        #expect(SharpeRatio.compute(r, periodsPerYear: 252).isNaN)
        #expect(SortinoRatio.compute(r, periodsPerYear: 252).isNaN)
        #expect(CalmarRatio.compute(r, periodsPerYear: 252).isNaN)
        #expect(MaxDrawdown.compute(r).isNaN)
        #expect(MaxDrawdownDuration.compute(r).isNaN)
        #expect(MaxDrawdownDuration.bars(r) == 0)
        #expect(ValueAtRisk.compute(r).isNaN)
        #expect(ConditionalValueAtRisk.compute(r).isNaN)
        #expect(GaussianValueAtRisk.compute(r).isNaN)
        #expect(Skewness.compute(r).isNaN)
        #expect(Kurtosis.compute(r).isNaN)
        #expect(Kurtosis.raw(r).isNaN)
        #expect(WinRate.compute(r).isNaN)
        #expect(ProfitFactor.compute(r).isNaN)
        #expect(AverageTrade.compute(r).isNaN)
        #expect(Exposure.compute(r).isNaN)
        #expect(Turnover.compute(r, periodsPerYear: 252).isNaN)

        let summary = ReturnAccumulator().summary(periodsPerYear: 252)
        #expect(summary == PerformanceSummary(returns: r, periodsPerYear: 252))
        #expect(summary.bars == 0 && summary.numTrades == 0 && summary.maxDrawdownDurationBars == 0)
        for (key, value) in summary.orderedFields
        where !["max_drawdown_duration_bars", "num_trades", "bars", "periods_per_year"].contains(key) {
            #expect(value.isNaN, "\(key) = \(value)")
        }
        let trades = TradeStatistics(tradePnLs: [])
        #expect(trades.numTrades == 0 && trades.winRate.isNaN && trades.profitFactor.isNaN && trades.averageTrade.isNaN)
        #expect(ActivityAccumulator().exposure.isNaN)
        #expect(ActivityAccumulator().turnover(periodsPerYear: 252).isNaN)
    }

    @Test("a single return: defined where one value suffices, NaN where dispersion is needed")
    func single() {
        let r = [0.02]
        #expect(Tolerance.agree(TotalReturn.compute(r), 0.02))
        #expect(Tolerance.agree(CAGR.compute(r, periodsPerYear: 252), libPow(1.02, 252) - 1))
        #expect(AnnualVolatility.compute(r, periodsPerYear: 252).isNaN)
        #expect(SharpeRatio.compute(r, periodsPerYear: 252).isNaN)
        #expect(SortinoRatio.compute(r, periodsPerYear: 252).isNaN)
        #expect(GaussianValueAtRisk.compute(r).isNaN)
        #expect(Skewness.compute(r).isNaN)
        #expect(Kurtosis.compute(r).isNaN)
        #expect(CalmarRatio.compute(r, periodsPerYear: 252).isNaN)  // no drawdown
        #expect(ValueAtRisk.compute(r) == 0.02)
        #expect(ConditionalValueAtRisk.compute(r) == 0.02)
        var accumulator = ReturnAccumulator()
        accumulator.add(0.02)
        #expect(accumulator.sharpeRatio(periodsPerYear: 252).isNaN)
        #expect(accumulator.variance.isNaN)
        #expect(accumulator.summary(periodsPerYear: 252) == PerformanceSummary(returns: r, periodsPerYear: 252))
    }

    @Test("zero variance: ratios and moments are NaN, volatility is 0", arguments: [0.0, 0.001, -0.003, 0.1])
    func constant(value: Double) {
        let r = Array(repeating: value, count: 50)
        #expect(SharpeRatio.compute(r, periodsPerYear: 252).isNaN)
        #expect(SharpeRatio.compute(r, periodsPerYear: 252, riskFreePerPeriod: 0.0001).isNaN)
        #expect(Skewness.compute(r).isNaN)
        #expect(Kurtosis.compute(r).isNaN)
        #expect(GaussianValueAtRisk.compute(r).isNaN)
        #expect(AnnualVolatility.compute(r, periodsPerYear: 252) == 0)
        var accumulator = ReturnAccumulator()
        accumulator.add(contentsOf: r)
        #expect(accumulator.sharpeRatio(periodsPerYear: 252).isNaN)
        #expect(accumulator.annualVolatility(periodsPerYear: 252) == 0)
        #expect(summariesAgree(accumulator.summary(periodsPerYear: 252), PerformanceSummary(returns: r, periodsPerYear: 252)))
        if value >= 0 {
            // No return below MAR 0: no downside, Sortino undefined.
            #expect(SortinoRatio.compute(r, periodsPerYear: 252).isNaN)
            #expect(MaxDrawdown.compute(r) == 0)
            #expect(CalmarRatio.compute(r, periodsPerYear: 252).isNaN)
        }
    }

    @Test("invalid periodsPerYear gives NaN for annualised statistics", arguments: [0.0, -252.0, .nan, .infinity])
    func invalidAnnualisation(periods: Double) {
        let r = randomReturns(count: 30, seed: 5)
        #expect(CAGR.compute(r, periodsPerYear: periods).isNaN)
        #expect(AnnualVolatility.compute(r, periodsPerYear: periods).isNaN)
        #expect(SharpeRatio.compute(r, periodsPerYear: periods).isNaN)
        #expect(SortinoRatio.compute(r, periodsPerYear: periods).isNaN)
        #expect(CalmarRatio.compute(r, periodsPerYear: periods).isNaN)
        #expect(Turnover.compute(r, periodsPerYear: periods).isNaN)
        #expect(ValueAtRisk.compute(r, confidence: 1.5).isNaN)
        #expect(ConditionalValueAtRisk.compute(r, confidence: -0.1).isNaN)
    }
}

/// `pow` without importing Foundation into every test.
func libPow(_ x: Double, _ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<n { result *= x }
    return result
}

/// Whether two summaries agree field by field to 1e-9 relative (NaN only with NaN).
func summariesAgree(_ a: PerformanceSummary, _ b: PerformanceSummary) -> Bool {
    zip(a.orderedFields, b.orderedFields).allSatisfy { left, right in
        left.key == right.key && Tolerance.agree(left.value, right.value)
    }
}
