#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Metrics

/// Peaks over threshold: a generalized Pareto distribution fitted by maximum
/// likelihood to the losses above a threshold, with the tail quantile (VaR),
/// expected shortfall and a delta-method interval for the quantile.
///
/// Losses are POSITIVE numbers (a loss of 3% is 0.03, i.e. `−return`). Of the `n`
/// finite losses, the `N_u` strictly above the threshold `u` give the excesses
/// `y_i = x_i − u`, modelled as GPD(ξ, β):
/// `P(Y ≤ y) = 1 − (1 + ξy/β)^(−1/ξ)` (`1 − e^(−y/β)` at ξ = 0). The MLE
/// `(ξ̂, β̂)` maximises `ℓ = −N_u log β − (1 + 1/ξ) Σ log(1 + ξy_i/β)` over
/// `ξ ∈ [−1, 10]`, `β > 0`, `1 + ξy_i/β > 0` (``GeneralizedParetoEstimation``:
/// Grimshaw's one-dimensional profile, then Newton on the score). It agrees with
/// `scipy.stats.genpareto.fit(y, floc=0)` (scipy's shape `c` is ξ) at scipy's optimum
/// once that is polished to the score's zero: scipy's default Nelder–Mead stops
/// about 1e-4 short.
///
/// For `p ≥ 1 − N_u/n` (a quantile at or above `u`), with `L = log(n(1 − p)/N_u)`:
///
/// - ``quantile(_:)``: `VaR_p = u + (β/ξ)((n(1 − p)/N_u)^(−ξ) − 1) = u + β·expm1(−ξL)/ξ`,
///   `u − βL` at ξ = 0;
/// - ``expectedShortfall(_:)``: `ES_p = (VaR_p + β − ξu)/(1 − ξ)` for ξ < 1, NaN
///   otherwise (the mean is infinite);
/// - ``quantileInterval(_:level:)``: `VaR_p ± z_{(1+level)/2} · √(∇qᵀ Σ ∇q)` (delta
///   method), `Σ = (−H)⁻¹` the inverse observed information (the negated analytic
///   Hessian of ℓ at the MLE), `∂q/∂β = expm1(−ξL)/ξ`,
///   `∂q/∂ξ = β L² f(−ξL)`, `f(s) = (s eˢ − eˢ + 1)/s²`. `u` and `N_u/n` are
///   treated as fixed. Symmetric, so it can reach below `u` for a short tail.
///
/// Degenerate input gives a typed ``Status`` and NaN parameters: a non-finite loss
/// or threshold (``Status/invalidInput``), fewer than ``minimumExceedances``
/// exceedances (``Status/tooFewExceedances``), all excesses equal
/// (``Status/constantExcesses``), or no finite likelihood (``Status/noMaximum``).
///
/// References: A. J. McNeil & R. Frey, "Estimation of tail-related risk measures for
/// heteroscedastic financial time series", J. Empirical Finance 7, 2000 (VaR and ES
/// formulas); R. L. Smith, "Maximum likelihood estimation in a class of nonregular
/// cases", Biometrika 72, 1985; Coles, "An Introduction to Statistical Modeling of
/// Extreme Values", Springer, 2001, §4.3 (delta method).
///
/// ```swift
/// let losses = dailyReturns.map { -$0 }
/// let tail = GeneralizedParetoFit.fit(losses: losses, thresholdQuantile: 0.95)
/// tail.shape                        // ξ̂, e.g. 0.2 for a fat tail
/// tail.quantile(0.999)              // the 99.9% loss
/// tail.quantileInterval(0.999)      // (lower, upper) at 95%
/// ```
public struct GeneralizedParetoFit: Sendable, Equatable {
    /// How the fit ended.
    public enum Status: String, Sendable, Equatable {
        case fitted
        case invalidInput
        case tooFewExceedances
        case constantExcesses
        case noMaximum
    }

    /// A two-sided interval.
    public struct Interval: Sendable, Equatable {
        public var lower: Double
        public var upper: Double

        public static func == (a: Interval, b: Interval) -> Bool {
            sameValue(a.lower, b.lower) && sameValue(a.upper, b.upper)
        }
    }

    /// The fewest exceedances fitted (below this the status is ``Status/tooFewExceedances``).
    public static let minimumExceedances = 10

    public var status: Status
    /// The threshold `u`.
    public var threshold: Double
    /// The shape ξ (scipy's `c`); NaN when not fitted.
    public var shape: Double
    /// The scale β; NaN when not fitted.
    public var scale: Double
    /// `N_u`, the losses strictly above `u`.
    public var exceedances: Int
    /// `n`, all losses.
    public var observations: Int
    /// `ℓ(ξ̂, β̂)`; NaN when not fitted.
    public var logLikelihood: Double
    /// The inverse observed information `[Var ξ, Cov(ξ, β), Var β]`; NaN when singular.
    public var covariance: [Double]

