/// Keltner Channels: an EMA of the close ± a multiple of the average true range.
///
/// Formula: `middle = EMA(close, period)`, `upper = middle + multiplier·ATR(period)`,
/// `lower = middle − multiplier·ATR(period)`.
///
/// Warm-up (lookback): `period − 1` bars of NaN in `middle` (EMA), `period` bars in
/// `upper`/`lower` (ATR) — where the TA-Lib pieces give NaN.
///
/// Reference: composed of TA-Lib `EMA` and `ATR` (the modern Raschke form of
/// C. Keltner's 1960 channel).
///
/// ```swift
/// let kc = Indicators.keltner(high: h, low: l, close: c, period: 20, multiplier: 2)
/// var state = KeltnerState(period: 20, multiplier: 2)
/// let v = state.update(high: h[0], low: l[0], close: c[0])
/// ```
extension Indicators {
    /// Keltner Channels: EMA(close) ± multiplier·ATR.
    public static func keltner(
        high: [Double], low: [Double], close: [Double], period: Int, multiplier: Double
    ) -> Bands {
        Validate.sameLength("keltner", high.count, low.count, close.count)
        var state = KeltnerState(period: period, multiplier: multiplier)
        return high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in
                close.withUnsafeBufferPointer { c in
                    Bands.collect(count: c.count) { state.update(high: h[$0], low: l[$0], close: c[$0]) }
                }
            }
        }
    }
}

/// Incremental Keltner Channels; see `Indicators.keltner(high:low:close:period:multiplier:)`.
public struct KeltnerState: Sendable {
    public let period: Int
    public let multiplier: Double
    private var started = false
    private var average: EMAState
    private var range: ATRState

    public init(period: Int, multiplier: Double) {
        Validate.period(period, "KeltnerState")
        precondition(multiplier.isFinite, "Indicators.KeltnerState: multiplier must be finite")
        self.period = period
        self.multiplier = multiplier
        average = EMAState(period: period)
        range = ATRState(period: period)
    }

    /// Consumes one bar and returns the current channel (NaN during warm-up).
    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double) -> BandValue {
        if !started {
            if high.isNaN || low.isNaN || close.isNaN { return .none }
            started = true
        }
        let middle = average.update(close)
        let atr = range.update(high: high, low: low, close: close)
        let offset = multiplier * atr
        return BandValue(upper: middle + offset, middle: middle, lower: middle - offset)
    }
}
