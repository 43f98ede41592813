/// Double exponential moving average (Mulloy 1994): less lag than an EMA of the same period.
///
/// Formula: `e1 = EMA(x, period)`, `e2 = EMA(e1, period)`, `DEMA = 2·e1 − e2`
/// (each EMA seeded by the SMA of its first `period` inputs).
///
/// Warm-up (lookback): `2·(period − 1)` bars of NaN.
///
/// Reference: TA-Lib `DEMA` (`TA_DEMA`); P. Mulloy, "Smoothing Data with Faster Moving
/// Averages", TASC, 1994.
///
/// ```swift
/// let dema = Indicators.dema(closes, period: 10)
/// var state = DEMAState(period: 10)
/// let value = state.update(closes[0])
/// ```
extension Indicators {
    /// Double exponential moving average of `x` (TA-Lib `DEMA`).
    public static func dema(_ x: [Double], period: Int) -> [Double] {
        Validate.period(period, "dema")
        var state = DEMAState(period: period)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental double exponential moving average; see `Indicators.dema(_:period:)`.
public struct DEMAState: Sendable {
    public let period: Int
    private var first: EMAState
    private var second: EMAState

    public init(period: Int) {
        Validate.period(period, "DEMAState")
        self.period = period
        first = EMAState(period: period)
        second = EMAState(period: period)
    }

    /// Consumes one value and returns the current DEMA (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        let e1 = first.update(x)
        if e1.isNaN { return .nan }
        let e2 = second.update(e1)
        if e2.isNaN { return .nan }
        return 2.0 * e1 - e2
    }
}