    /// Fits the excesses of `losses` over `threshold`.
    public static func fit(losses: [Double], threshold: Double) -> GeneralizedParetoFit {
        var result = GeneralizedParetoFit(
            status: .invalidInput, threshold: threshold, shape: .nan, scale: .nan, exceedances: 0,
            observations: losses.count, logLikelihood: .nan, covariance: [.nan, .nan, .nan])
        guard threshold.isFinite, losses.allSatisfy(\.isFinite) else { return result }
        let excesses = losses.filter { $0 > threshold }.map { $0 - threshold }
        result.exceedances = excesses.count
        guard excesses.count >= minimumExceedances else {
            result.status = .tooFewExceedances
            return result
        }
        guard let first = excesses.first, excesses.contains(where: { $0 != first }) else {
            result.status = .constantExcesses
            return result
        }
        let model = GeneralizedParetoLikelihood(excesses: excesses)
        guard let best = GeneralizedParetoEstimation.maximise(model) else {
            result.status = .noMaximum
            return result
        }
        result.status = .fitted
        result.shape = best.shape
        result.scale = best.scale
        result.logLikelihood = best.logLikelihood
        result.covariance = inverseInformation(model, shape: best.shape, scale: best.scale)
        return result
    }

    /// Fits with the threshold at the `q`-quantile of the losses (numpy linear,
    /// `np.quantile(losses, q)`), e.g. 0.95 for the largest 5%.
    public static func fit(losses: [Double], thresholdQuantile q: Double) -> GeneralizedParetoFit {
        guard losses.allSatisfy(\.isFinite) else { return fit(losses: losses, threshold: .nan) }
        return fit(losses: losses, threshold: SampleQuantile.of(losses, probability: q))
    }

    /// The loss exceeded with probability `1 − p` (NaN when not fitted or `p` outside
    /// `[1 − N_u/n, 1)`).
    public func quantile(_ p: Double) -> Double {
        guard let logRatio = tailLogRatio(p) else { return .nan }
        return threshold + scale * Self.expm1Ratio(shape, logRatio)
    }

    /// The mean loss beyond ``quantile(_:)`` (NaN when ξ ≥ 1 or the quantile is NaN).
    public func expectedShortfall(_ p: Double) -> Double {
        let q = quantile(p)
        guard q.isFinite, shape < 1 else { return .nan }
        return (q + scale - shape * threshold) / (1 - shape)
    }

    /// The delta-method interval for ``quantile(_:)`` at `level` (e.g. 0.95).
    public func quantileInterval(_ p: Double, level: Double = 0.95) -> Interval {
        let nan = Interval(lower: .nan, upper: .nan)
        guard level > 0, level < 1, covariance.count == 3, let logRatio = tailLogRatio(p) else { return nan }
        let q = threshold + scale * Self.expm1Ratio(shape, logRatio)
        let dBeta = Self.expm1Ratio(shape, logRatio)
        let dXi = scale * logRatio * logRatio * Self.quantileShapeFactor(-shape * logRatio)
        let variance = dXi * dXi * covariance[0] + 2 * dXi * dBeta * covariance[1] + dBeta * dBeta * covariance[2]
        guard variance.isFinite, variance >= 0 else { return nan }
        let half = NormalDistribution.quantile((1 + level) / 2) * variance.squareRoot()
        return Interval(lower: q - half, upper: q + half)
    }

    public static func == (a: GeneralizedParetoFit, b: GeneralizedParetoFit) -> Bool {
        a.status == b.status && sameValue(a.threshold, b.threshold) && sameValue(a.shape, b.shape)
            && sameValue(a.scale, b.scale) && a.exceedances == b.exceedances
            && a.observations == b.observations && sameValue(a.logLikelihood, b.logLikelihood)
            && sameValues(a.covariance, b.covariance)
    }

    // MARK: - Implementation

    /// `L = log(n(1 − p)/N_u)` when fitted and `1 − N_u/n ≤ p < 1`.
    private func tailLogRatio(_ p: Double) -> Double? {
        guard status == .fitted, p < 1, exceedances > 0 else { return nil }
        let ratio = Double(observations) * (1 - p) / Double(exceedances)
        // p = 1 − N_u/n itself may land a rounding step above 1: that is the threshold.
        guard ratio > 0, ratio <= 1 + 1e-12 else { return nil }
        return log(min(ratio, 1))
    }

    /// `expm1(−ξL)/ξ`, `−L` at ξ = 0.
    private static func expm1Ratio(_ xi: Double, _ logRatio: Double) -> Double {
        xi == 0 ? -logRatio : expm1(-xi * logRatio) / xi
    }

    /// `f(s) = (s eˢ − eˢ + 1)/s² = Σ_{k≥2} (k − 1)/k! · s^(k−2)` (series for |s| < 0.1).
    static func quantileShapeFactor(_ s: Double) -> Double {
        if abs(s) >= 0.1 { return (s * exp(s) - expm1(s)) / (s * s) }
        var total = 0.0
        var power = 1.0
        var factorial = 1.0
        for k in 2...25 {
            factorial *= Double(k)
            total += Double(k - 1) / factorial * power
            power *= s
        }
        return total
    }

    /// `(−H)⁻¹` as `[Var ξ, Cov, Var β]`, NaN when not positive definite.
    private static func inverseInformation(
        _ model: GeneralizedParetoLikelihood, shape: Double, scale: Double
    ) -> [Double] {
        let h = model.derivatives(shape: shape, scale: scale).hessian
        let a = -h.0
        let b = -h.1
        let c = -h.2
        let det = a * c - b * b
        guard det > 0, a > 0, det.isFinite else { return [.nan, .nan, .nan] }
        return [c / det, -b / det, a / det]
    }
}
