/// Session VWAP: the cumulative volume-weighted average price since the current session began.
///
/// Formula: `typical = (high + low + close) / 3`; at each bar where `sessionStart[t]` is
/// true (and at the first bar) the sums restart; `VWAP[t] = Σ typical·volume / Σ volume`
/// over the session so far; NaN where the session's volume sum is 0.
///
/// Warm-up (lookback): none (NaN only while the session has no volume).
///
/// Reference: the standard intraday VWAP (Berkowitz, Logue & Noser, 1988); checked against
/// a numpy cumulative sum.
///
/// ```swift
/// let starts = dates.indices.map { $0 == 0 || month(dates[$0]) != month(dates[$0 - 1]) }
/// let svwap = Indicators.sessionVWAP(high: h, low: l, close: c, volume: v, sessionStart: starts)
/// var state = SessionVWAPState()
/// let value = state.update(high: h[0], low: l[0], close: c[0], volume: v[0], sessionStart: true)
/// ```
extension Indicators {
    /// Cumulative VWAP that restarts wherever `sessionStart[t]` is true.
    public static func sessionVWAP(
        high: [Double], low: [Double], close: [Double], volume: [Double], sessionStart: [Bool]
    ) -> [Double] {
        Validate.sameLength("sessionVWAP", high.count, low.count, close.count, volume.count)
        Validate.sameLength("sessionVWAP", high.count, sessionStart.count)
        var state = SessionVWAPState()
        return volume.withUnsafeBufferPointer { vol in
            sessionStart.withUnsafeBufferPointer { starts in
                var i = 0
                return SeriesMap.map(high, low, close) { h, l, c in
                    let value = state.update(high: h, low: l, close: c, volume: vol[i], sessionStart: starts[i])
                    i += 1
                    return value
                }
            }
        }
    }
}

/// Incremental session VWAP; see `Indicators.sessionVWAP(high:low:close:volume:sessionStart:)`.
public struct SessionVWAPState: Sendable {
    private var weightedTotal = 0.0
    private var volumeTotal = 0.0

    public init() {}

    /// Consumes one bar (restarting the sums first when `sessionStart`) and returns the
    /// session's VWAP so far (NaN while the session has no volume).
    @inline(__always)
    public mutating func update(
        high: Double, low: Double, close: Double, volume: Double, sessionStart: Bool
    ) -> Double {
        if sessionStart {
            weightedTotal = 0.0
            volumeTotal = 0.0
        }
        let typical = (high + low + close) / 3.0
        weightedTotal += typical * volume
        volumeTotal += volume
        return volumeTotal != 0.0 ? weightedTotal / volumeTotal : .nan
    }
}
