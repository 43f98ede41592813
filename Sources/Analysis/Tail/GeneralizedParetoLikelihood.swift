#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The generalized Pareto log-likelihood of excesses `y_i > 0`, its gradient and
/// Hessian in `(ξ, β)`, and the one-dimensional profile that finds its maximum.
///
/// Density `g(y) = (1/β)(1 + ξy/β)^(−1/ξ − 1)` (ξ ≠ 0), `(1/β)e^(−y/β)` (ξ = 0), on
/// `y > 0` with `1 + ξy/β > 0`. With `r = y/β`, `t = ξr`, `w = 1 + t`:
///
/// - `ℓ = −N log β − Σ (1 + 1/ξ) log w`;
/// - `∂ℓ/∂ξ = Σ [ r²·A(t) − r/w ]`, `A(t) = (log(1 + t) − t/(1 + t))/t²`;
/// - `∂ℓ/∂β = Σ [ −1/β + (ξ + 1) y/(β² w) ]`;
/// - `∂²ℓ/∂ξ² = Σ [ r³·B(t) + r²/w² ]`, `B(t) = (−2 log(1 + t) + 2t/(1 + t) + t²/(1 + t)²)/t³`;
/// - `∂²ℓ/∂ξ∂β = Σ [ y/(β² w) − (ξ + 1) y²/(β³ w²) ]`;
/// - `∂²ℓ/∂β² = Σ [ 1/β² − (ξ + 1) y (2β + ξy)/(β⁴ w²) ]`.
///
/// `A` and `B` are evaluated from their power series for `|t| < 0.1` so the ξ → 0
/// limit has no cancellation (`A(0) = ½`, `B(0) = −⅔`).
///
/// Profile (Grimshaw 1993): for `θ = ξ/β`, the maximising `ξ` is
/// `ξ(θ) = (1/N) Σ log(1 + θy_i)` and `β = ξ(θ)/θ` (`β = ȳ` at θ = 0), so
/// `ℓ*(θ) = −N log β(θ) − N(1 + ξ(θ))`, a function of one variable on
/// `θ > −1/y_max`.
///
/// Reference: S. D. Grimshaw, "Computing maximum likelihood estimates for the
/// generalized Pareto distribution", Technometrics 35(2), 1993.
struct GeneralizedParetoLikelihood {
    let excesses: [Double]
    let largest: Double
    let mean: Double

    init(excesses: [Double]) {
        self.excesses = excesses
        self.largest = excesses.max() ?? 0
        self.mean = excesses.isEmpty ? .nan : excesses.reduce(0, +) / Double(excesses.count)
    }

    var count: Double { Double(excesses.count) }

    /// `ℓ(ξ, β)`, or −∞ outside the support.
    func logLikelihood(shape xi: Double, scale beta: Double) -> Double {
        guard beta > 0, beta.isFinite, xi.isFinite else { return -.infinity }
        var total = 0.0
        for y in excesses {
            let r = y / beta
            let t = xi * r
            guard t > -1 else { return -.infinity }
            // (1 + 1/ξ) log(1 + t) = log(1 + t) + r·log(1 + t)/t
            let logW = log1p(t)
            total += logW + r * (t == 0 ? 1 : logW / t)
        }
        return -count * log(beta) - total
    }

    /// The gradient and Hessian of `ℓ` at `(ξ, β)` (inside the support).
    func derivatives(shape xi: Double, scale beta: Double)
        -> (gradient: (Double, Double), hessian: (Double, Double, Double))
    {
        var gXi = 0.0
        var gBeta = 0.0
        var hXiXi = 0.0
        var hXiBeta = 0.0
        var hBetaBeta = 0.0
        let beta2 = beta * beta
        for y in excesses {
            let r = y / beta
            let t = xi * r
            let w = 1 + t
            gXi += r * r * Self.a(t) - r / w
            gBeta += -1 / beta + (xi + 1) * y / (beta2 * w)
            hXiXi += r * r * r * Self.b(t) + r * r / (w * w)
            hXiBeta += y / (beta2 * w) - (xi + 1) * y * y / (beta2 * beta * w * w)
            hBetaBeta += 1 / beta2 - (xi + 1) * y * (2 * beta + xi * y) / (beta2 * beta2 * w * w)
        }
        return ((gXi, gBeta), (hXiXi, hXiBeta, hBetaBeta))
    }

    /// `A(t) = (log(1 + t) − t/(1 + t))/t² = Σ_{k≥2} (−1)^k (k − 1)/k · t^(k−2)`.
    static func a(_ t: Double) -> Double {
        if abs(t) >= 0.1 { return (log1p(t) - t / (1 + t)) / (t * t) }
        var total = 0.0
        var power = 1.0
        for k in 2...40 {
            let sign: Double = k % 2 == 0 ? 1 : -1
            total += sign * Double(k - 1) / Double(k) * power
            power *= t
        }
        return total
    }

    /// `B(t) = (−2 log(1 + t) + 2t/(1 + t) + t²/(1 + t)²)/t³ = Σ_{k≥3} (−1)^k (2/k + k − 3) t^(k−3)`.
    static func b(_ t: Double) -> Double {
        if abs(t) >= 0.1 {
            let w = 1 + t
            return (-2 * log1p(t) + 2 * t / w + t * t / (w * w)) / (t * t * t)
        }
        var total = 0.0
        var power = 1.0
        for k in 3...42 {
            let sign: Double = k % 2 == 0 ? 1 : -1
            total += sign * (2 / Double(k) + Double(k) - 3) * power
            power *= t
        }
        return total
    }

    // MARK: - Profile in θ, parameterised by v = log(1 + θ·y_max)

    /// `θ(v) = (e^v − 1)/y_max`.
    func theta(_ v: Double) -> Double { expm1(v) / largest }

    /// `(ξ(θ), β(θ))` on the profile.
    func profileParameters(theta: Double) -> (shape: Double, scale: Double) {
        if theta == 0 { return (0, mean) }
        var total = 0.0
        for y in excesses { total += log1p(theta * y) }
        let xi = total / count
        return (xi, xi / theta)
    }

    /// `ℓ*(θ(v))`, −∞ where undefined.
    func profile(_ v: Double) -> Double {
        let (xi, beta) = profileParameters(theta: theta(v))
        guard beta > 0, beta.isFinite, xi.isFinite else { return -.infinity }
        return -count * log(beta) - count * (1 + xi)
    }

    /// The `v` at which `ξ(θ(v)) = target`, by bisection on `[low, high]` (ξ rises with v);
    /// the nearer end when the target is outside.
    func solveShape(_ target: Double, low: Double, high: Double) -> Double {
        var lo = low
        var hi = high
        if profileParameters(theta: theta(lo)).shape >= target { return lo }
        if profileParameters(theta: theta(hi)).shape <= target { return hi }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if profileParameters(theta: theta(mid)).shape < target { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
