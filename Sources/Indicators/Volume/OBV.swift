/// On-Balance Volume (Granville 1963): volume added on up closes, subtracted on down closes.
///
/// Formula: `OBV[0] = volume[0]`; `OBV[t] = OBV[t−1] + volume[t]` if `close[t] > close[t−1]`,
/// `− volume[t]` if lower, unchanged if equal. (TA-Lib seeds with the first volume, not 0.)
///
/// Warm-up (lookback): none.
///
/// Reference: TA-Lib `OBV` (`TA_OBV`); J. Granville, "Granville's New Key to Stock Market
/// Profits", 1963.
///
/// ```swift
/// let obv = Indicators.obv(close: [10, 11, 10], volume: [100, 200, 50])   // [100, 300, 250]
/// var state = OBVState()
/// let value = state.update(close: 10, volume: 100)   // 100
/// ```
extension Indicators {
    /// On-Balance Volume (TA-Lib `OBV`).
    public static func obv(close: [Double], volume: [Double]) -> [Double] {
        Validate.sameLength("obv", close.count, volume.count)
        var state = OBVState()
        return SeriesMap.map(close, volume) { state.update(close: $0, volume: $1) }
    }
}

/// Incremental On-Balance Volume; see `Indicators.obv(close:volume:)`.
public struct OBVState: Sendable {
    private var started = false
    private var previousClose = 0.0
    private var total = 0.0

    public init() {}

    /// Consumes one bar and returns the running OBV.
    @inline(__always)
    public mutating func update(close: Double, volume: Double) -> Double {
        if !started {
            if close.isNaN || volume.isNaN { return .nan }
            started = true
            previousClose = close
            total = volume
            return total
        }
        if close > previousClose {
            total += volume
        } else if close < previousClose {
            total -= volume
        }
        previousClose = close
        return total
    }
}
