/// The sample skewness (third standardised moment), biased.
///
/// `skew = m₃ / m₂^{3/2}` with central moments `m_k = (1/N) Σ (r_t − r̄)^k`
/// (population moments, no small-sample correction: `bias = True`). Not annualised.
///
/// Agrees with `scipy.stats.skew(r, bias=True)`; pandas `Series.skew` / quantstats
/// `skew` apply the unbiased correction instead.
///
/// Degenerate input → NaN: an empty series or zero variance — all values equal, or
/// SciPy's test `m₂ ≤ (ε·r̄)²` (ε the double epsilon). The explicit all-equal check
/// also covers constant series whose computed mean is off by rounding, where SciPy
/// can return a meaningless ±1 skew.
///
/// ```swift
/// Skewness.compute(dailyReturns)
/// ```
public enum Skewness: ReturnStatistic, SeriesStatistic {
    public static let name = "skewness"

    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        guard let moments = CentralMoments(returns) else { return .nan }
        return moments.m3 / libmPow(moments.m2, 1.5)
    }
}

/// Biased central moments m₂, m₃, m₄ (two-pass), as `scipy.stats` computes them.
struct CentralMoments {
    var mean: Double
    var m2: Double
    var m3: Double
    var m4: Double

    /// nil when `values` is empty or has zero variance (all equal, or `m₂ ≤ (ε·mean)²`).
    init?(_ values: UnsafeBufferPointer<Double>) {
        guard !values.isEmpty, !Moments.isConstant(values) else { return nil }
        let n = Double(values.count)
        let mean = Moments.sum(values) / n
        var s2 = 0.0
        var s3 = 0.0
        var s4 = 0.0
        for value in values {
            let deviation = value - mean
            let square = deviation * deviation
            s2 += square
            s3 += square * deviation
            s4 += square * square
        }
        let m2 = s2 / n
        let threshold = Double.ulpOfOne * mean
        guard m2 > threshold * threshold else { return nil }
        self.mean = mean
        self.m2 = m2
        self.m3 = s3 / n
        self.m4 = s4 / n
    }
}
