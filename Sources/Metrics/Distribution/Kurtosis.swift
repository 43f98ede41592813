/// The sample kurtosis (fourth standardised moment), biased; Fisher excess by default.
///
/// `raw kurtosis = m₄ / m₂²` (Pearson; 3 for a normal distribution) and
/// `excess kurtosis = m₄ / m₂² − 3` (Fisher; 0 for a normal distribution), with
/// population central moments `m_k = (1/N) Σ (r_t − r̄)^k` (`bias = True`).
/// ``compute(_:)`` returns the excess; ``raw(_:)`` the Pearson value, which the
/// probabilistic Sharpe ratio's γ₄ uses. Not annualised.
///
/// Agrees with `scipy.stats.kurtosis(r, fisher=True|False, bias=True)`.
///
/// Degenerate input → NaN: an empty series or zero variance (as for ``Skewness``).
///
/// ```swift
/// Kurtosis.compute(dailyReturns)   // excess
/// Kurtosis.raw(dailyReturns)       // excess + 3
/// ```
public enum Kurtosis: ReturnStatistic, SeriesStatistic {
    public static let name = "excess_kurtosis"

    /// The Fisher excess kurtosis `m₄/m₂² − 3`.
    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        excess(returns)
    }

    /// The Fisher excess kurtosis `m₄/m₂² − 3`.
    public static func excess(_ returns: UnsafeBufferPointer<Double>) -> Double {
        raw(returns) - 3
    }

    /// The Pearson (raw) kurtosis `m₄/m₂²`.
    public static func raw(_ returns: UnsafeBufferPointer<Double>) -> Double {
        guard let moments = CentralMoments(returns) else { return .nan }
        return moments.m4 / (moments.m2 * moments.m2)
    }

    /// The Fisher excess kurtosis of any collection of returns.
    public static func excess<C: Collection>(_ returns: C) -> Double where C.Element == Double {
        withContiguousBuffer(returns) { excess($0) }
    }

    /// The Pearson (raw) kurtosis of any collection of returns.
    public static func raw<C: Collection>(_ returns: C) -> Double where C.Element == Double {
        withContiguousBuffer(returns) { raw($0) }
    }
}
