/// Commodity Channel Index (Lambert 1980): distance of the typical price from its mean,
/// in units of mean absolute deviation.
///
/// Formula: `tp = (high + low + close) / 3`; over the last `period` bars
/// `mean = Σtp / period`, `md = Σ|tp − mean| / period`;
/// `CCI = (tp − mean) / (0.015 · md)`, and 0 when the window is flat up to rounding.
/// The window sums run in TA-Lib's circular-buffer order.
///
/// Warm-up (lookback): `period − 1` bars of NaN.
///
/// Reference: TA-Lib `CCI` (`TA_CCI`); D. Lambert, "Commodity Channel Index", Commodities, 1980.
///
/// ```swift
/// let cci = Indicators.cci(high: h, low: l, close: c, period: 20)
/// var state = CCIState(period: 20)
/// let value = state.update(high: h[0], low: l[0], close: c[0])
/// ```
extension Indicators {
    /// Commodity Channel Index over `period` bars (TA-Lib `CCI`).
    public static func cci(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        Validate.sameLength("cci", high.count, low.count, close.count)
        var state = CCIState(period: period)
        return SeriesMap.map(high, low, close) { state.update(high: $0, low: $1, close: $2) }
    }
}

/// Incremental Commodity Channel Index; see `Indicators.cci(high:low:close:period:)`.
public struct CCIState: Sendable {
    public let period: Int
    private var window: RingBuffer

    public init(period: Int) {
        Validate.period(period, "CCIState")
        self.period = period
        window = RingBuffer(capacity: period)
    }

    /// Consumes one bar and returns the current CCI (NaN during warm-up).
    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double) -> Double {
        if window.count == 0 && (high.isNaN || low.isNaN || close.isNaN) { return .nan }
        let typical = (high + low + close) / 3
        window.push(typical)
        guard window.isFull else { return .nan }
        let p = Double(period)
        return window.storage.withUnsafeBufferPointer { slots in
            var average = 0.0
            for value in slots { average += value }
            average /= p
            var deviation = 0.0
            for value in slots { deviation += abs(value - average) }
            deviation /= p
            let distance = typical - average
            let scale = abs(average)
            if !isZeroScaled(distance, scale: scale) && !isZeroScaled(deviation, scale: scale) {
                return distance / (0.015 * deviation)
            }
            return 0.0
        }
    }
}
