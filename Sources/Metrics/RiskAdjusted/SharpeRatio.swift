/// The annualised Sharpe ratio of per-bar returns.
///
/// `Sharpe = mean(r − rf) / std(r − rf, ddof = 1) · √periodsPerYear`
///
/// with `rf` the risk-free return PER PERIOD (default 0), arithmetic mean, sample
/// standard deviation (ddof = 1). The annualisation is the usual √T scaling of a
/// per-period ratio (no compounding of the mean).
///
/// Agrees with empyrical `sharpe_ratio(returns, risk_free = rf, annualization =
/// periodsPerYear)` and NautilusTrader `SharpeRatio`; LEAN and backtesting.py use
/// other definitions (see the definitions reference).
///
/// Degenerate input → NaN: fewer than two returns, zero dispersion (all `r − rf`
/// equal — empyrical returns ±∞ there), or `periodsPerYear` not finite and positive.
///
/// References: W. F. Sharpe, "Mutual fund performance", J. Business 39(1), 1966;
/// "The Sharpe ratio", J. Portfolio Management 21(1), 1994.
///
/// ```swift
/// SharpeRatio.compute(dailyReturns, periodsPerYear: 252)
/// SharpeRatio.compute(dailyReturns, periodsPerYear: 252, riskFreePerPeriod: 0.04 / 252)
/// ```
public enum SharpeRatio: ReturnStatistic {
    public static let name = "sharpe_ratio"

    public static func compute(_ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double) -> Double {
        compute(returns, periodsPerYear: periodsPerYear, riskFreePerPeriod: 0)
    }

    /// The Sharpe ratio of the excess returns `r − riskFreePerPeriod`.
    public static func compute(
        _ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double, riskFreePerPeriod: Double
    ) -> Double {
        guard returns.count >= 2, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        let deviation = Moments.sampleStandardDeviation(returns, shift: riskFreePerPeriod)
        guard deviation > 0, deviation.isFinite else { return .nan }
        let mean = Moments.mean(returns, shift: riskFreePerPeriod)
        return mean / deviation * periodsPerYear.squareRoot()
    }

    /// The Sharpe ratio of any collection of returns in excess of `riskFreePerPeriod`.
    public static func compute<C: Collection>(
        _ returns: C, periodsPerYear: Double, riskFreePerPeriod: Double
    ) -> Double where C.Element == Double {
        withContiguousBuffer(returns) {
            compute($0, periodsPerYear: periodsPerYear, riskFreePerPeriod: riskFreePerPeriod)
        }
    }
}
