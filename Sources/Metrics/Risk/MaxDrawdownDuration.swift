/// The longest drawdown, in bars, from a peak until the curve regains that peak.
///
/// On the compounded curve `V_0 = 1, V_t = V_{t−1}(1 + r_t)` (bar t is index t), a
/// drawdown starts at a peak bar `p` (a running maximum) and ends at the first later
/// bar `q` with `V_q ≥ V_p`; its duration is `q − p` bars (bars elapsed from the
/// peak to the recovery, so one losing bar followed by a recovery lasts 2 bars).
/// A drawdown still open at the end lasts `N − p` (bars elapsed from the peak to the
/// last bar). A bar that equals the peak counts as regaining it. A curve that never
/// falls below its running peak has duration 0.
///
/// `duration = max over drawdowns of (recovery index or N) − peak index`
///
/// empyrical has no such statistic; the fixture's reference is a plain Python loop.
///
/// Degenerate input: an empty series gives NaN from ``compute(_:)`` and 0 from
/// ``bars(_:)``.
///
/// ```swift
/// MaxDrawdownDuration.bars([0.1, -0.1, 0.05, 0.1])   // peak at 1, regained at 4 → 3
/// ```
public enum MaxDrawdownDuration: ReturnStatistic, SeriesStatistic {
    public static let name = "max_drawdown_duration_bars"

    /// The duration in bars as a `Double` (NaN for an empty series).
    public static func compute(_ returns: UnsafeBufferPointer<Double>) -> Double {
        returns.isEmpty ? .nan : Double(bars(returns))
    }

    /// The duration in bars (0 for an empty series).
    public static func bars(_ returns: UnsafeBufferPointer<Double>) -> Int {
        var equity = 1.0
        var peak = 1.0
        var peakIndex = 0
        var longest = 0
        for (offset, value) in returns.enumerated() {
            equity *= 1 + value
            if equity >= peak {
                let elapsed = offset + 1 - peakIndex
                if elapsed > 1 && elapsed > longest { longest = elapsed }
                peak = equity
                peakIndex = offset + 1
            }
        }
        if equity < peak { longest = max(longest, returns.count - peakIndex) }
        return longest
    }

    /// The duration in bars of any collection of returns (0 when empty).
    public static func bars<C: Collection>(_ returns: C) -> Int where C.Element == Double {
        withContiguousBuffer(returns) { bars($0) }
    }
}
