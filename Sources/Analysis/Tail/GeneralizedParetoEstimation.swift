#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The maximum-likelihood search behind ``GeneralizedParetoFit``.
///
/// 1. The profile `ℓ*(θ)` (``GeneralizedParetoLikelihood``) is scanned on a fixed
///    grid of 401 points in `s = asinh(v)`, `v = log(1 + θ·y_max)`, between the `v`
///    where `ξ(θ) = −1` and where `ξ(θ) = 10` (ξ < −1 has an unbounded likelihood at
///    the support's edge, Smith 1985; ξ > 10 has no finite moments worth fitting).
/// 2. A golden-section search (120 steps) refines the best grid point between its
///    neighbours.
/// 3. Newton steps on the full `(ξ, β)` likelihood with the analytic gradient and
///    Hessian (step halving, support kept) polish the optimum to the score's zero.
///
/// Deterministic: no random starts, fixed iteration counts.
enum GeneralizedParetoEstimation {
    /// `(ξ̂, β̂, ℓ̂)`, or nil when the likelihood is nowhere finite.
    static func maximise(_ model: GeneralizedParetoLikelihood) -> (shape: Double, scale: Double, logLikelihood: Double)? {
        let vLow = model.solveShape(-1, low: -700, high: 0)
        let vHigh = model.solveShape(10, low: 0, high: 700)
        let sLow = asinh(vLow)
        let sHigh = asinh(vHigh)
        guard sHigh > sLow else { return nil }
        let steps = 400
        var bestIndex = -1
        var bestValue = -Double.infinity
        for index in 0...steps {
            let s = sLow + (sHigh - sLow) * Double(index) / Double(steps)
            let value = model.profile(sinh(s))
            if value > bestValue {
                bestValue = value
                bestIndex = index
            }
        }
        guard bestIndex >= 0, bestValue.isFinite else { return nil }
        let left = sLow + (sHigh - sLow) * Double(max(bestIndex - 1, 0)) / Double(steps)
        let right = sLow + (sHigh - sLow) * Double(min(bestIndex + 1, steps)) / Double(steps)
        let s = goldenSection(left, right) { model.profile(sinh($0)) }
        let start = model.profileParameters(theta: model.theta(sinh(s)))
        let atBoundary = bestIndex == 0 || bestIndex == steps
        var shape = start.shape
        var scale = start.scale
        var value = model.logLikelihood(shape: shape, scale: scale)
        if !atBoundary {
            (shape, scale, value) = polish(model, shape: shape, scale: scale, value: value)
        }
        guard value.isFinite, scale > 0 else { return nil }
        return (shape, scale, value)
    }

    /// The maximiser of `f` on `[a, b]` by golden-section search.
    static func goldenSection(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> Double {
        let ratio = (5.0.squareRoot() - 1) / 2
        var lo = a
        var hi = b
        var x1 = hi - ratio * (hi - lo)
        var x2 = lo + ratio * (hi - lo)
        var f1 = f(x1)
        var f2 = f(x2)
        for _ in 0..<120 {
            if f1 >= f2 {
                hi = x2
                x2 = x1
                f2 = f1
                x1 = hi - ratio * (hi - lo)
                f1 = f(x1)
            } else {
                lo = x1
                x1 = x2
                f1 = f2
                x2 = lo + ratio * (hi - lo)
                f2 = f(x2)
            }
        }
        return f1 >= f2 ? x1 : x2
    }

    /// Newton steps `δ = −H⁻¹∇ℓ` from `(shape, scale)`, halving a step up to 30 times
    /// until `ℓ` does not fall; stops when a step no longer changes the parameters.
    static func polish(
        _ model: GeneralizedParetoLikelihood, shape: Double, scale: Double, value: Double
    ) -> (Double, Double, Double) {
        var xi = shape
        var beta = scale
        var current = value
        for _ in 0..<50 {
            let (g, h) = model.derivatives(shape: xi, scale: beta)
            let det = h.0 * h.2 - h.1 * h.1
            guard det.isFinite, det != 0, h.0 < 0 else { break }
            let dXi = -(h.2 * g.0 - h.1 * g.1) / det
            let dBeta = -(-h.1 * g.0 + h.0 * g.1) / det
            guard dXi.isFinite, dBeta.isFinite else { break }
            var factor = 1.0
            var accepted = false
            for _ in 0..<30 {
                let nextXi = xi + factor * dXi
                let nextBeta = beta + factor * dBeta
                let next = model.logLikelihood(shape: nextXi, scale: nextBeta)
                if next.isFinite, next >= current, nextXi >= -1 {
                    let unchanged = nextXi == xi && nextBeta == beta
                    xi = nextXi
                    beta = nextBeta
                    current = next
                    accepted = !unchanged
                    break
                }
                factor /= 2
            }
            if !accepted { break }
        }
        return (xi, beta, current)
    }
}
