/// Rolling standard deviation of the last `period` values.
///
/// Formula: `σ = sqrt(Σ(x − mean)² / (period − ddof))`; `ddof = 0` is the population
/// deviation, identical to TA-Lib `STDDEV(x, period, nbdev = 1)`; `ddof = 1` is the sample
/// deviation (`pandas.rolling(period).std()`). NaN where `period ≤ ddof`. The variance is
/// TA-Lib 0.8's cancellation-free `VAR` (exactly 0 on a flat window).
///
/// Warm-up (lookback): `period − 1` bars of NaN.
///
/// Reference: TA-Lib `STDDEV` / `VAR`.
///
/// ```swift
/// let sd = Indicators.rollingStdDev([1, 2, 3, 4], period: 2)            // [nan, 0.5, 0.5, 0.5]
/// let sample = Indicators.rollingStdDev([1, 2, 3, 4], period: 2, ddof: 1)
/// var state = RollingStdDevState(period: 20)
/// let value = state.update(101.0)
/// ```
extension Indicators {
    /// Rolling standard deviation over `period` bars (`ddof` 0 = TA-Lib `STDDEV`).
    public static func rollingStdDev(_ x: [Double], period: Int, ddof: Int = 0) -> [Double] {
        var state = RollingStdDevState(period: period, ddof: ddof)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental rolling standard deviation; see `Indicators.rollingStdDev(_:period:ddof:)`.
public struct RollingStdDevState: Sendable {
    public let period: Int
    public let ddof: Int
    private let scale: Double
    private var variance: RollingVariance

    public init(period: Int, ddof: Int = 0) {
        Validate.period(period, "RollingStdDevState")
        precondition(ddof >= 0, "Indicators.RollingStdDevState: ddof must be ≥ 0, got \(ddof)")
        self.period = period
        self.ddof = ddof
        scale = period > ddof ? Double(period) / Double(period - ddof) : .nan
        variance = RollingVariance(period: period)
    }

    /// Consumes one value and returns the current deviation (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        if variance.isEmpty && x.isNaN { return .nan }
        let v = variance.update(x)
        if v.isNaN { return .nan }
        return ddof == 0 ? v.squareRoot() : (v * scale).squareRoot()
    }
}
