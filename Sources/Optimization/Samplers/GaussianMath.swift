#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func samplerLog(_ x: Double) -> Double { log(x) }
@inline(__always) func samplerExp(_ x: Double) -> Double { exp(x) }

/// Standard-normal tail arithmetic in log space, ported from Optuna's
/// `optuna/samplers/_tpe/_truncnorm.py` (itself after SciPy's `truncnorm`), so the Parzen
/// estimator's log-densities agree with Optuna's to rounding.
enum GaussianMath {
    static let sqrt2 = 2.0.squareRoot()
    static let logSqrt2Pi = log((2.0 * Double.pi).squareRoot())

    /// Φ(a), choosing erf or erfc by region as Optuna's `_ndtr_single`.
    static func ndtrSingle(_ a: Double) -> Double {
        let x = a / sqrt2
        if x < -1 / sqrt2 { return 0.5 * erfc(-x) }
        if x < 1 / sqrt2 { return 0.5 + 0.5 * erf(x) }
        return 1.0 - 0.5 * erfc(x)
    }

    /// Φ(a) = ½ + ½ erf(a/√2) (Optuna's vectorised `_ndtr`).
    static func ndtr(_ a: Double) -> Double { 0.5 + 0.5 * erf(a / sqrt2) }

    /// log Φ(a), with the asymptotic series below −20 (Optuna's `_log_ndtr_single`).
    static func logNdtr(_ a: Double) -> Double {
        if a > 6 { return -ndtrSingle(-a) }
        if a > -20 { return log(ndtrSingle(a)) }
        let logLHS = -0.5 * a * a - log(-a) - 0.5 * log(2 * Double.pi)
        var lastTotal = 0.0, rhs = 1.0, numerator = 1.0, denomFactor = 1.0
        let denomCons = 1 / (a * a)
        var sign = 1.0, i = 0.0
        while abs(lastTotal - rhs) > Double.ulpOfOne {
            i += 1
            lastTotal = rhs
            sign = -sign
            denomFactor *= denomCons
            numerator *= 2 * i - 1
            rhs += sign * numerator * denomFactor
        }
        return logLHS + log(rhs)
    }

    @inline(__always) static func logDiff(_ logP: Double, _ logQ: Double) -> Double {
        logP + log1p(-exp(logQ - logP))
    }

    @inline(__always) static func logSum(_ p: Double, _ q: Double) -> Double {
        // numpy.logaddexp
        if p == q { return p + log(2.0) }
        let m = max(p, q)
        if m == -.infinity { return m }
        return m + log1p(exp(-abs(p - q)))
    }

    /// log of the standard-normal mass in `[a, b]` (Optuna's `_log_gauss_mass`).
    static func logGaussMass(_ a: Double, _ b: Double) -> Double {
        if b <= 0 { return logDiff(logNdtr(b), logNdtr(a)) }
        if a > 0 { return logDiff(logNdtr(-a), logNdtr(-b)) }
        return log1p(-ndtr(a) - ndtr(-b))
    }

    /// x with log Φ(x) = y, by Newton's method from Optuna's initial guesses (`_ndtri_exp`).
    static func ndtriExp(_ y: Double) -> Double {
        let flipped = y > -1e-2
        let z = flipped ? log(-expm1(y)) : y
        var x = z < -5 ? -(-2.0 * (z + logSqrt2Pi)).squareRoot() : -(3.0.squareRoot() / Double.pi) * log(expm1(-z))
        for _ in 0..<100 {
            let logNdtrX = logNdtr(x)
            let logPdfX = -0.5 * x * x - logSqrt2Pi
            let dx = (logNdtrX - z) * exp(logNdtrX - logPdfX)
            x -= dx
            if !(abs(dx) >= 1e-8 * abs(x)) { break }
        }
        return flipped ? -x : x
    }

    /// The quantile `q` of the standard normal truncated to `[a, b]` (Optuna's `ppf`).
    static func truncatedPPF(_ q: Double, _ a: Double, _ b: Double) -> Double {
        if a == b { return .nan }
        if q == 0 { return a }
        if q == 1 { return b }
        let logMass = logGaussMass(a, b)
        let x: Double
        if a < 0 {
            x = ndtriExp(logSum(logNdtr(a), log(q) + logMass))
        } else {
            x = -ndtriExp(logSum(logNdtr(-b), log1p(-q) + logMass))
        }
        return min(max(x, a), b)
    }
}
