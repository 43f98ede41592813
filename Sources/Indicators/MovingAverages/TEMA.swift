/// Triple exponential moving average (Mulloy 1994).
///
/// Formula: `e1 = EMA(x)`, `e2 = EMA(e1)`, `e3 = EMA(e2)` (all over `period`),
/// `TEMA = e3 + (3·e1 − 3·e2)` — TA-Lib's order of operations.
///
/// Warm-up (lookback): `3·(period − 1)` bars of NaN.
///
/// Reference: TA-Lib `TEMA` (`TA_TEMA`); P. Mulloy, TASC, 1994.
///
/// ```swift
/// let tema = Indicators.tema(closes, period: 10)
/// var state = TEMAState(period: 10)
/// let value = state.update(closes[0])
/// ```
extension Indicators {
    /// Triple exponential moving average of `x` (TA-Lib `TEMA`).
    public static func tema(_ x: [Double], period: Int) -> [Double] {
        Validate.period(period, "tema")
        var state = TEMAState(period: period)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental triple exponential moving average; see `Indicators.tema(_:period:)`.
public struct TEMAState: Sendable {
    public let period: Int
    private var first: EMAState
    private var second: EMAState
    private var third: EMAState

    public init(period: Int) {
        Validate.period(period, "TEMAState")
        self.period = period
        first = EMAState(period: period)
        second = EMAState(period: period)
        third = EMAState(period: period)
    }

    /// Consumes one value and returns the current TEMA (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        let e1 = first.update(x)
        if e1.isNaN { return .nan }
        let e2 = second.update(e1)
        if e2.isNaN { return .nan }
        let e3 = third.update(e2)
        if e3.isNaN { return .nan }
        return e3 + (3.0 * e1 - 3.0 * e2)
    }
}
