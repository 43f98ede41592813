/// The Calmar ratio: compound annual growth over the maximum drawdown.
///
/// `Calmar = CAGR / |MDD|` with ``CAGR`` (annualised by `periodsPerYear`) and
/// ``MaxDrawdown`` (positive fraction) over the same series — the whole series, not
/// a trailing 36 months.
///
/// Agrees with empyrical `calmar_ratio(returns, annualization = periodsPerYear)` and
/// NautilusTrader; backtesting.py divides its arithmetic annual return instead.
///
/// Degenerate input → NaN: an empty series, a drawdown of 0 (a curve that never
/// falls), a non-finite ratio, or `periodsPerYear` not finite and positive.
///
/// Reference: T. W. Young, "Calmar ratio: a smoother tool", Futures 20(1), 1991.
///
/// ```swift
/// CalmarRatio.compute(dailyReturns, periodsPerYear: 252)
/// ```
public enum CalmarRatio: ReturnStatistic {
    public static let name = "calmar_ratio"

    public static func compute(_ returns: UnsafeBufferPointer<Double>, periodsPerYear: Double) -> Double {
        ratio(
            cagr: CAGR.compute(returns, periodsPerYear: periodsPerYear),
            maxDrawdown: MaxDrawdown.compute(returns))
    }

    /// `cagr / |maxDrawdown|`, NaN when the drawdown is 0 or NaN or the ratio not finite.
    public static func ratio(cagr: Double, maxDrawdown: Double) -> Double {
        let depth = abs(maxDrawdown)
        guard depth > 0 else { return .nan }
        let value = cagr / depth
        return value.isFinite ? value : .nan
    }
}
