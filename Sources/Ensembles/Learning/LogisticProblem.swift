/// The penalised log-loss of ``LogisticRegression`` with its gradient and Hessian, and the
/// damped Newton iteration that minimises it. Parameters θ = (w₀ … w_{d−1}, b); b is
/// absent (fixed at 0) without an intercept.
struct LogisticProblem {
    let x: [Double]  // n × d row-major
    let y: [Double]  // 0 or 1
    let s: [Double]  // sample weights
    let n: Int
    let d: Int
    let c: Double
    let intercept: Bool

    var parameterCount: Int { d + (intercept ? 1 : 0) }

    /// z = Xw + b.
    func margins(_ theta: [Double]) -> [Double] {
        var z = [Double](repeating: intercept ? theta[d] : 0, count: n)
        x.withUnsafeBufferPointer { xb in
            theta.withUnsafeBufferPointer { tb in
                z.withUnsafeMutableBufferPointer { zb in
                    for i in 0..<n {
                        var acc = zb[i]
                        for j in 0..<d { acc += xb[i * d + j] * tb[j] }
                        zb[i] = acc
                    }
                }
            }
        }
        return z
    }

    /// F(θ) = ½‖w‖² + C Σ sᵢ [softplus(zᵢ) − yᵢ zᵢ].
    func objective(_ theta: [Double]) -> Double {
        let z = margins(theta)
        var loss = 0.0
        for i in 0..<n where s[i] != 0 { loss += s[i] * (Logistic.softplus(z[i]) - y[i] * z[i]) }
        var penalty = 0.0
        for j in 0..<d { penalty += theta[j] * theta[j] }
        return 0.5 * penalty + c * loss
    }

    /// Gradient and Hessian (row-major, m × m) at θ.
    func derivatives(_ theta: [Double]) -> (gradient: [Double], hessian: [Double]) {
        let m = parameterCount
        let z = margins(theta)
        var g = [Double](repeating: 0, count: m)
        var h = [Double](repeating: 0, count: m * m)
        x.withUnsafeBufferPointer { xb in
            g.withUnsafeMutableBufferPointer { gb in
                h.withUnsafeMutableBufferPointer { hb in
                    for i in 0..<n where s[i] != 0 {
                        let p = Logistic.sigmoid(z[i])
                        let r = c * s[i] * (p - y[i])
                        let q = c * s[i] * p * (1 - p)
                        let row = i * d
                        for j in 0..<d {
                            let xj = xb[row + j]
                            gb[j] += r * xj
                            let qx = q * xj
                            for k in 0...j { hb[j * m + k] += qx * xb[row + k] }
                            if intercept { hb[d * m + j] += qx }
                        }
                        if intercept {
                            gb[d] += r
                            hb[d * m + d] += q
                        }
                    }
                    for j in 0..<d {
                        gb[j] += theta[j]
                        hb[j * m + j] += 1
                    }
                    for j in 0..<m {  // mirror the lower triangle
                        for k in 0..<j { hb[k * m + j] = hb[j * m + k] }
                    }
                }
            }
        }
        return (g, h)
    }

    /// Damped Newton from θ = 0 until a full step is below `tolerance × (1 + max|θ|)`.
    func solve(tolerance: Double, maxIterations: Int, routine: String) throws(EnsembleError) -> LogisticModel {
        let m = parameterCount
        var theta = [Double](repeating: 0, count: m)
        var value = objective(theta)
        for iteration in 1...max(1, maxIterations) {
            let (g, h) = derivatives(theta)
            guard let step = Self.newtonStep(gradient: g, hessian: h, m: m) else {
                throw EnsembleError(routine: routine, reason: "Hessian is not positive definite at iteration \(iteration)")
            }
            let scale = 1 + theta.reduce(0) { max($0, abs($1)) }
            let stepSize = step.reduce(0) { max($0, abs($1)) }
            if !(stepSize.isFinite) {
                throw EnsembleError(routine: routine, reason: "Newton step is not finite at iteration \(iteration)")
            }
            if stepSize <= tolerance * scale {
                for j in 0..<m { theta[j] += step[j] }
                return model(theta, iterations: iteration)
            }
            var alpha = 1.0
            if stepSize > 1e-6 * scale {  // Armijo backtracking away from the optimum
                var slope = 0.0
                for j in 0..<m { slope += g[j] * step[j] }
                var accepted = false
                for _ in 0..<60 {
                    var trial = theta
                    for j in 0..<m { trial[j] += alpha * step[j] }
                    let v = objective(trial)
                    if v <= value + 1e-4 * alpha * slope {
                        accepted = true
                        break
                    }
                    alpha *= 0.5
                }
                if !accepted {
                    throw EnsembleError(routine: routine, reason: "line search failed at iteration \(iteration)")
                }
            }
            for j in 0..<m { theta[j] += alpha * step[j] }
            value = objective(theta)
        }
        throw EnsembleError(routine: routine, reason: "no convergence in \(maxIterations) Newton iterations")
    }

    /// Δ solving H Δ = −g; a Levenberg shift is added if H is numerically singular.
    static func newtonStep(gradient g: [Double], hessian h: [Double], m: Int) -> [Double]? {
        let rhs = g.map { -$0 }
        if let step = Cholesky.solve(h, rhs, n: m) { return step }
        var trace = 0.0
        for j in 0..<m { trace += abs(h[j * m + j]) }
        var shift = 1e-12 * max(trace, 1)
        for _ in 0..<20 {
            var shifted = h
            for j in 0..<m { shifted[j * m + j] += shift }
            if let step = Cholesky.solve(shifted, rhs, n: m) { return step }
            shift *= 10
        }
        return nil
    }

    func model(_ theta: [Double], iterations: Int) -> LogisticModel {
        let g = derivatives(theta).gradient
        return LogisticModel(
            coefficients: Array(theta[0..<d]), intercept: intercept ? theta[d] : 0, iterations: iterations,
            gradientNorm: g.reduce(0) { max($0, abs($1)) })
    }
}
