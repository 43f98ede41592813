/// Rate of change in percent over `period` bars.
///
/// Formula: `ROC[t] = (x[t] / x[t−period] − 1) · 100`, and 0 where `x[t−period]` is 0.
///
/// Warm-up (lookback): `period` bars of NaN.
///
/// Reference: TA-Lib `ROC` (`TA_ROC`).
///
/// ```swift
/// let roc = Indicators.roc([100, 110, 121], period: 1)   // [nan, 10, 10]
/// var state = ROCState(period: 10)
/// let value = state.update(100)
/// ```
extension Indicators {
    /// Percentage rate of change over `period` bars (TA-Lib `ROC`).
    public static func roc(_ x: [Double], period: Int) -> [Double] {
        Validate.period(period, "roc")
        var state = ROCState(period: period)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental rate of change; see `Indicators.roc(_:period:)`.
public struct ROCState: Sendable {
    public let period: Int
    private var window: RingBuffer

    public init(period: Int) {
        Validate.period(period, "ROCState")
        self.period = period
        window = RingBuffer(capacity: period + 1)
    }

    /// Consumes one value and returns the current rate of change (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        if window.count == 0 && x.isNaN { return .nan }
        window.push(x)
        guard window.isFull else { return .nan }
        let past = window.oldest
        return past != 0.0 ? ((x / past) - 1.0) * 100.0 : 0.0
    }
}
