/// Exponential moving average, seeded by the simple average of the first `period` values.
///
/// Formula: `k = 2 / (period + 1)`; `EMA[period−1] = SMA of x[0..<period]`;
/// `EMA[t] = EMA[t−1] + k·(x[t] − EMA[t−1])`, evaluated as one fused multiply-add
/// as TA-Lib 0.8 does. At period 1 the output is the input.
///
/// Warm-up (lookback): `period − 1` bars of NaN.
///
/// Reference: TA-Lib `EMA` (`TA_EMA`, default compatibility: SMA seed).
///
/// ```swift
/// let ema = Indicators.ema([1, 2, 3, 4], period: 3)   // [nan, nan, 2, 3]
/// var state = EMAState(period: 12)
/// let value = state.update(101.5)                    // NaN until the 12th value
/// ```
extension Indicators {
    /// Exponential moving average of `x` (TA-Lib `EMA`, SMA-seeded).
    public static func ema(_ x: [Double], period: Int) -> [Double] {
        Validate.period(period, "ema")
        var state = EMAState(period: period)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental exponential moving average; see `Indicators.ema(_:period:)`.
public struct EMAState: Sendable {
    public let period: Int
    /// The smoothing factor `2 / (period + 1)`.
    public let k: Double
    private var seen = 0
    private var seedSum = 0.0
    private var previous = Double.nan

    public init(period: Int) {
        Validate.period(period, "EMAState")
        self.period = period
        k = 2.0 / Double(period + 1)
    }

    /// The latest average (NaN during warm-up).
    public var value: Double { previous }

    /// Consumes one value and returns the current average (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        if seen == 0 && x.isNaN { return .nan }  // leading NaN: not started yet
        if period == 1 {
            seen = 1
            previous = x
            return x
        }
        if seen < period {
            seen += 1
            seedSum += x
            if seen < period { return .nan }
            previous = seedSum / Double(period)
            return previous
        }
        previous = previous.addingProduct(x - previous, k)
        return previous
    }
}
