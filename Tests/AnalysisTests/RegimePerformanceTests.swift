import ADMFTestSupport
import Analysis
import Metrics
import Testing

@Suite("Regime performance")
struct RegimePerformanceTests {
    @Test("hand-checked breakdown over two regimes")
    func handChecked() {
        let returns = [0.1, -0.05, 0.02, 0, 0.03, 0.5]
        let labels: [Int?] = [0, 1, 0, nil, 1, 7]
        let stats = RegimePerformance.breakdown(
            returns: returns, labels: labels, names: ["a", "b"], periodsPerYear: 252)
        #expect(stats.map(\.name) == ["a", "b"])
        let a = stats[0]
        #expect(a.bars == 2 && a.fraction == 0.5)
        #expect(Tolerance.agree(a.totalReturn, 1.1 * 1.02 - 1))
        #expect(a.maxDrawdown == 0)
        #expect(a.winRate == 1)
        let meanA = 0.06
        let deviationA = 0.08 / 2.0.squareRoot()
        #expect(Tolerance.agree(a.sharpeRatio, meanA / deviationA * 252.0.squareRoot()))
        #expect(Tolerance.agree(a.annualVolatility, deviationA * 252.0.squareRoot()))
        #expect(Tolerance.agree(a.annualizedReturn, CAGR.compute([0.1, 0.02], periodsPerYear: 252)))
        let b = stats[1]
        #expect(b.bars == 2 && b.fraction == 0.5)
        #expect(Tolerance.agree(b.totalReturn, 0.95 * 1.03 - 1))
        #expect(Tolerance.agree(b.maxDrawdown, 0.05))
        #expect(b.winRate == 0.5)
    }

    @Test("a regime without bars gets NaN statistics; names keep their order")
    func emptyRegime() {
        let stats = RegimePerformance.breakdown(
            returns: [0.01, 0.02], labels: [2, 2], names: ["x", "y", "z"], periodsPerYear: 252)
        #expect(stats.map(\.name) == ["x", "y", "z"])
        #expect(stats[0].bars == 0 && stats[0].totalReturn.isNaN && stats[0].sharpeRatio.isNaN)
        #expect(stats[0].fraction == 0)
        #expect(stats[2].bars == 2 && stats[2].fraction == 1)
    }

    @Test("mismatched lengths or no names give an empty breakdown")
    func degenerate() {
        #expect(RegimePerformance.breakdown(returns: [0.1], labels: [0, 1], names: ["a"], periodsPerYear: 252).isEmpty)
        #expect(RegimePerformance.breakdown(returns: [0.1], labels: [0], names: [], periodsPerYear: 252).isEmpty)
        let unlabelled = RegimePerformance.breakdown(
            returns: [0.1], labels: [nil], names: ["a"], periodsPerYear: 252)
        #expect(unlabelled.count == 1 && unlabelled[0].fraction.isNaN)
    }

    @Test("trend breakdown on AAPL matches Metrics on each sub-series")
    func realData() throws {
        let close = try TestData.aapl().close
        let returns = TestData.simpleReturns(close)
        // Return i runs from bar i to bar i + 1: label it with bar i's regime.
        let labels = Array(TrendRegime.labels(close: close, window: 50).dropLast())
        let stats = RegimePerformance.breakdown(
            returns: returns, labels: labels, names: TrendRegime.names, periodsPerYear: 252)
        #expect(stats.count == 2)
        #expect(stats[0].bars + stats[1].bars == returns.count - 49)
        #expect(Tolerance.agree(stats[0].fraction + stats[1].fraction, 1))
        let up = zip(returns, labels).filter { $0.1 == 1 }.map(\.0)
        let summary = PerformanceSummary(returns: up, periodsPerYear: 252)
        #expect(stats[1].sharpeRatio == summary.sharpeRatio)
        #expect(stats[1].maxDrawdown == summary.maxDrawdown)
        #expect(stats[1].annualizedReturn == summary.cagr)
        #expect(stats == RegimePerformance.breakdown(
            returns: returns, labels: labels, names: TrendRegime.names, periodsPerYear: 252))
    }
}
