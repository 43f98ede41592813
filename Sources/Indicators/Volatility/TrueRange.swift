/// True range (Wilder 1978): the bar's range extended to the previous close.
///
/// Formula: `TR[t] = max(high[t] − low[t], |prevClose − high[t]|, |prevClose − low[t]|)`.
///
/// Warm-up (lookback): 1 bar of NaN (the first bar has no previous close).
///
/// Reference: TA-Lib `TRANGE` (`TA_TRANGE`); J. W. Wilder, 1978.
///
/// ```swift
/// let tr = Indicators.trueRange(high: [11, 12], low: [9, 10], close: [10, 11])   // [nan, 2]
/// var state = TrueRangeState()
/// let value = state.update(high: 11, low: 9, close: 10)   // NaN
/// ```
extension Indicators {
    /// True range of each bar (TA-Lib `TRANGE`).
    public static func trueRange(high: [Double], low: [Double], close: [Double]) -> [Double] {
        Validate.sameLength("trueRange", high.count, low.count, close.count)
        var state = TrueRangeState()
        return SeriesMap.map(high, low, close) { state.update(high: $0, low: $1, close: $2) }
    }
}

/// Incremental true range; see `Indicators.trueRange(high:low:close:)`.
public struct TrueRangeState: Sendable {
    private var started = false
    private var previousClose = 0.0

    public init() {}

    /// Consumes one bar and returns its true range (NaN on the first bar).
    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double) -> Double {
        if !started {
            if high.isNaN || low.isNaN || close.isNaN { return .nan }
            started = true
            previousClose = close
            return .nan
        }
        let value = Self.range(high: high, low: low, previousClose: previousClose)
        previousClose = close
        return value
    }

    /// TA-Lib's true-range arithmetic: high − low, then each previous-close distance.
    @inline(__always)
    static func range(high: Double, low: Double, previousClose: Double) -> Double {
        var greatest = high - low
        let toHigh = abs(previousClose - high)
        if toHigh > greatest { greatest = toHigh }
        let toLow = abs(previousClose - low)
        if toLow > greatest { greatest = toLow }
        return greatest
    }
}
