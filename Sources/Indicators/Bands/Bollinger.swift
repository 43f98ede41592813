/// Bollinger Bands: a simple moving average ± a multiple of the rolling population deviation.
///
/// Formula: `middle = SMA(x, period)`, `σ = STDDEV(x, period)` (population),
/// `upper = middle + deviations·σ`, `lower = middle − deviations·σ`.
///
/// Warm-up (lookback): `period − 1` bars of NaN in all three lines.
///
/// Reference: TA-Lib `BBANDS` with `matype = 0` (SMA) and `nbdevup = nbdevdn = deviations`;
/// J. Bollinger, "Bollinger on Bollinger Bands", 2001.
///
/// ```swift
/// let bb = Indicators.bollinger(closes, period: 20, deviations: 2)
/// var state = BollingerState(period: 20, deviations: 2)
/// let v = state.update(closes[0])   // v.upper, v.middle, v.lower
/// ```
extension Indicators {
    /// Bollinger Bands over `period` bars (TA-Lib `BBANDS`, SMA, population deviation).
    public static func bollinger(_ x: [Double], period: Int, deviations: Double) -> Bands {
        var state = BollingerState(period: period, deviations: deviations)
        return x.withUnsafeBufferPointer { src in
            Bands.collect(count: src.count) { state.update(src[$0]) }
        }
    }
}

/// Incremental Bollinger Bands; see `Indicators.bollinger(_:period:deviations:)`.
public struct BollingerState: Sendable {
    public let period: Int
    public let deviations: Double
    private var average: SMAState
    private var variance: RollingVariance

    public init(period: Int, deviations: Double) {
        Validate.period(period, "BollingerState")
        precondition(deviations.isFinite, "Indicators.BollingerState: deviations must be finite")
        self.period = period
        self.deviations = deviations
        average = SMAState(period: period)
        variance = RollingVariance(period: period)
    }

    /// Consumes one value and returns the current bands (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> BandValue {
        if variance.isEmpty && x.isNaN { return .none }
        let middle = average.update(x)
        let v = variance.update(x)
        if middle.isNaN || v.isNaN { return .none }
        let width = v.squareRoot() * deviations
        return BandValue(upper: middle + width, middle: middle, lower: middle - width)
    }
}
