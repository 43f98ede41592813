/// Williams %R: how far the close sits below the recent highest high, −100…0.
///
/// Formula: `%R[t] = −100 · (HH − close[t]) / (HH − LL)` over the last `period` bars
/// (current bar included), clamped to [−100, 0]; 0 when the range is flat up to rounding.
///
/// Warm-up (lookback): `period − 1` bars of NaN.
///
/// Reference: TA-Lib `WILLR` (`TA_WILLR`); L. Williams, 1973.
///
/// ```swift
/// let r = Indicators.williamsR(high: h, low: l, close: c, period: 14)
/// var state = WilliamsRState(period: 14)
/// let value = state.update(high: h[0], low: l[0], close: c[0])
/// ```
extension Indicators {
    /// Williams %R over `period` bars (TA-Lib `WILLR`).
    public static func williamsR(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        Validate.sameLength("williamsR", high.count, low.count, close.count)
        var state = WilliamsRState(period: period)
        return SeriesMap.map(high, low, close) { state.update(high: $0, low: $1, close: $2) }
    }
}

/// Incremental Williams %R; see `Indicators.williamsR(high:low:close:period:)`.
public struct WilliamsRState: Sendable {
    public let period: Int
    private var highest: RollingExtremum
    private var lowest: RollingExtremum

    public init(period: Int) {
        Validate.period(period, "WilliamsRState")
        self.period = period
        highest = RollingExtremum(period: period, kind: .maximum)
        lowest = RollingExtremum(period: period, kind: .minimum)
    }

    /// Consumes one bar and returns the current %R (NaN during warm-up).
    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double) -> Double {
        if highest.pushed == 0 && (high.isNaN || low.isNaN || close.isNaN) { return .nan }
        highest.push(high)
        lowest.push(low)
        if highest.pushed < period { return .nan }
        let hh = highest.current
        let ll = lowest.current
        let range = hh - ll
        if isZeroScaled(range, scale: abs(hh) + abs(ll)) { return 0.0 }
        let value = ((hh - close) / range) * -100.0
        if value > 0.0 { return 0.0 }
        if value < -100.0 { return -100.0 }
        return value
    }
}
