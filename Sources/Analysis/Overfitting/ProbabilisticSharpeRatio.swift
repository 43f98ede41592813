import Metrics

/// The probabilistic Sharpe ratio (PSR) and the minimum track record length (MinTRL).
///
/// PSR is the probability that the true Sharpe ratio exceeds a benchmark `SR*`,
/// given an observed Sharpe ratio `SR̂` estimated from `T` returns whose sample
/// skewness is `γ₃` and whose RAW (Pearson) kurtosis is `γ₄` (3 for a normal):
///
///     PSR(SR*) = Φ[ (SR̂ − SR*)·√(T − 1) / √(1 − γ₃·SR̂ + (γ₄ − 1)/4 · SR̂²) ]
///
/// MinTRL is the number of observations needed for `PSR(SR*) ≥ confidence`:
///
///     MinTRL = 1 + (1 − γ₃·SR̂ + (γ₄ − 1)/4 · SR̂²) · (Φ⁻¹(confidence) / (SR̂ − SR*))²
///
/// Every Sharpe ratio here — `SR̂`, `SR*` — is PER PERIOD (not annualised): a daily
/// series gives a daily Sharpe; divide an annual figure by √(periods per year) first.
/// MinTRL is in periods of the same frequency.
///
/// From returns, `SR̂ = mean(r) / std(r, ddof = 1)` (Metrics' `SharpeRatio` with
/// `periodsPerYear: 1`), `γ₃` = Metrics' `Skewness` and `γ₄` = `Kurtosis.raw`
/// (biased population moments, `scipy.stats.skew/kurtosis(bias=True, fisher=False)`).
/// Pandas-style EXCESS kurtosis must be converted by +3 before being passed in.
///
/// Degenerate input → NaN: fewer than 2 observations, zero variance (Sharpe, skewness
/// and kurtosis undefined), any non-finite argument, or a non-positive variance term
/// `1 − γ₃SR̂ + (γ₄−1)/4·SR̂²` (impossible for consistent sample moments, since
/// `γ₄ ≥ γ₃² + 1` makes it ≥ (1 − γ₃SR̂/2)²). MinTRL is also NaN when `SR̂ ≤ SR*`
/// (no track record is long enough) or `confidence` is outside (0, 1).
///
/// Reference: D. H. Bailey and M. López de Prado, "The Sharpe Ratio Efficient
/// Frontier", Journal of Risk 15(2), 2012, pp. 3–44 (PSR: eq. for P̂SR; MinTRL).
///
/// ```swift
/// ProbabilisticSharpeRatio.compute(returns: daily)                       // vs SR* = 0
/// ProbabilisticSharpeRatio.compute(returns: daily, benchmark: 1 / 252.0.squareRoot())
/// ProbabilisticSharpeRatio.compute(sharpe: 0.1, observations: 500, skewness: -0.5,
///                                  kurtosis: 5, benchmark: 0)
/// ProbabilisticSharpeRatio.minimumTrackRecordLength(returns: daily, confidence: 0.95)
/// ```
public enum ProbabilisticSharpeRatio {
    /// The moments of a return series that PSR and MinTRL need.
    public struct ReturnMoments: Sendable, Equatable {
        /// The per-period Sharpe ratio `mean / std(ddof = 1)`.
        public var sharpe: Double
        /// The number of returns `T`.
        public var observations: Int
        /// The biased sample skewness `γ₃`.
        public var skewness: Double
        /// The biased RAW sample kurtosis `γ₄` (normal = 3).
        public var kurtosis: Double

        /// Moments given directly.
        public init(sharpe: Double, observations: Int, skewness: Double, kurtosis: Double) {
            self.sharpe = sharpe
            self.observations = observations
            self.skewness = skewness
            self.kurtosis = kurtosis
        }

        /// The moments of `returns` (NaN fields when fewer than 2 returns or zero variance).
        public init(returns: [Double]) {
            let enough = returns.count >= 2
            self.sharpe = enough ? SharpeRatio.compute(returns, periodsPerYear: 1) : .nan
            self.observations = returns.count
            self.skewness = enough ? Skewness.compute(returns) : .nan
            self.kurtosis = enough ? Kurtosis.raw(returns) : .nan
        }

        /// Equal when every field is equal, NaN counting as equal to NaN.
        public static func == (lhs: ReturnMoments, rhs: ReturnMoments) -> Bool {
            lhs.observations == rhs.observations && sameValue(lhs.sharpe, rhs.sharpe)
                && sameValue(lhs.skewness, rhs.skewness) && sameValue(lhs.kurtosis, rhs.kurtosis)
        }
    }

    /// PSR of a per-period return series against the per-period benchmark Sharpe `SR*`.
    public static func compute(returns: [Double], benchmark: Double = 0) -> Double {
        let moments = ReturnMoments(returns: returns)
        return compute(
            sharpe: moments.sharpe, observations: moments.observations,
            skewness: moments.skewness, kurtosis: moments.kurtosis, benchmark: benchmark)
    }

    /// PSR from the summary statistics: per-period `sharpe`, `observations` = T,
    /// `skewness` γ₃, RAW `kurtosis` γ₄, per-period `benchmark` SR*.
    public static func compute(
        sharpe: Double, observations: Int, skewness: Double, kurtosis: Double, benchmark: Double
    ) -> Double {
        let z = zScore(
            sharpe: sharpe, observations: observations, skewness: skewness, kurtosis: kurtosis,
            benchmark: benchmark)
        return NormalDistribution.cdf(z)
    }

    /// The standardised statistic inside Φ: `(SR̂ − SR*)·√(T − 1) / σ̂`, NaN when degenerate.
    public static func zScore(
        sharpe: Double, observations: Int, skewness: Double, kurtosis: Double, benchmark: Double
    ) -> Double {
        guard observations >= 2, benchmark.isFinite else { return .nan }
        let variance = varianceTerm(sharpe: sharpe, skewness: skewness, kurtosis: kurtosis)
        guard variance.isFinite, variance > 0 else { return .nan }
        return (sharpe - benchmark) * Double(observations - 1).squareRoot() / variance.squareRoot()
    }

    /// The minimum track record length (in periods) for `PSR(benchmark) ≥ confidence`.
    public static func minimumTrackRecordLength(
        returns: [Double], benchmark: Double = 0, confidence: Double = 0.95
    ) -> Double {
        let moments = ReturnMoments(returns: returns)
        return minimumTrackRecordLength(
            sharpe: moments.sharpe, skewness: moments.skewness, kurtosis: moments.kurtosis,
            benchmark: benchmark, confidence: confidence)
    }

    /// MinTRL from the summary statistics (per-period Sharpe ratios, RAW kurtosis).
    public static func minimumTrackRecordLength(
        sharpe: Double, skewness: Double, kurtosis: Double, benchmark: Double,
        confidence: Double = 0.95
    ) -> Double {
        guard confidence > 0, confidence < 1, benchmark.isFinite, sharpe > benchmark else {
            return .nan
        }
        let variance = varianceTerm(sharpe: sharpe, skewness: skewness, kurtosis: kurtosis)
        guard variance.isFinite, variance > 0 else { return .nan }
        let ratio = NormalDistribution.quantile(confidence) / (sharpe - benchmark)
        return 1 + variance * ratio * ratio
    }

    /// `1 − γ₃·SR̂ + (γ₄ − 1)/4 · SR̂²`, the asymptotic variance of SR̂ times (T − 1).
    static func varianceTerm(sharpe: Double, skewness: Double, kurtosis: Double) -> Double {
        guard sharpe.isFinite, skewness.isFinite, kurtosis.isFinite else { return .nan }
        return 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe
    }
}
