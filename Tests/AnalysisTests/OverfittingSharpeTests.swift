import ADMFTestSupport
@testable import Analysis
import Metrics
import Testing

/// The scipy reference numbers of Tests/Fixtures/overfitting/overfitting.json
/// (Tests/Fixtures/generate_overfitting.py).
struct OverfittingFixture {
    let object: [String: Any]

    init() throws {
        object = try Fixtures.object("overfitting/overfitting.json")
    }

    func double(_ path: String...) throws -> Double {
        try #require(Fixtures.double(value(path)), "missing \(path)")
    }

    func doubles(_ path: String...) throws -> [Double] {
        try #require(Fixtures.doubles(value(path)), "missing \(path)")
    }

    func matrix(_ path: String...) throws -> [[Double]] {
        let rows = try #require(value(path) as? [Any], "missing \(path)")
        return try rows.map { try #require(Fixtures.doubles($0)) }
    }

    private func value(_ path: [String]) -> Any? {
        var current: Any? = object
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }
}

@Suite("Overfitting: probabilistic and deflated Sharpe ratios")
struct OverfittingSharpeTests {
    // MARK: - Published worked example

    /// Bailey & López de Prado (2014), "The Deflated Sharpe Ratio", JPM 40(5),
    /// section "A numerical example": annualised SR̂ = 2.5 over T = 1250 daily
    /// observations, N = 100 trials whose ANNUALISED Sharpe ratios have variance ½,
    /// γ₃ = −3, γ₄ = 10; the paper converts with 250 days a year, so SR̂ = 2.5/√250
    /// and V = 0.5/250 per period. The paper quotes E[max SR] ≈ 0.1132 (per period)
    /// and DSR ≈ 0.9004; both are checked to their 4 published decimals, and to
    /// 1e-9 against the full-precision scipy recomputation in the fixture
    /// (0.113172001865…, 0.900396834449…).
    @Test("DSR paper's numerical example: E[max SR] ≈ 0.1132, DSR ≈ 0.9004")
    func dsrPaperExample() throws {
        let fixture = try OverfittingFixture()
        let sharpe = 2.5 / 250.0.squareRoot()
        let variance = 0.5 / 250
        let expectedMax = DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: variance, trials: 100)
        #expect(abs(expectedMax - 0.1132) < 0.00005)  // the paper's figure
        #expect(Tolerance.agree(expectedMax, try fixture.double("dsr_paper_example", "expected_max")))

        let result = DeflatedSharpeRatio.compute(
            sharpe: sharpe, observations: 1250, skewness: -3, kurtosis: 10,
            trialSharpeVariance: variance, trials: 100)
        #expect(abs(result.dsr - 0.9004) < 0.00005)  // the paper's figure
        #expect(Tolerance.agree(result.dsr, try fixture.double("dsr_paper_example", "dsr")))
        #expect(Tolerance.agree(result.expectedMaxSharpe, expectedMax))
        #expect(result.observedSharpe == sharpe)
        #expect(result.trials == 100)
        #expect(Tolerance.agree(result.psrAgainstZero, try fixture.double("dsr_paper_example", "psr_zero")))
    }

    // MARK: - PSR and MinTRL

