import ADMFTestSupport
import Analysis
import Metrics
import Testing

@Suite("Risk assessment")
struct RiskAssessmentTests {
    @Test("hand-checked tail figures of five returns")
    func handChecked() {
        let returns = [-0.05, 0.02, 0.01, -0.01, 0.03]
        let risk = RiskAssessment.assess(returns: returns)
        // Sorted: −0.05, −0.01, 0.01, 0.02, 0.03. Q(0.05): h = 0.2 → −0.05 + 0.04·0.2.
        #expect(Tolerance.agree(risk.var95, -0.042, relative: 1e-12))
        #expect(risk.cvar95 == -0.05)
        #expect(Tolerance.agree(risk.var99, -0.05 + 0.04 * 0.04, relative: 1e-12))
        // Q(0.95): h = 3.8 → 0.02 + 0.01·0.8 = 0.028.
        #expect(Tolerance.agree(risk.tailRatio, 0.028 / 0.042, relative: 1e-12))
        #expect(risk.worstReturn == -0.05 && risk.bestReturn == 0.03)
        // Equity 1, 0.95, 0.969, 0.97869, 0.9689031, 0.997970193; the peak stays 1.
        let underwater = [0, -0.05, -0.031, -0.02131, -0.0310969, -0.002029807]
        let ulcer = (underwater.map { $0 * $0 }.reduce(0, +) / 6).squareRoot()
        #expect(Tolerance.agree(risk.ulcerIndex, ulcer, relative: 1e-12))
        #expect(Tolerance.agree(risk.maxDrawdown, 0.05, relative: 1e-12))
    }

    @Test("the Metrics statistics are passed through unchanged")
    func usesMetrics() throws {
        let returns = TestData.simpleReturns(try TestData.aapl().close)
        let risk = RiskAssessment.assess(returns: returns)
        #expect(risk.var95 == ValueAtRisk.compute(returns, confidence: 0.95))
        #expect(risk.cvar99 == ConditionalValueAtRisk.compute(returns, confidence: 0.99))
        #expect(risk.parametricVar95 == GaussianValueAtRisk.compute(returns, confidence: 0.95))
        #expect(risk.parametricVar99 == GaussianValueAtRisk.compute(returns, confidence: 0.99))
        #expect(risk.skewness == Skewness.compute(returns))
        #expect(risk.excessKurtosis == Kurtosis.excess(returns))
        #expect(risk.maxDrawdown == MaxDrawdown.compute(returns))
        #expect(risk.var99 < risk.var95 && risk.cvar95 <= risk.var95)
    }

    @Test("tail ratio and ulcer index agree with numpy")
    func agreesWithNumpy() throws {
        let fixture = try CorrelationFixture()
        let series = try fixture.matrix("series")[0]
        let risk = RiskAssessment.assess(returns: series)
        #expect(Tolerance.agree(risk.tailRatio, try fixture.double("tail_ratio", "expected"), relative: 1e-13))
        #expect(Tolerance.agree(risk.ulcerIndex, try fixture.double("ulcer_index", "expected"), relative: 1e-12))
    }

    @Test("separate equity curve drives the drawdown figures")
    func separateEquity() {
        let risk = RiskAssessment.assess(returns: [0.01, -0.01], equity: [100, 80, 100, 90])
        #expect(risk.maxDrawdown == 0.2)
        let ulcer = ((0.04 + 0.01) / 4).squareRoot()
        #expect(Tolerance.agree(risk.ulcerIndex, ulcer, relative: 1e-12))
    }

    @Test("empty input gives NaN everywhere")
    func degenerate() {
        let risk = RiskAssessment.assess(returns: [], equity: [])
        let all = [
            risk.var95, risk.cvar95, risk.var99, risk.cvar99, risk.parametricVar95,
            risk.parametricVar99, risk.skewness, risk.excessKurtosis, risk.tailRatio,
            risk.worstReturn, risk.bestReturn, risk.maxDrawdown, risk.ulcerIndex,
        ]
        #expect(all.allSatisfy { $0.isNaN })
        #expect(RiskAssessment.tailRatio([0, 0, 0.1]).isNaN)
        #expect(RiskAssessment.ulcerIndex(underwater: []).isNaN)
        #expect(risk == RiskAssessment.assess(returns: [], equity: []))
    }
}
