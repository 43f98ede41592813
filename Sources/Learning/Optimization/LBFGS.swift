/// Why ``LBFGS/minimize(from:settings:objective:)`` stopped.
public enum LBFGSStop: String, Sendable, Equatable {
    /// max |∂f/∂xᵢ| ≤ `gradientTolerance` (SciPy's `pgtol` test).
    case gradient
    /// (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ `relativeReduction` (SciPy's `ftol` test).
    case reduction
    /// `maxIterations` iterations were taken.
    case iterations
    /// `maxEvaluations` evaluations of f were spent.
    case evaluations
    /// The line search found no step with sufficient decrease (numerically at a minimum, or a
    /// non-smooth point); the best point so far is returned.
    case lineSearch
}

/// Settings of ``LBFGS``; the defaults are those of SciPy's `L-BFGS-B` as scikit-learn's
/// `MLPClassifier(solver="lbfgs")` calls it.
struct LBFGSSettings {
    /// m, the number of correction pairs kept (SciPy `maxcor`).
    var memory = 10
    var maxIterations = 200
    var maxEvaluations = 15_000
    /// SciPy `gtol` (scikit-learn passes its `tol`, 1e-4 by default).
    var gradientTolerance = 1e-4
    /// SciPy `ftol` (= factr · machine epsilon, factr = 10⁷).
    var relativeReduction = 1e7 * Double.ulpOfOne
    /// Armijo constant c₁ and curvature constant c₂ of the strong Wolfe conditions (SciPy's
    /// line search uses 10⁻³ and 0.9).
    var c1 = 1e-3
    var c2 = 0.9
}

struct LBFGSResult {
    var x: [Double]
    var value: Double
    var gradient: [Double]
    var iterations: Int
    var evaluations: Int
    var stop: LBFGSStop
}

