/// The normal distribution's density, distribution function and quantile function.
///
/// - ``cdf(_:)``: `Φ(x) = ½ erfc(−x/√2)`, evaluated as SciPy's `ndtr` does
///   (`½ + ½ erf(x/√2)` for `|x/√2| < 1`, the complementary form in the tails).
/// - ``quantile(_:)``: `Φ⁻¹(p)` by Acklam's rational approximation (relative error
///   < 1.15·10⁻⁹) followed by one Halley refinement step against ``cdf(_:)``, which
///   brings it to full double precision; the upper half uses `Φ⁻¹(p) = −Φ⁻¹(1 − p)`
///   (exact, as `1 − p` is exact for p ≥ ½) so both tails are accurate.
/// - ``pdf(_:)``: `φ(x) = e^(−x²/2) / √(2π)`.
///
/// Edge values: `quantile(0) = −∞`, `quantile(1) = +∞`; p outside [0, 1] or NaN
/// gives NaN. A non-positive or non-finite standard deviation gives NaN.
///
/// References: P. J. Acklam, "An algorithm for computing the inverse normal
/// cumulative distribution function" (2003); Halley's method; SciPy `ndtr`/`ndtri`.
/// Used for parametric VaR here and for the probabilistic / deflated Sharpe ratio.
///
/// ```swift
/// NormalDistribution.quantile(0.975)                        // 1.959963984540054
/// NormalDistribution.cdf(1.959963984540054)                 // 0.975
/// NormalDistribution.quantile(0.05, mean: 0.001, standardDeviation: 0.02)
/// ```
public enum NormalDistribution {
    /// The standard normal density `φ(x)`.
    public static func pdf(_ x: Double) -> Double {
        libmExp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
    }

    /// The standard normal distribution function `Φ(x) = P(Z ≤ x)`.
    public static func cdf(_ x: Double) -> Double {
        guard !x.isNaN else { return .nan }
        let scaled = x * sqrtHalf
        let magnitude = abs(scaled)
        if magnitude < 1 { return 0.5 + 0.5 * libmErf(scaled) }
        let tail = 0.5 * libmErfc(magnitude)
        return scaled > 0 ? 1 - tail : tail
    }

    /// The standard normal quantile `Φ⁻¹(p)`.
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p > 0.5 { return -lowerHalfQuantile(1 - p) }
        return lowerHalfQuantile(p)
    }

    /// The density of `N(mean, standardDeviation²)` at `x`.
    public static func pdf(_ x: Double, mean: Double, standardDeviation: Double) -> Double {
        guard isValidScale(standardDeviation) else { return .nan }
        return pdf((x - mean) / standardDeviation) / standardDeviation
    }

    /// `P(X ≤ x)` for `X ~ N(mean, standardDeviation²)`.
    public static func cdf(_ x: Double, mean: Double, standardDeviation: Double) -> Double {
        guard isValidScale(standardDeviation) else { return .nan }
        return cdf((x - mean) / standardDeviation)
    }

    /// The p-quantile `mean + standardDeviation · Φ⁻¹(p)` of `N(mean, standardDeviation²)`.
    public static func quantile(_ p: Double, mean: Double, standardDeviation: Double) -> Double {
        guard isValidScale(standardDeviation) else { return .nan }
        return mean + standardDeviation * quantile(p)
    }

    // MARK: - Implementation

    private static let sqrtHalf = 0.7071067811865476

    private static func isValidScale(_ standardDeviation: Double) -> Bool {
        standardDeviation.isFinite && standardDeviation > 0
    }

    // Acklam's coefficients.
    private static let a = [
        -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
    ]
    private static let b = [
        -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01,
    ]
    private static let c = [
        -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
    ]
    private static let d = [
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00,
    ]
    private static let lowRegion = 0.02425

    /// Acklam's approximation for `0 < p ≤ ½`, refined by one Halley step.
    private static func lowerHalfQuantile(_ p: Double) -> Double {
        var x: Double
        if p < lowRegion {
            let q = (-2 * libmLog(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else {
            let q = p - 0.5
            let r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        }
        // Halley: u = (Φ(x) − p)/φ(x), written as (Φ(x)/p − 1)·(p/φ(x)) so the deep
        // tail never forms a subnormal difference.
        let density = pdf(x)
        guard density > 0 else { return x }
        let u = (cdf(x) / p - 1) * (p / density)
        x -= u / (1 + 0.5 * x * u)
        return x
    }
}
