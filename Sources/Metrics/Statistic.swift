/// A statistic of a series of simple per-bar returns, annualised with the caller's
/// `periodsPerYear`.
///
/// Inputs are simple returns `r_t = V_t / V_{t−1} − 1`, one per bar, assumed finite.
/// `periodsPerYear` is the number of bars in a year (252 for US daily bars, 52 for
/// weekly, ...); the caller derives it from the bar spacing, and no statistic
/// assumes a default. A statistic that does not annualise ignores it.
///
/// Degenerate input (too few observations, a zero denominator, a non-positive
/// `periodsPerYear` where one is needed) gives NaN, never a sentinel number.
///
/// ```swift
/// let daily: [Double] = [0.01, -0.02, 0.015, -0.005, 0.03]
/// let sharpe = SharpeRatio.compute(daily, periodsPerYear: 252)
/// let names = [SharpeRatio.name, SortinoRatio.name]   // "sharpe_ratio", "sortino_ratio"
/// ```
public protocol ReturnStatistic {
    /// The statistic's snake_case key, as in ``PerformanceSummary``'s JSON where present.
    static var name: String { get }

    /// The statistic of `returns` (simple per-bar returns) with `periodsPerYear` bars a year.
    static func compute(_ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double) -> Double
}

extension ReturnStatistic {
    /// The statistic of any collection of returns (copied only when not contiguous).
    @inlinable
    public static func compute<C: Collection>(_ returns: C, periodsPerYear: Double) -> Double
    where C.Element == Double {
        if let value = returns.withContiguousStorageIfAvailable({
            compute($0, periodsPerYear: periodsPerYear)
        }) {
            return value
        }
        return Array(returns).withUnsafeBufferPointer { compute($0, periodsPerYear: periodsPerYear) }
    }
}

/// A statistic of a plain series of values that needs no annualisation: returns
/// (total return, drawdown, quantiles, moments), trade P&Ls (win rate, profit
/// factor) or positions (exposure).
///
/// ```swift
/// let winRate = WinRate.compute([12.5, -3.0, 0, 7.25])   // 2 of 3 non-zero → 0.666…
/// ```
public protocol SeriesStatistic {
    /// The statistic's snake_case key.
    static var name: String { get }

    /// The statistic of `values`.
    static func compute(_ values: UnsafeBufferPointer<Double>) -> Double
}

extension SeriesStatistic {
    /// The statistic of any collection of values (copied only when not contiguous).
    @inlinable
    public static func compute<C: Collection>(_ values: C) -> Double where C.Element == Double {
        if let value = values.withContiguousStorageIfAvailable({ compute($0) }) {
            return value
        }
        return Array(values).withUnsafeBufferPointer { compute($0) }
    }
}

extension ReturnStatistic where Self: SeriesStatistic {
    /// The statistic of `returns`; `periodsPerYear` is not used.
    @inlinable
    public static func compute(_ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double) -> Double {
        compute(returns)
    }
}
