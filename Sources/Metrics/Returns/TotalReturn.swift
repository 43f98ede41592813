/// The compounded return over the whole series.
///
/// `total return = Π_t (1 + r_t) − 1`, the final value of an equity curve that starts
/// at 1 before the first return, minus 1. Not annualised.
///
/// Agrees with empyrical `cum_returns_final(returns)`.
///
/// Degenerate input: an empty series gives NaN.
///
/// ```swift
/// TotalReturn.compute([0.10, -0.10])   // 1.1 · 0.9 − 1 = −0.01
/// ```
public enum TotalReturn: ReturnStatistic, SeriesStatistic {
    public static let name = "total_return"

    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        guard !returns.isEmpty else { return .nan }
        return Moments.growth(returns) - 1
    }
}
