/// Average true range (Wilder 1978): Wilder-smoothed true range.
///
/// Formula: the first ATR is the mean of the first `period` true ranges (bars 1…period);
/// then `ATR = β·ATR + α·TR` with `β = (period − 1)/period`, `α = 1 − β`, evaluated as one
/// fused multiply-add (TA-Lib 0.8's two-coefficient Wilder step).
///
/// Warm-up (lookback): `period` bars of NaN.
///
/// Reference: TA-Lib `ATR` (`TA_ATR`); J. W. Wilder, "New Concepts in Technical Trading
/// Systems", 1978.
///
/// ```swift
/// let atr = Indicators.atr(high: h, low: l, close: c, period: 14)
/// var state = ATRState(period: 14)
/// let value = state.update(high: h[0], low: l[0], close: c[0])
/// ```
extension Indicators {
    /// Wilder's average true range (TA-Lib `ATR`).
    public static func atr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        Validate.sameLength("atr", high.count, low.count, close.count)
        var state = ATRState(period: period)
        return SeriesMap.map(high, low, close) { state.update(high: $0, low: $1, close: $2) }
    }
}

/// Incremental average true range; see `Indicators.atr(high:low:close:period:)`.
public struct ATRState: Sendable {
    public let period: Int
    private let beta: Double
    private let alpha: Double
    private var ranges = TrueRangeState()
    private var counted = 0
    private var total = 0.0
    private var average = Double.nan

    public init(period: Int) {
        Validate.period(period, "ATRState")
        self.period = period
        beta = Double(period - 1) / Double(period)
        alpha = 1.0 - beta
    }

    /// Consumes one bar and returns the current ATR (NaN during warm-up).
    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double) -> Double {
        let range = ranges.update(high: high, low: low, close: close)
        if range.isNaN && counted == 0 { return .nan }
        if counted < period {
            counted += 1
            total += range
            if counted < period { return .nan }
            average = total / Double(period)
            return average
        }
        average = (alpha * range).addingProduct(beta, average)
        return average
    }
}
