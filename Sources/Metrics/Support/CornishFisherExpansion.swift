/// The Cornish–Fisher expansion of a return sample's `(1 − c)` quantile, shared by
/// ``CornishFisherValueAtRisk`` and ``CornishFisherConditionalValueAtRisk``.
///
/// With population moments `m_k = (1/N) Σ (r_t − r̄)^k` (PerformanceAnalytics'
/// `centeredmoment`, scipy `bias=True`): `μ = r̄`, `σ = √m₂` (ddof 0),
/// `S = m₃ / m₂^{3/2}` (``Skewness``), `K = m₄ / m₂² − 3` (``Kurtosis``, excess),
/// `z = Φ⁻¹(1 − c)` and
///
/// `h = z + (z² − 1)S/6 + (z³ − 3z)K/24 − (2z³ − 5z)S²/36`.
struct CornishFisherExpansion {
    var mean: Double
    var deviation: Double
    var skewness: Double
    var excessKurtosis: Double
    /// The tail probability `α = 1 − c`.
    var tail: Double
    /// `z = Φ⁻¹(α)`.
    var z: Double
    /// The adjusted standard normal quantile `h` (z_cf).
    var h: Double

    /// nil when `returns` is empty or constant (zero variance), or `c` is outside (0, 1).
    init?(_ returns: UnsafeBufferPointer<Double>, confidence: Double) {
        let tail = EmpiricalQuantile.tailProbability(confidence: confidence)
        guard tail > 0, tail < 1, let moments = CentralMoments(returns) else { return nil }
        let skew = moments.m3 / libmPow(moments.m2, 1.5)
        let kurt = moments.m4 / (moments.m2 * moments.m2) - 3
        let z = NormalDistribution.quantile(tail)
        let z2 = z * z
        let z3 = z2 * z
        self.mean = moments.mean
        self.deviation = moments.m2.squareRoot()
        self.skewness = skew
        self.excessKurtosis = kurt
        self.tail = tail
        self.z = z
        self.h = z + (z2 - 1) * skew / 6 + (z3 - 3 * z) * kurt / 24 - (2 * z3 - 5 * z) * skew * skew / 36
    }

    /// Boudt, Peterson & Croux's `I^q(h)` closed forms as published and as
    /// PerformanceAnalytics' `Ipower` evaluates them:
    ///
    /// - q even, q* = q/2: `I^q = (Π_{j=1}^{q*} 2j)·φ(h) + Σ_{i=1}^{q*} (Π_{j=1}^{q*} 2j / Π_{j=1}^{i} 2j)·h^{2i}·φ(h)`;
    /// - q odd, q* = (q − 1)/2: `I^q = −(Π_{j=0}^{q*} (2j+1))·Φ(h) + Σ_{i=0}^{q*} (Π_{j=0}^{q*} (2j+1) / Π_{j=0}^{i} (2j+1))·h^{2i+1}·φ(h)`.
    static func ipower(_ q: Int, _ h: Double) -> Double {
        let density = NormalDistribution.pdf(h)
        if q % 2 == 0 {
            let half = q / 2
            var full = 1.0
            for j in stride(from: 1, through: half, by: 1) { full *= Double(2 * j) }
            var total = full * density
            var partial = 1.0
            for i in stride(from: 1, through: half, by: 1) {
                partial *= Double(2 * i)
                total += (full / partial) * libmPow(h, Double(2 * i)) * density
            }
            return total
        }
        let half = (q - 1) / 2
        var full = 1.0
        for j in stride(from: 0, through: half, by: 1) { full *= Double(2 * j + 1) }
        var total = -full * NormalDistribution.cdf(h)
        var partial = 1.0
        for i in stride(from: 0, through: half, by: 1) {
            partial *= Double(2 * i + 1)
            total += (full / partial) * libmPow(h, Double(2 * i + 1)) * density
        }
        return total
    }
}
