/// Momentum: the change over `period` bars.
///
/// Formula: `MOM[t] = x[t] − x[t−period]`.
///
/// Warm-up (lookback): `period` bars of NaN.
///
/// Reference: TA-Lib `MOM` (`TA_MOM`).
///
/// ```swift
/// let mom = Indicators.momentum([1, 3, 6], period: 1)   // [nan, 2, 3]
/// var state = MomentumState(period: 10)
/// let value = state.update(100)
/// ```
extension Indicators {
    /// Change of `x` over `period` bars (TA-Lib `MOM`).
    public static func momentum(_ x: [Double], period: Int) -> [Double] {
        Validate.period(period, "momentum")
        var state = MomentumState(period: period)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental momentum; see `Indicators.momentum(_:period:)`.
public struct MomentumState: Sendable {
    public let period: Int
    private var window: RingBuffer

    public init(period: Int) {
        Validate.period(period, "MomentumState")
        self.period = period
        window = RingBuffer(capacity: period + 1)
    }

    /// Consumes one value and returns the current momentum (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        if window.count == 0 && x.isNaN { return .nan }
        window.push(x)
        guard window.isFull else { return .nan }
        return x - window.oldest
    }
}
