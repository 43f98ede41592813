/// The annualised Sortino ratio: mean excess return over downside deviation.
///
/// `Sortino = mean(r − MAR) · periodsPerYear / ( √((1/N) Σ_t min(r_t − MAR, 0)²) · √periodsPerYear )`
///
/// with MAR the minimum acceptable return PER PERIOD (default 0) and the downside
/// deviation averaged over ALL N observations (``DownsideRisk``), as empyrical,
/// NautilusTrader and backtesting.py do (LEAN uses only the returns below MAR).
/// Equivalently `mean(r − MAR) / DD_per_period · √periodsPerYear`.
///
/// Agrees with empyrical `sortino_ratio(returns, required_return = MAR,
/// annualization = periodsPerYear)` wherever that is finite.
///
/// Degenerate input → NaN: fewer than two returns, no return below MAR (zero
/// downside deviation — empyrical returns +∞ there, quantstats NaN), or
/// `periodsPerYear` not finite and positive.
///
/// Reference: F. A. Sortino & R. van der Meer, "Downside risk", J. Portfolio
/// Management 17(4), 1991.
///
/// ```swift
/// SortinoRatio.compute(dailyReturns, periodsPerYear: 252)
/// SortinoRatio.compute(dailyReturns, periodsPerYear: 252, minimumAcceptableReturn: 0.0002)
/// ```
public enum SortinoRatio: ReturnStatistic {
    public static let name = "sortino_ratio"

    public static func compute(_ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double) -> Double {
        compute(returns, periodsPerYear: periodsPerYear, minimumAcceptableReturn: 0)
    }

    /// The Sortino ratio against `minimumAcceptableReturn` (per period).
    public static func compute(
        _ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double, minimumAcceptableReturn: Double
    ) -> Double {
        guard returns.count >= 2, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        let downside = DownsideRisk.downsideDeviation(returns, minimumAcceptableReturn: minimumAcceptableReturn)
        return ratio(
            meanExcess: Moments.mean(returns, shift: minimumAcceptableReturn),
            downsideDeviation: downside, periodsPerYear: periodsPerYear)
    }

    /// The Sortino ratio of any collection of returns against `minimumAcceptableReturn`.
    public static func compute<C: Collection>(
        _ returns: C, periodsPerYear: Double, minimumAcceptableReturn: Double
    ) -> Double where C.Element == Double {
        withContiguousBuffer(returns) {
            compute($0, periodsPerYear: periodsPerYear, minimumAcceptableReturn: minimumAcceptableReturn)
        }
    }

    /// `meanExcess·P / (downsideDeviation·√P)`, NaN for a zero or non-finite deviation.
    static func ratio(meanExcess: Double, downsideDeviation: Double, periodsPerYear: Double) -> Double {
        guard downsideDeviation > 0, downsideDeviation.isFinite else { return .nan }
        return meanExcess * periodsPerYear / (downsideDeviation * periodsPerYear.squareRoot())
    }
}
