import ADMFTestSupport
import Analysis
import Metrics
import Testing

@Suite("Drawdown analysis")
struct DrawdownAnalysisTests {
    @Test("hand-checked curve: periods, depths, durations, underwater")
    func handChecked() {
        let report = DrawdownAnalysis.analyze(equity: [100, 110, 99, 104, 111, 100])
        #expect(report.periods.count == 2)
        #expect(
            report.periods[0]
                == DrawdownPeriod(
                    startIndex: 1, troughIndex: 2, recoveryIndex: 4, depth: 0.1, durationBars: 3,
                    recoveryBars: 2))
        #expect(
            report.periods[1]
                == DrawdownPeriod(
                    startIndex: 4, troughIndex: 5, recoveryIndex: nil, depth: 11.0 / 111.0,
                    durationBars: 1, recoveryBars: nil))
        #expect(report.maxDrawdown == 0.1)
        #expect(Tolerance.agree(report.averageDrawdown, (0.1 + 11.0 / 111.0) / 2))
        #expect(report.timeUnderWater == 0.5)
        let expected = [0, 0, -0.1, 104.0 / 110.0 - 1, 0, 100.0 / 111.0 - 1]
        #expect(Tolerance.firstMismatch(report.underwater, expected, label: "underwater") == nil)
        #expect(report.underwater.allSatisfy { $0 <= 0 })
    }

    @Test("top N keeps the deepest, ties by earlier start; average uses all periods")
    func topAndTies() {
        let equity: [Double] = [10, 9, 10, 9, 10, 5, 10]
        let all = DrawdownAnalysis.analyze(equity: equity, top: 10)
        #expect(all.periods.map(\.startIndex) == [4, 0, 2])
        let top2 = DrawdownAnalysis.analyze(equity: equity, top: 2)
        #expect(top2.periods.map(\.startIndex) == [4, 0])
        #expect(Tolerance.agree(top2.averageDrawdown, (0.1 + 0.1 + 0.5) / 3))
        #expect(DrawdownAnalysis.analyze(equity: equity, top: 0).periods.isEmpty)
        #expect(DrawdownAnalysis.analyze(equity: equity, top: 0).maxDrawdown == 0.5)
    }

    @Test("the first of tied troughs; equality with the peak is a recovery")
    func troughTieAndRecovery() {
        let report = DrawdownAnalysis.analyze(equity: [10, 8, 9, 8, 10, 10])
        #expect(report.periods.count == 1)
        #expect(report.periods[0].troughIndex == 1)
        #expect(report.periods[0].recoveryIndex == 4)
        #expect(report.periods[0].recoveryBars == 3)
        #expect(report.periods[0].durationBars == 4)
    }

    @Test("a curve that never falls has no periods and zero drawdown")
    func monotone() {
        let report = DrawdownAnalysis.analyze(equity: [1, 2, 2, 3])
        #expect(report.periods.isEmpty)
        #expect(report.maxDrawdown == 0)
        #expect(report.averageDrawdown == 0)
        #expect(report.timeUnderWater == 0)
        #expect(report.underwater == [0, 0, 0, 0])
    }

    @Test("degenerate curves give NaN, never a sentinel")
    func degenerate() {
        let empty = DrawdownAnalysis.analyze(equity: [])
        #expect(empty.maxDrawdown.isNaN && empty.averageDrawdown.isNaN && empty.timeUnderWater.isNaN)
        #expect(empty.periods.isEmpty && empty.underwater.isEmpty)
        for bad in [[1, Double.nan, 2], [0, 1, 2], [-1, 2], [1, .infinity]] {
            let report = DrawdownAnalysis.analyze(equity: bad)
            #expect(report.maxDrawdown.isNaN)
            #expect(report.periods.isEmpty)
            #expect(report.underwater.count == bad.count && report.underwater.allSatisfy { $0.isNaN })
        }
        #expect(DrawdownAnalysis.analyze(equity: [5]).maxDrawdown == 0)
    }

    @Test("returns form compounds from 1 like Metrics")
    func returnsForm() {
        let returns = [0.10, -0.20, 0.05]
        let report = DrawdownAnalysis.analyze(returns: returns)
        #expect(report.maxDrawdown == MaxDrawdown.compute(returns))
        #expect(report.underwater.count == 4)
        #expect(report.periods.first?.startIndex == 1)
    }

    @Test("max drawdown and longest duration agree with Metrics on AAPL")
    func agreesWithMetricsOnRealData() throws {
        let close = try TestData.aapl().close
        let returns = TestData.simpleReturns(close)
        #expect(returns.count > 1000)

        let onCloses = DrawdownAnalysis.analyze(equity: close, top: .max)
        #expect(Tolerance.agree(onCloses.maxDrawdown, MaxDrawdown.compute(returns), relative: 1e-12))

        let onReturns = DrawdownAnalysis.analyze(returns: returns, top: .max)
        #expect(onReturns.maxDrawdown == MaxDrawdown.compute(returns))
        let summary = PerformanceSummary(returns: returns, periodsPerYear: 252)
        #expect(onReturns.maxDrawdown == summary.maxDrawdown)
        #expect(onReturns.periods.map(\.durationBars).max() == MaxDrawdownDuration.bars(returns))
        #expect(onReturns.periods.first?.depth == onReturns.maxDrawdown)
        let underwaterMin = onReturns.underwater.min() ?? .nan
        #expect(Tolerance.agree(-underwaterMin, onReturns.maxDrawdown, relative: 1e-12))
    }
}
