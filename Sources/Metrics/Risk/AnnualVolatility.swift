/// The annualised standard deviation of returns.
///
/// `σ_annual = std(r, ddof = 1) · √periodsPerYear` (sample standard deviation,
/// two-pass). A constant series has volatility exactly 0.
///
/// Agrees with empyrical `annual_volatility` (alpha = 2, annualization = periodsPerYear).
///
/// Degenerate input → NaN: fewer than two returns, or `periodsPerYear` not finite
/// and positive.
///
/// ```swift
/// AnnualVolatility.compute(dailyReturns, periodsPerYear: 252)
/// ```
public enum AnnualVolatility: ReturnStatistic {
    public static let name = "annual_volatility"

    public static func compute(_ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double) -> Double {
        guard returns.count >= 2, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        return Moments.sampleStandardDeviation(returns) * periodsPerYear.squareRoot()
    }
}
