/// Simple moving average: the arithmetic mean of the last `period` values.
///
/// Formula: `SMA[t] = (x[t-period+1] + … + x[t]) / period`, kept as a running sum
/// (add the new value, divide, subtract the oldest — TA-Lib's order of operations).
///
/// Warm-up (lookback): `period − 1` bars of NaN.
///
/// Reference: TA-Lib `SMA` (`TA_SMA`).
///
/// ```swift
/// let sma = Indicators.sma([1, 2, 3, 4, 5], period: 3)   // [nan, nan, 2, 3, 4]
/// var state = SMAState(period: 3)
/// for x in [1.0, 2, 3] { _ = state.update(x) }         // last update returned 2
/// ```
extension Indicators {
    /// Simple moving average of `x` over `period` bars (TA-Lib `SMA`).
    public static func sma(_ x: [Double], period: Int) -> [Double] {
        Validate.period(period, "sma")
        var state = SMAState(period: period)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental simple moving average; see `Indicators.sma(_:period:)`.
public struct SMAState: Sendable {
    public let period: Int
    private var window: RingBuffer
    private var total = 0.0

    public init(period: Int) {
        Validate.period(period, "SMAState")
        self.period = period
        window = RingBuffer(capacity: period)
    }

    /// Consumes one value and returns the current average (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        if window.count == 0 && x.isNaN { return .nan }  // leading NaN: not started yet
        window.push(x)
        total += x
        guard window.isFull else { return .nan }
        let sum = total
        total -= window.oldest
        return sum / Double(period)
    }
}
