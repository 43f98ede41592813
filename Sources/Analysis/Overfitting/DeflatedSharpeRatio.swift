import Metrics

/// The deflated Sharpe ratio of a strategy selected from several trials
/// (``DeflatedSharpeRatio``).
///
/// All Sharpe ratios are per period (not annualised). Equality treats NaN as equal
/// to NaN.
public struct DeflatedSharpeResult: Sendable, Equatable {
    /// `PSR(E[max SR])`: the probability that the true Sharpe ratio exceeds the
    /// Sharpe ratio expected of the best of `trials` skill-less strategies.
    public var dsr: Double
    /// `E[max SR]`, the benchmark `SR*` the observed Sharpe ratio is deflated against.
    public var expectedMaxSharpe: Double
    /// The selected strategy's per-period Sharpe ratio `SR̂`.
    public var observedSharpe: Double
    /// `N`, the number of (effectively independent) trials.
    public var trials: Int
    /// `PSR(0)`: the undeflated probability that the true Sharpe ratio is positive.
    public var psrAgainstZero: Double

    /// A result with every field given.
    public init(
        dsr: Double, expectedMaxSharpe: Double, observedSharpe: Double, trials: Int,
        psrAgainstZero: Double
    ) {
        self.dsr = dsr
        self.expectedMaxSharpe = expectedMaxSharpe
        self.observedSharpe = observedSharpe
        self.trials = trials
        self.psrAgainstZero = psrAgainstZero
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: DeflatedSharpeResult, rhs: DeflatedSharpeResult) -> Bool {
        lhs.trials == rhs.trials && sameValue(lhs.dsr, rhs.dsr)
            && sameValue(lhs.expectedMaxSharpe, rhs.expectedMaxSharpe)
            && sameValue(lhs.observedSharpe, rhs.observedSharpe)
            && sameValue(lhs.psrAgainstZero, rhs.psrAgainstZero)
    }
}

/// The deflated Sharpe ratio (DSR): the probabilistic Sharpe ratio against the
/// Sharpe ratio expected of the best of N skill-less trials.
///
///     DSR = PSR(SR*),   SR* = E[max_n SR̂_n]
///         ≈ √V[{SR̂_n}] · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e)))
///
/// with `γ = 0.5772156649…` (Euler–Mascheroni), `N` the number of trials actually
/// run (or the number of effectively independent trials, when correlated trials are
/// clustered), `V[{SR̂_n}]` the variance across trials of their PER-PERIOD Sharpe
/// ratios, and PSR as in ``ProbabilisticSharpeRatio`` (per-period `SR̂` of the
/// selected strategy, its skewness and RAW kurtosis, `T` its number of returns).
/// The expected maximum is that of N draws from `N(0, V)` (the null of no skill:
/// the trials' Sharpe ratios centred on zero), by the extreme-value approximation of
/// the paper's "False Strategy" theorem.
///
/// From `trialSharpes`, `V` is the SAMPLE variance (ddof = 1) and `N` their count
/// unless `effectiveTrials` overrides it; pass `trialSharpeVariance` directly to use
/// another estimate.
///
/// Degenerate input → NaN: `N < 2` (Φ⁻¹(0) = −∞: with one trial there is no
/// selection to deflate — use PSR), a negative or non-finite variance, and every
/// degenerate case of ``ProbabilisticSharpeRatio`` (fewer than 2 returns, zero
/// variance). A zero variance across trials gives `E[max SR] = 0`, so DSR = PSR(0).
///
/// Reference: D. H. Bailey and M. López de Prado, "The Deflated Sharpe Ratio:
/// Correcting for Selection Bias, Backtest Overfitting and Non-Normality", Journal
/// of Portfolio Management 40(5), 2014, pp. 94–107.
///
/// ```swift
/// let result = DeflatedSharpeRatio.compute(returns: best, trialSharpes: sweepSharpes)
/// result.dsr                // e.g. 0.90
/// DeflatedSharpeRatio.expectedMaximumSharpe(trialSharpeVariance: 0.002, trials: 100)  // 0.1132…
/// ```
public enum DeflatedSharpeRatio {
    /// The Euler–Mascheroni constant γ.
    public static let eulerMascheroni = 0.57721566490153286060651209008240243

    /// `E[max SR]` of `trials` skill-less strategies whose per-period Sharpe ratios
    /// have variance `trialSharpeVariance`.
    public static func expectedMaximumSharpe(trialSharpeVariance: Double, trials: Int) -> Double {
        guard trials >= 2, trialSharpeVariance.isFinite, trialSharpeVariance >= 0 else { return .nan }
        let n = Double(trials)
        let gamma = eulerMascheroni
        let e = 2.718281828459045
        let factor = (1 - gamma) * NormalDistribution.quantile(1 - 1 / n)
            + gamma * NormalDistribution.quantile(1 - 1 / (n * e))
        return trialSharpeVariance.squareRoot() * factor
    }

    /// DSR of the selected strategy's per-period `returns`, deflated by the
    /// per-period Sharpe ratios of all trials run (the selected one included).
    public static func compute(
        returns: [Double], trialSharpes: [Double], effectiveTrials: Int? = nil
    ) -> DeflatedSharpeResult {
        compute(
            returns: returns, trialSharpeVariance: sampleVariance(trialSharpes),
            trials: effectiveTrials ?? trialSharpes.count)
    }

    /// DSR of the selected strategy's per-period `returns`, given the variance of the
    /// trials' per-period Sharpe ratios and the number of trials.
    public static func compute(
        returns: [Double], trialSharpeVariance: Double, trials: Int
    ) -> DeflatedSharpeResult {
        let moments = ProbabilisticSharpeRatio.ReturnMoments(returns: returns)
        return compute(
            sharpe: moments.sharpe, observations: moments.observations,
            skewness: moments.skewness, kurtosis: moments.kurtosis,
            trialSharpeVariance: trialSharpeVariance, trials: trials)
    }

    /// DSR from summary statistics: per-period `sharpe`, `observations` T, skewness
    /// γ₃, RAW `kurtosis` γ₄, per-period trial Sharpe variance V and trial count N.
    public static func compute(
        sharpe: Double, observations: Int, skewness: Double, kurtosis: Double,
        trialSharpeVariance: Double, trials: Int
    ) -> DeflatedSharpeResult {
        let benchmark = expectedMaximumSharpe(trialSharpeVariance: trialSharpeVariance, trials: trials)
        let dsr = ProbabilisticSharpeRatio.compute(
            sharpe: sharpe, observations: observations, skewness: skewness, kurtosis: kurtosis,
            benchmark: benchmark)
        let psrZero = ProbabilisticSharpeRatio.compute(
            sharpe: sharpe, observations: observations, skewness: skewness, kurtosis: kurtosis,
            benchmark: 0)
        return DeflatedSharpeResult(
            dsr: dsr, expectedMaxSharpe: benchmark, observedSharpe: sharpe, trials: trials,
            psrAgainstZero: psrZero)
    }

    /// The sample variance (ddof = 1) of `values`; NaN for fewer than 2 values,
    /// exactly 0 when all are equal (the mean's rounding cannot leak in).
    static func sampleVariance(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return .nan }
        if values.allSatisfy({ $0 == values[0] }) { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        var squares = 0.0
        for value in values {
            let deviation = value - mean
            squares += deviation * deviation
        }
        return squares / Double(values.count - 1)
    }
}
