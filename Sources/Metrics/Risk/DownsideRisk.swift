/// The annualised downside deviation below a minimum acceptable return (MAR).
///
/// `DD = √( (1/N) Σ_t min(r_t − MAR, 0)² ) · √periodsPerYear`, averaged over ALL N
/// observations (returns above MAR count as zeros), MAR per period, default 0. This
/// is the denominator of ``SortinoRatio``. (LEAN instead takes the variance of only
/// the returns below MAR, a different number.)
///
/// Agrees with empyrical `downside_risk(required_return = MAR)`.
///
/// Degenerate input → NaN: an empty series or `periodsPerYear` not finite and positive.
///
/// ```swift
/// DownsideRisk.compute(dailyReturns, periodsPerYear: 252, minimumAcceptableReturn: 0)
/// ```
public enum DownsideRisk: ReturnStatistic {
    public static let name = "downside_risk"

    public static func compute(_ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double) -> Double {
        compute(returns, periodsPerYear: periodsPerYear, minimumAcceptableReturn: 0)
    }

    /// The downside deviation below `minimumAcceptableReturn` (per period).
    public static func compute(
        _ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double, minimumAcceptableReturn: Double
    ) -> Double {
        guard !returns.isEmpty, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        return downsideDeviation(returns, minimumAcceptableReturn: minimumAcceptableReturn)
            * periodsPerYear.squareRoot()
    }

    /// The downside deviation of any collection of returns.
    public static func compute<C: Collection>(
        _ returns: C, periodsPerYear: Double, minimumAcceptableReturn: Double
    ) -> Double where C.Element == Double {
        withContiguousBuffer(returns) {
            compute($0, periodsPerYear: periodsPerYear, minimumAcceptableReturn: minimumAcceptableReturn)
        }
    }

    /// The per-period downside deviation `√(Σ min(r − MAR, 0)² / N)` (NaN when empty).
    static func downsideDeviation(_ returns: UnsafeBufferPointer<Double>, minimumAcceptableReturn: Double) -> Double {
        guard !returns.isEmpty else { return .nan }
        var squares = 0.0
        for value in returns {
            let shortfall = min(value - minimumAcceptableReturn, 0)
            squares += shortfall * shortfall
        }
        return (squares / Double(returns.count)).squareRoot()
    }
}
