#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The logistic function and its relatives, evaluated as scikit-learn and SciPy evaluate them
/// (so that fitted models agree to the last bits, not merely to a tolerance).
enum LogisticFunctions {
    /// σ(z) = 1 / (1 + e^(−z)) (SciPy `expit`; exact 0 below z ≈ −745, exact 1 above ≈ 37).
    @inline(__always)
    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// log(p / (1 − p)) (SciPy `logit`: near p = ½ as log1p(2p − 1) − log1p(1 − 2p)).
    static func logit(_ p: Double) -> Double {
        if p < 0.3 || p > 0.65 { return log(p / (1 - p)) }
        let s = 2 * (p - 0.5)
        return log1p(s) - log1p(-s)
    }

    /// log(1 + e^x) piecewise as scikit-learn's `_loss.log1pexp`.
    @inline(__always)
    static func log1pexp(_ x: Double) -> Double {
        if x <= -37 { return exp(x) }
        if x <= -2 { return log1p(exp(x)) }
        if x <= 18 { return log(1 + exp(x)) }
        if x <= 33.3 { return x + exp(-x) }
        return x
    }

    /// The log-loss of raw score z for label y: log(1 + e^z) − y z (sklearn `HalfBinomialLoss`).
    @inline(__always)
    static func binomialLoss(y: Double, raw z: Double) -> Double { log1pexp(z) - y * z }

    /// y − σ(z), the negative gradient of ``binomialLoss(y:raw:)`` in z, in scikit-learn's
    /// `cgradient_half_binomial` form.
    @inline(__always)
    static func residual(y: Double, raw z: Double) -> Double {
        if z > -37 {
            let e = exp(-z)
            return -(((1 - y) - y * e) / (1 + e))
        }
        return -(exp(z) - y)
    }
}
