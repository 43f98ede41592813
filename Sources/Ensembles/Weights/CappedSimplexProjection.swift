/// Exact Euclidean projection onto the capped simplex {w : Σwᵢ = s, lo ≤ wᵢ ≤ hi}.
///
/// **Formula.** The KKT conditions give wᵢ = clip(xᵢ − τ, lo, hi) for the unique shift τ with
/// f(τ) = Σᵢ clip(xᵢ − τ, lo, hi) = s (Held, Wolfe & Crowder 1974, "Validation of subgradient
/// optimization", *Math. Programming* 6; Wang & Lu 2015, "Projection onto the capped simplex",
/// arXiv:1503.01002). f is continuous, non-increasing and piecewise linear with breakpoints
/// xᵢ − hi and xᵢ − lo. A bisection over the sorted breakpoints finds the segment holding s;
/// inside it the sets at lo, at hi and free (F) are fixed, so
///
///     τ = (Σ_{i∈F} xᵢ + n_lo·lo + n_hi·hi − s) / |F|
///
/// exactly (no iterative tolerance). Feasible iff n·lo ≤ s ≤ n·hi.
enum CappedSimplexProjection {
    static func project(_ x: [Double], sum s: Double, lower lo: Double, upper hi: Double) -> [Double]? {
        let n = x.count
        let slack = 1e-12 * max(1, abs(s))
        guard n > 0, lo <= hi, Double(n) * lo <= s + slack, Double(n) * hi >= s - slack else { return nil }
        // Already feasible: it is its own projection.
        var total = 0.0
        var inside = true
        for v in x {
            total += v
            if v < lo || v > hi { inside = false }
        }
        if inside, abs(total - s) <= slack { return x }
        if s >= Double(n) * hi { return [Double](repeating: hi, count: n) }
        if s <= Double(n) * lo { return [Double](repeating: lo, count: n) }

        func f(_ tau: Double) -> Double {
            var acc = 0.0
            for v in x { acc += min(hi, max(lo, v - tau)) }
            return acc
        }
        var breakpoints = x.map { $0 - hi } + x.map { $0 - lo }
        breakpoints.sort()
        // f(breakpoints[0]) = n·hi ≥ s ≥ n·lo = f(breakpoints.last); find the last k with f(b_k) ≥ s.
        var low = 0
        var high = breakpoints.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if f(breakpoints[mid]) >= s { low = mid } else { high = mid }
        }
        let tau: Double
        if f(breakpoints[high]) >= s {
            tau = breakpoints[high]
        } else if f(breakpoints[low]) == s || breakpoints[low] == breakpoints[high] {
            tau = breakpoints[low]
        } else {
            let mid = 0.5 * (breakpoints[low] + breakpoints[high])
            var freeSum = 0.0
            var freeCount = 0
            var clipped = 0.0
            for v in x {
                let u = v - mid
                if u >= hi {
                    clipped += hi
                } else if u <= lo {
                    clipped += lo
                } else {
                    freeSum += v
                    freeCount += 1
                }
            }
            tau = freeCount > 0 ? (freeSum + clipped - s) / Double(freeCount) : breakpoints[low]
        }
        return x.map { min(hi, max(lo, $0 - tau)) }
    }
}