/// Limited-memory BFGS with a strong-Wolfe line search, unconstrained (Nocedal & Wright,
/// *Numerical Optimization*, 2nd ed.: Algorithm 7.4 two-loop recursion with H₀ = γI,
/// γ = sᵀy / yᵀy; Algorithms 3.5–3.6 line search with cubic interpolation; Liu & Nocedal,
/// *Math. Programming* 45, 1989). The first step has length 1/‖∇f‖₂ along −∇f, later steps
/// start at 1, as in L-BFGS-B (Byrd, Lu, Nocedal & Zhu, *SIAM J. Sci. Comput.* 16, 1995).
/// A pair with sᵀy ≤ ε·yᵀy is skipped, keeping the inverse-Hessian approximation positive
/// definite. Deterministic: plain sequential floating point, no randomness.
enum LBFGS {
    /// Minimises `objective`, which returns f(x) and writes ∇f(x) into its second argument.
    static func minimize(
        from x0: [Double], settings: LBFGSSettings, objective: (_ x: [Double], _ gradient: inout [Double]) -> Double
    ) -> LBFGSResult {
        let p = x0.count
        var x = x0
        var g = [Double](repeating: 0, count: p)
        var f = objective(x, &g)
        var evaluations = 1
        var s: [[Double]] = []
        var y: [[Double]] = []
        var rho: [Double] = []
        var alphaBuffer = [Double](repeating: 0, count: settings.memory)
        var d = [Double](repeating: 0, count: p)
        var trialX = x
        var trialG = g
        var iterations = 0

        func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
        func dot(_ a: [Double], _ b: [Double]) -> Double {
            var acc = 0.0
            for i in 0..<a.count { acc += a[i] * b[i] }
            return acc
        }

        if !f.isFinite {
            return LBFGSResult(x: x, value: f, gradient: g, iterations: 0, evaluations: 1, stop: .lineSearch)
        }
        if maxAbs(g) <= settings.gradientTolerance {
            return LBFGSResult(x: x, value: f, gradient: g, iterations: 0, evaluations: 1, stop: .gradient)
        }
        while true {
            // Two-loop recursion: d = −H g.
            for i in 0..<p { d[i] = -g[i] }
            let k = s.count
            if k > 0 {
                for j in stride(from: k - 1, through: 0, by: -1) {
                    let a = rho[j] * dot(s[j], d)
                    alphaBuffer[j] = a
                    for i in 0..<p { d[i] -= a * y[j][i] }
                }
                let gamma = dot(s[k - 1], y[k - 1]) / dot(y[k - 1], y[k - 1])
                for i in 0..<p { d[i] *= gamma }
                for j in 0..<k {
                    let b = rho[j] * dot(y[j], d)
                    let a = alphaBuffer[j]
                    for i in 0..<p { d[i] += (a - b) * s[j][i] }
                }
            }
            var slope = dot(g, d)
            if !(slope < 0) {  // not a descent direction: restart from steepest descent
                s.removeAll()
                y.removeAll()
                rho.removeAll()
                for i in 0..<p { d[i] = -g[i] }
                slope = dot(g, d)
            }
            let initialStep = k == 0 ? 1 / dot(d, d).squareRoot() : 1
            // Strong Wolfe line search along d.
            var evalBudget = settings.maxEvaluations - evaluations
            func phi(_ alpha: Double) -> (Double, Double) {
                for i in 0..<p { trialX[i] = x[i] + alpha * d[i] }
                let v = objective(trialX, &trialG)
                evaluations += 1
                evalBudget -= 1
                return (v, dot(trialG, d))
            }
            var accepted: (alpha: Double, value: Double, x: [Double], g: [Double])?
            var best: (alpha: Double, value: Double, x: [Double], g: [Double])?
            func keepIfBest(_ alpha: Double, _ v: Double) {
                if v.isFinite, v <= f + settings.c1 * alpha * slope, best.map({ v < $0.value }) ?? true {
                    best = (alpha, v, trialX, trialG)
                }
            }
            var lo = 0.0
            var fLo = f
            var dLo = slope
            var hi = Double.nan
            var fHi = Double.nan
            var dHi = Double.nan
            var alpha = initialStep
            var bracketed = false
            search: for _ in 0..<40 {
                guard evalBudget > 0 else { break }
                if bracketed {
                    alpha = interpolate(lo, fLo, dLo, hi, fHi, dHi)
                }
                let (v, dv) = phi(alpha)
                keepIfBest(alpha, v)
                if !v.isFinite || v > f + settings.c1 * alpha * slope || (v >= fLo && (bracketed || lo > 0)) {
                    hi = alpha
                    fHi = v.isFinite ? v : .greatestFiniteMagnitude
                    dHi = dv.isFinite ? dv : 0
                    bracketed = true
                } else {
                    if abs(dv) <= -settings.c2 * slope {
                        accepted = (alpha, v, trialX, trialG)
                        break search
                    }
                    if bracketed {
                        if dv * (hi - lo) >= 0 {
                            hi = lo
                            fHi = fLo
                            dHi = dLo
                        }
                        lo = alpha
                        fLo = v
                        dLo = dv
                    } else if dv >= 0 {
                        hi = lo
                        fHi = fLo
                        dHi = dLo
                        lo = alpha
                        fLo = v
                        dLo = dv
                        bracketed = true
                    } else {
                        lo = alpha
                        fLo = v
                        dLo = dv
                        alpha *= 4
                    }
                }
                if bracketed, abs(hi - lo) <= 1e-12 * max(abs(lo), abs(hi)) { break }
            }
            guard let step = accepted ?? best else {
                return LBFGSResult(
                    x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                    stop: evalBudget <= 0 ? .evaluations : .lineSearch)
            }
            iterations += 1
            var sk = [Double](repeating: 0, count: p)
            var yk = [Double](repeating: 0, count: p)
            for i in 0..<p {
                sk[i] = step.x[i] - x[i]
                yk[i] = step.g[i] - g[i]
            }
            let sy = dot(sk, yk)
            let yy = dot(yk, yk)
            if sy > Double.ulpOfOne * yy {
                if s.count == settings.memory {
                    s.removeFirst()
                    y.removeFirst()
                    rho.removeFirst()
                }
                s.append(sk)
                y.append(yk)
                rho.append(1 / sy)
            }
            let previous = f
            x = step.x
            g = step.g
            f = step.value
            if maxAbs(g) <= settings.gradientTolerance {
                return LBFGSResult(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, stop: .gradient)
            }
            if previous - f <= settings.relativeReduction * max(abs(previous), abs(f), 1) {
                return LBFGSResult(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, stop: .reduction)
            }
            if iterations >= settings.maxIterations {
                return LBFGSResult(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, stop: .iterations)
            }
            if evaluations >= settings.maxEvaluations {
                return LBFGSResult(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, stop: .evaluations)
            }
            if accepted == nil {  // best-effort step: the search is stuck; keep going only if it helped
                if previous - f <= 0 {
                    return LBFGSResult(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, stop: .lineSearch)
                }
            }
        }
    }

    /// The minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside the middle
    /// 80 % of [a, b]; bisection when the cubic has no usable minimiser
    /// (Nocedal & Wright eq. 3.59).
    static func interpolate(_ a: Double, _ fa: Double, _ da: Double, _ b: Double, _ fb: Double, _ db: Double) -> Double {
        let lower = min(a, b)
        let upper = max(a, b)
        let margin = 0.1 * (upper - lower)
        var t = 0.5 * (a + b)
        let d1 = da + db - 3 * (fa - fb) / (a - b)
        let disc = d1 * d1 - da * db
        if disc >= 0, fa.isFinite, fb.isFinite {
            let d2 = (b > a ? 1.0 : -1.0) * disc.squareRoot()
            let denom = db - da + 2 * d2
            if denom != 0 {
                let candidate = b - (b - a) * (db + d2 - d1) / denom
                if candidate.isFinite { t = candidate }
            }
        }
        return min(max(t, lower + margin), upper - margin)
    }
}
