/// The arithmetic mean of a series of values, e.g. the average trade P&L.
///
/// `average = (1/N) Σ v`, zeros included (a scratch trade is a trade; quantstats
/// `avg_return` drops zeros, which suits bar returns but not trades).
///
/// Degenerate input: an empty series gives NaN.
///
/// ```swift
/// AverageTrade.compute([30, -10, -5])   // 5
/// ```
public enum AverageTrade: ReturnStatistic, SeriesStatistic {
    public static let name = "average_trade"

    public static func compute(_ values: UnsafeBufferPointer<Double>) -> Double {
        Moments.mean(values)
    }
}
