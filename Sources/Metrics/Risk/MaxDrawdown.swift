/// The largest peak-to-trough loss of the compounded equity curve, as a positive fraction.
///
/// With `V_0 = 1` (the curve starts at 1 before the first return),
/// `V_t = V_{t−1}(1 + r_t)` and `peak_t = max_{s ≤ t} V_s`:
///
/// `MDD = max_t (peak_t − V_t) / peak_t`, in `[0, 1]` for returns ≥ −1.
///
/// A loss on the first bar counts against the starting value 1. Reported POSITIVE
/// (0.25 = a 25% drawdown); empyrical `max_drawdown` returns the same number
/// negated. A curve that never falls below its running peak has drawdown 0.
///
/// Degenerate input: an empty series gives NaN.
///
/// References: Magdon-Ismail & Atiya, "Maximum drawdown", Risk 17(10), 2004;
/// NautilusTrader `MaxDrawdown`.
///
/// ```swift
/// MaxDrawdown.compute([0.10, -0.20, 0.05])   // (1.1 − 0.88) / 1.1 = 0.2
/// ```
public enum MaxDrawdown: ReturnStatistic, SeriesStatistic {
    public static let name = "max_drawdown"

    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        guard !returns.isEmpty else { return .nan }
        var equity = 1.0
        var peak = 1.0
        var worst = 0.0
        for value in returns {
            equity *= 1 + value
            if equity >= peak {
                peak = equity
            } else {
                let drawdown = (peak - equity) / peak
                if drawdown > worst { worst = drawdown }
            }
        }
        return worst
    }
}
