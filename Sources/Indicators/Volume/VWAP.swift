/// Rolling volume-weighted average price over the last `period` bars.
///
/// Formula: `typical = (high + low + close) / 3`;
/// `VWAP[t] = Σ typical·volume / Σ volume` over bars `t−period+1 … t`; NaN where the
/// volume sum is 0. The running sums are rebuilt from the window every `32·period` bars
/// so rounding cannot accumulate.
///
/// Warm-up (lookback): `period − 1` bars of NaN.
///
/// Reference: the standard VWAP definition (Berkowitz, Logue & Noser, 1988), rolling form;
/// checked against a numpy per-window sum (TA-Lib has no VWAP).
///
/// ```swift
/// let vwap = Indicators.vwap(high: h, low: l, close: c, volume: v, period: 20)
/// var state = VWAPState(period: 20)
/// let value = state.update(high: h[0], low: l[0], close: c[0], volume: v[0])
/// ```
extension Indicators {
    /// Rolling VWAP over `period` bars (typical price weighted by volume).
    public static func vwap(
        high: [Double], low: [Double], close: [Double], volume: [Double], period: Int
    ) -> [Double] {
        Validate.sameLength("vwap", high.count, low.count, close.count, volume.count)
        var state = VWAPState(period: period)
        return volume.withUnsafeBufferPointer { vol in
            var i = 0
            return SeriesMap.map(high, low, close) { h, l, c in
                let value = state.update(high: h, low: l, close: c, volume: vol[i])
                i += 1
                return value
            }
        }
    }
}

/// Incremental rolling VWAP; see `Indicators.vwap(high:low:close:volume:period:)`.
public struct VWAPState: Sendable {
    public let period: Int
    private var weighted: RingBuffer
    private var volumes: RingBuffer
    private var weightedTotal = 0.0
    private var volumeTotal = 0.0
    private var barsSinceReseed: Int

    public init(period: Int) {
        Validate.period(period, "VWAPState")
        self.period = period
        weighted = RingBuffer(capacity: period)
        volumes = RingBuffer(capacity: period)
        barsSinceReseed = 32 * period
    }

    /// Consumes one bar and returns the current VWAP (NaN during warm-up or with no volume).
    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double, volume: Double) -> Double {
        if volumes.count == 0 && (high.isNaN || low.isNaN || close.isNaN || volume.isNaN) {
            return .nan
        }
        let typical = (high + low + close) / 3.0
        let product = typical * volume
        if volumes.isFull {
            weightedTotal -= weighted.oldest
            volumeTotal -= volumes.oldest
        }
        weighted.push(product)
        volumes.push(volume)
        weightedTotal += product
        volumeTotal += volume
        guard volumes.isFull else { return .nan }
        barsSinceReseed -= 1
        if barsSinceReseed <= 0 {
            barsSinceReseed = 32 * period
            var sum = 0.0
            weighted.forEachChronological { sum += $0 }
            weightedTotal = sum
            sum = 0.0
            volumes.forEachChronological { sum += $0 }
            volumeTotal = sum
        }
        return volumeTotal != 0.0 ? weightedTotal / volumeTotal : .nan
    }
}
