/// Donchian Channels of the PREVIOUS `period` bars (the current bar excluded), so a close
/// above `upper` is a breakout.
///
/// Formula: `upper[t] = max(high[t−period..<t])`, `lower[t] = min(low[t−period..<t])`,
/// `middle = (upper + lower) / 2`.
///
/// Warm-up (lookback): `period` bars of NaN.
///
/// Reference: TA-Lib `MAX(high, period)` and `MIN(low, period)` shifted one bar later;
/// R. Donchian, 1960s (the Turtle breakout channel).
///
/// ```swift
/// let dc = Indicators.donchian(high: h, low: l, period: 20)
/// var state = DonchianState(period: 20)
/// let v = state.update(high: h[0], low: l[0])   // channel of the bars before this one
/// ```
extension Indicators {
    /// Donchian Channels of the previous `period` bars.
    public static func donchian(high: [Double], low: [Double], period: Int) -> Bands {
        Validate.sameLength("donchian", high.count, low.count)
        var state = DonchianState(period: period)
        return high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in
                Bands.collect(count: h.count) { state.update(high: h[$0], low: l[$0]) }
            }
        }
    }
}

/// Incremental Donchian Channels; see `Indicators.donchian(high:low:period:)`.
public struct DonchianState: Sendable {
    public let period: Int
    private var highest: RollingExtremum
    private var lowest: RollingExtremum

    public init(period: Int) {
        Validate.period(period, "DonchianState")
        self.period = period
        highest = RollingExtremum(period: period, kind: .maximum)
        lowest = RollingExtremum(period: period, kind: .minimum)
    }

    /// Consumes one bar and returns the channel of the `period` bars before it
    /// (NaN during warm-up).
    @inline(__always)
    public mutating func update(high: Double, low: Double) -> BandValue {
        if highest.pushed == 0 && (high.isNaN || low.isNaN) { return .none }
        var value = BandValue.none
        if highest.pushed >= period {
            let upper = highest.current
            let lower = lowest.current
            value = BandValue(upper: upper, middle: (upper + lower) / 2.0, lower: lower)
        }
        highest.push(high)
        lowest.push(low)
        return value
    }
}