    /// Normal returns (γ₃ = 0, γ₄ = 3) reduce PSR to Φ[SR̂·√(T−1)/√(1 + SR̂²/2)]:
    /// SR̂ = 0.1, T = 101 → z = 0.1·10/√1.005.
    @Test("PSR under normality, by hand")
    func psrNormalByHand() {
        let z = 1 / 1.005.squareRoot()
        let psr = ProbabilisticSharpeRatio.compute(
            sharpe: 0.1, observations: 101, skewness: 0, kurtosis: 3, benchmark: 0)
        #expect(Tolerance.agree(psr, NormalDistribution.cdf(z), relative: 1e-14))
        // Against its own Sharpe as benchmark the probability is exactly ½.
        #expect(ProbabilisticSharpeRatio.compute(
            sharpe: 0.1, observations: 101, skewness: -1, kurtosis: 6, benchmark: 0.1) == 0.5)
        // Negative skew and fat tails widen the Sharpe ratio's error: PSR moves toward ½.
        let skewed = ProbabilisticSharpeRatio.compute(
            sharpe: 0.1, observations: 101, skewness: -2, kurtosis: 9, benchmark: 0)
        #expect(skewed < psr && skewed > 0.5)
    }

    /// scipy recomputation (generate_overfitting.py) on a seeded 750-day series with
    /// rare crashes (negative skew, fat tails): Sharpe, moments, PSR(0), PSR(0.5/√252),
    /// MinTRL at 95 % vs 0 and at 99 % vs 0.5/√252.
    @Test("PSR and MinTRL agree with scipy on a skewed series")
    func psrAgainstScipy() throws {
        let fixture = try OverfittingFixture()
        let returns = try fixture.doubles("psr", "returns")
        let benchmark = try fixture.double("psr", "benchmark")
        let moments = ProbabilisticSharpeRatio.ReturnMoments(returns: returns)
        #expect(moments.observations == 750)
        #expect(Tolerance.agree(moments.sharpe, try fixture.double("psr", "sharpe"), relative: 1e-10))
        #expect(Tolerance.agree(moments.skewness, try fixture.double("psr", "skewness"), relative: 1e-10))
        #expect(Tolerance.agree(moments.kurtosis, try fixture.double("psr", "kurtosis"), relative: 1e-10))
        #expect(Tolerance.agree(
            ProbabilisticSharpeRatio.compute(returns: returns), try fixture.double("psr", "psr_zero"),
            relative: 1e-9))
        #expect(Tolerance.agree(
            ProbabilisticSharpeRatio.compute(returns: returns, benchmark: benchmark),
            try fixture.double("psr", "psr_benchmark"), relative: 1e-9))
        #expect(Tolerance.agree(
            ProbabilisticSharpeRatio.minimumTrackRecordLength(returns: returns),
            try fixture.double("psr", "min_trl_95"), relative: 1e-9))
        #expect(Tolerance.agree(
            ProbabilisticSharpeRatio.minimumTrackRecordLength(
                returns: returns, benchmark: benchmark, confidence: 0.99),
            try fixture.double("psr", "min_trl_99_benchmark"), relative: 1e-9))
    }

    /// MinTRL inverts PSR: at T = ⌈MinTRL⌉ PSR reaches the confidence, one period less it does not.
    @Test("MinTRL is the track record at which PSR reaches the confidence")
    func minTRLInvertsPSR() {
        for (sharpe, skew, kurt, benchmark, confidence) in [
            (0.1, 0.0, 3.0, 0.0, 0.95), (0.08, -1.2, 7.5, 0.02, 0.99), (0.2, 0.5, 4.0, 0.05, 0.9),
        ] {
            let minTRL = ProbabilisticSharpeRatio.minimumTrackRecordLength(
                sharpe: sharpe, skewness: skew, kurtosis: kurt, benchmark: benchmark, confidence: confidence)
            let enough = Int(minTRL.rounded(.up))
            let psr = { (t: Int) in
                ProbabilisticSharpeRatio.compute(
                    sharpe: sharpe, observations: t, skewness: skew, kurtosis: kurt, benchmark: benchmark)
            }
            #expect(psr(enough) >= confidence)
            #expect(psr(enough - 1) < confidence)
        }
        // Normal returns, SR̂ = 0.1 vs 0: 1 + (1 + 0.005)·(1.6448536269514722/0.1)².
        let normal = ProbabilisticSharpeRatio.minimumTrackRecordLength(
            sharpe: 0.1, skewness: 0, kurtosis: 3, benchmark: 0)
        let z = NormalDistribution.quantile(0.95)
        #expect(Tolerance.agree(normal, 1 + 1.005 * (z / 0.1) * (z / 0.1), relative: 1e-14))
        #expect(abs(normal - 272.9) < 0.1)
    }

    @Test("PSR and MinTRL degenerate cases are NaN")
    func psrDegenerate() {
        #expect(ProbabilisticSharpeRatio.compute(returns: []).isNaN)
        #expect(ProbabilisticSharpeRatio.compute(returns: [0.01]).isNaN)
        #expect(ProbabilisticSharpeRatio.compute(returns: [0.01, 0.01, 0.01]).isNaN)  // zero variance
        #expect(ProbabilisticSharpeRatio.compute(
            sharpe: 0.1, observations: 1, skewness: 0, kurtosis: 3, benchmark: 0).isNaN)
        #expect(ProbabilisticSharpeRatio.compute(
            sharpe: .nan, observations: 100, skewness: 0, kurtosis: 3, benchmark: 0).isNaN)
        #expect(ProbabilisticSharpeRatio.compute(
            sharpe: 0.1, observations: 100, skewness: 0, kurtosis: 3, benchmark: .infinity).isNaN)
        // A variance term ≤ 0 (inconsistent moments: γ₄ < γ₃² + 1).
        #expect(ProbabilisticSharpeRatio.compute(
            sharpe: 1, observations: 100, skewness: 2, kurtosis: 1, benchmark: 0).isNaN)
        #expect(ProbabilisticSharpeRatio.minimumTrackRecordLength(
            sharpe: 0.05, skewness: 0, kurtosis: 3, benchmark: 0.05).isNaN)  // SR̂ ≤ SR*
        #expect(ProbabilisticSharpeRatio.minimumTrackRecordLength(
            sharpe: 0.1, skewness: 0, kurtosis: 3, benchmark: 0, confidence: 1).isNaN)
        #expect(ProbabilisticSharpeRatio.minimumTrackRecordLength(returns: [0.02]).isNaN)
        #expect(ProbabilisticSharpeRatio.ReturnMoments(returns: [0.01, 0.01])
            == .init(sharpe: .nan, observations: 2, skewness: .nan, kurtosis: .nan))
    }

    // MARK: - DSR from returns

    /// scipy recomputation: 39 noise trials' Sharpe ratios plus the selected
    /// strategy's (the PSR series), V with ddof = 1, N = 40.
    @Test("DSR from returns and trial Sharpes agrees with scipy")
    func dsrAgainstScipy() throws {
        let fixture = try OverfittingFixture()
        let returns = try fixture.doubles("psr", "returns")
        let trialSharpes = try fixture.doubles("dsr", "trial_sharpes")
        let result = DeflatedSharpeRatio.compute(returns: returns, trialSharpes: trialSharpes)
        #expect(result.trials == 40)
        #expect(Tolerance.agree(result.expectedMaxSharpe, try fixture.double("dsr", "expected_max"), relative: 1e-9))
        #expect(Tolerance.agree(result.dsr, try fixture.double("dsr", "dsr"), relative: 1e-9))
        #expect(Tolerance.agree(result.psrAgainstZero, try fixture.double("dsr", "psr_zero"), relative: 1e-9))
        #expect(Tolerance.agree(result.observedSharpe, try fixture.double("psr", "sharpe"), relative: 1e-10))
        #expect(result.dsr < result.psrAgainstZero)
        // The variance overload and the effective-trials override.
        let variance = try fixture.double("dsr", "variance")
        #expect(DeflatedSharpeRatio.compute(returns: returns, trialSharpeVariance: variance, trials: 40)
            .dsr.distance(to: result.dsr).magnitude < 1e-12)
        let fewer = DeflatedSharpeRatio.compute(returns: returns, trialSharpes: trialSharpes, effectiveTrials: 10)
        #expect(fewer.trials == 10 && fewer.expectedMaxSharpe < result.expectedMaxSharpe && fewer.dsr > result.dsr)
    }

    @Test("expected maximum Sharpe grows with N and with the trials' dispersion")
    func expectedMaximumMonotone() {
        let values = [2, 10, 100, 1000, 10_000].map {
            DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: 1, trials: $0)
        }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 })
        // √V scaling.
        #expect(Tolerance.agree(
            DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: 4, trials: 100),
            2 * DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: 1, trials: 100)))
        #expect(DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: 0, trials: 50) == 0)
    }

    @Test("DSR degenerate cases are NaN: N = 1, fewer than 2 returns, zero variance")
    func dsrDegenerate() {
        #expect(DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: 0.01, trials: 1).isNaN)
        #expect(DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: 0.01, trials: 0).isNaN)
        #expect(DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: -1, trials: 10).isNaN)
        #expect(DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: .nan, trials: 10).isNaN)
        let returns = TestData.gaussianReturns(count: 300, mean: 0.001, deviation: 0.01, seed: 5, stream: "dsr")
        let single = DeflatedSharpeRatio.compute(returns: returns, trialSharpes: [0.1])
        #expect(single.dsr.isNaN && single.expectedMaxSharpe.isNaN && single.trials == 1)
        #expect(!single.psrAgainstZero.isNaN)  // PSR itself is still defined
        let short = DeflatedSharpeRatio.compute(returns: [0.01], trialSharpes: [0.1, 0.2, 0.05])
        #expect(short.dsr.isNaN && short.observedSharpe.isNaN && short.psrAgainstZero.isNaN)
        let flat = DeflatedSharpeRatio.compute(returns: [0.0, 0.0, 0.0, 0.0], trialSharpes: [0.1, 0.2])
        #expect(flat.dsr.isNaN)
        // Identical trial Sharpes: E[max] = 0, so DSR = PSR(0).
        let same = DeflatedSharpeRatio.compute(returns: returns, trialSharpes: [0.05, 0.05, 0.05])
        #expect(same.expectedMaxSharpe == 0 && same.dsr == same.psrAgainstZero)
        #expect(single == DeflatedSharpeRatio.compute(returns: returns, trialSharpes: [0.1]))
    }
}
