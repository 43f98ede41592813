/// Rolling z-score: how many (population) standard deviations `x` sits from its moving average.
///
/// Formula: `z[t] = (x[t] − SMA(x, period)[t]) / rollingStdDev(x, period, ddof: 0)[t]`,
/// NaN where the deviation is 0 (a flat window).
///
/// Warm-up (lookback): `period − 1` bars of NaN.
///
/// Reference: built from TA-Lib `SMA` and `STDDEV` (nbdev 1).
///
/// ```swift
/// let z = Indicators.zScore(closes, period: 20)
/// var state = ZScoreState(period: 20)
/// let value = state.update(closes[0])
/// ```
extension Indicators {
    /// Rolling z-score of `x` against its `period`-bar SMA and population deviation.
    public static func zScore(_ x: [Double], period: Int) -> [Double] {
        Validate.period(period, "zScore")
        var state = ZScoreState(period: period)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental rolling z-score; see `Indicators.zScore(_:period:)`.
public struct ZScoreState: Sendable {
    public let period: Int
    private var average: SMAState
    private var variance: RollingVariance

    public init(period: Int) {
        Validate.period(period, "ZScoreState")
        self.period = period
        average = SMAState(period: period)
        variance = RollingVariance(period: period)
    }

    /// Consumes one value and returns the current z-score (NaN during warm-up or when flat).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        if variance.isEmpty && x.isNaN { return .nan }
        let mean = average.update(x)
        let v = variance.update(x)
        if v.isNaN || mean.isNaN { return .nan }
        let deviation = v.squareRoot()
        if deviation == 0.0 { return .nan }
        return (x - mean) / deviation
    }
}
