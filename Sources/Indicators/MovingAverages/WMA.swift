/// Weighted moving average: linear weights 1…period, the newest value weighing most.
///
/// Formula: `WMA[t] = Σ_{i=1…period} i·x[t−period+i] / (period·(period+1)/2)`, kept as
/// TA-Lib keeps it: a running weighted sum and a running plain sum, both rebuilt from
/// the window every `8·period` bars so rounding cannot accumulate (TA-Lib fix #255).
///
/// Warm-up (lookback): `period − 1` bars of NaN.
///
/// Reference: TA-Lib `WMA` (`TA_WMA`).
///
/// ```swift
/// let wma = Indicators.wma([1, 2, 3], period: 3)   // [nan, nan, 14/6]
/// var state = WMAState(period: 10)
/// let value = state.update(99.0)
/// ```
extension Indicators {
    /// Linearly weighted moving average of `x` (TA-Lib `WMA`).
    public static func wma(_ x: [Double], period: Int) -> [Double] {
        Validate.period(period, "wma")
        var state = WMAState(period: period)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental weighted moving average; see `Indicators.wma(_:period:)`.
public struct WMAState: Sendable {
    public let period: Int
    private let divider: Double
    private var window: RingBuffer
    private var seen = 0
    private var periodSum = 0.0
    private var periodSub = 0.0
    private var trailingValue = 0.0
    private var barsSinceReseed: Int

    public init(period: Int) {
        Validate.period(period, "WMAState")
        self.period = period
        divider = Double(period) * Double(period + 1) / 2.0
        window = RingBuffer(capacity: period)
        barsSinceReseed = 8 * period
    }

    /// Consumes one value and returns the current average (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        if seen == 0 && x.isNaN { return .nan }  // leading NaN: not started yet
        if period == 1 {
            seen = 1
            return x
        }
        window.push(x)
        if seen < period - 1 {
            seen += 1
            periodSub += x
            periodSum += x * Double(seen)
            return .nan
        }
        seen = period
        periodSub += x
        periodSub -= trailingValue
        periodSum += x * Double(period)
        barsSinceReseed -= 1
        if barsSinceReseed <= 0 {
            barsSinceReseed = 8 * period
            var sub = 0.0
            var sum = 0.0
            var weight = 1.0
            window.forEachChronological { value in
                sub += value
                sum += value * weight
                weight += 1
            }
            periodSub = sub
            periodSum = sum
        }
        trailingValue = window.oldest
        let result = periodSum / divider
        periodSum -= periodSub
        return result
    }
}
