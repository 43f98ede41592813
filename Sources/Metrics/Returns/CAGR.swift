/// The compound annual growth rate (geometric annualised return).
///
/// `CAGR = (Π_t (1 + r_t))^(1 / years) − 1` with `years = N / periodsPerYear`, N the
/// number of returns. A series shorter than a year is extrapolated (five daily
/// returns of +0.6% give a CAGR of several hundred percent): that is the definition.
///
/// Agrees with empyrical `annual_return` / `cagr` (annualization = periodsPerYear).
///
/// Degenerate input → NaN: an empty series, `periodsPerYear` not finite and positive,
/// or a growth factor below 0 (a return below −100%).
///
/// ```swift
/// CAGR.compute(dailyReturns, periodsPerYear: 252)
/// ```
public enum CAGR: ReturnStatistic {
    public static let name = "cagr"

    public static func compute(_ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double) -> Double {
        guard !returns.isEmpty, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        let growth = Moments.growth(returns)
        guard growth >= 0 else { return .nan }
        return annualise(growth: growth, bars: returns.count, periodsPerYear: periodsPerYear)
    }

    /// `growth^(periodsPerYear / bars) − 1`, the CAGR of a compounded growth factor
    /// reached over `bars` bars (NaN for no bars or a negative growth factor).
    public static func annualise(growth: Double, bars: Int, periodsPerYear: Double) -> Double {
        guard bars > 0, growth >= 0, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        let years = Double(bars) / periodsPerYear
        return libmPow(growth, 1 / years) - 1
    }
}
