/// Stochastic oscillator (Lane): where the close sits in the recent high–low range, 0…100.
///
/// Formula: `fastK[t] = 100 · (close[t] − LL) / (HH − LL)` with `HH`/`LL` the highest high
/// and lowest low of the last `fastK` bars (0 when the range is flat up to rounding);
/// `k = SMA(fastK, slowK)`, `d = SMA(k, slowD)`.
///
/// Warm-up (lookback): `(fastK − 1) + (slowK − 1) + (slowD − 1)` bars of NaN in both
/// `k` and `d` (TA-Lib aligns them).
///
/// Reference: TA-Lib `STOCH` with `slowk_matype = slowd_matype = 0` (SMA);
/// G. Lane, "Lane's Stochastics", TASC, 1984.
///
/// ```swift
/// let stoch = Indicators.stochastic(high: h, low: l, close: c, fastK: 14, slowK: 3, slowD: 3)
/// var state = StochasticState(fastK: 14, slowK: 3, slowD: 3)
/// let v = state.update(high: h[0], low: l[0], close: c[0])   // v.k, v.d
/// ```
public struct StochasticResult: Sendable, Equatable {
    public var k: [Double]
    public var d: [Double]

    public init(k: [Double], d: [Double]) {
        self.k = k
        self.d = d
    }
}

/// One bar of the stochastic oscillator.
public struct StochasticValue: Sendable, Equatable {
    public var k: Double
    public var d: Double

    public init(k: Double, d: Double) {
        self.k = k
        self.d = d
    }
}

extension Indicators {
    /// Slow stochastic %K and %D (TA-Lib `STOCH`, SMA smoothing).
    public static func stochastic(
        high: [Double], low: [Double], close: [Double], fastK: Int, slowK: Int, slowD: Int
    ) -> StochasticResult {
        Validate.sameLength("stochastic", high.count, low.count, close.count)
        var state = StochasticState(fastK: fastK, slowK: slowK, slowD: slowD)
        var dValues = [Double](repeating: .nan, count: close.count)
        let kValues = dValues.withUnsafeMutableBufferPointer { dOut in
            var i = 0
            return SeriesMap.map(high, low, close) { h, l, c in
                let value = state.update(high: h, low: l, close: c)
                dOut[i] = value.d
                i += 1
                return value.k
            }
        }
        return StochasticResult(k: kValues, d: dValues)
    }
}

/// Incremental slow stochastic; see `Indicators.stochastic(high:low:close:fastK:slowK:slowD:)`.
public struct StochasticState: Sendable {
    public let fastK: Int
    public let slowK: Int
    public let slowD: Int
    private var highest: RollingExtremum
    private var lowest: RollingExtremum
    private var kAverage: SMAState
    private var dAverage: SMAState

    public init(fastK: Int, slowK: Int, slowD: Int) {
        Validate.period(fastK, "StochasticState", label: "fastK")
        Validate.period(slowK, "StochasticState", label: "slowK")
        Validate.period(slowD, "StochasticState", label: "slowD")
        self.fastK = fastK
        self.slowK = slowK
        self.slowD = slowD
        highest = RollingExtremum(period: fastK, kind: .maximum)
        lowest = RollingExtremum(period: fastK, kind: .minimum)
        kAverage = SMAState(period: slowK)
        dAverage = SMAState(period: slowD)
    }

    /// Consumes one bar and returns the current %K and %D (NaN during warm-up).
    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double) -> StochasticValue {
        let none = StochasticValue(k: .nan, d: .nan)
        if highest.pushed == 0 && (high.isNaN || low.isNaN || close.isNaN) { return none }
        highest.push(high)
        lowest.push(low)
        if highest.pushed < fastK { return none }
        let hh = highest.current
        let ll = lowest.current
        let range = hh - ll
        var raw = 0.0
        if !isZeroScaled(range, scale: abs(hh) + abs(ll)) {
            raw = ((close - ll) / range) * 100.0
        }
        let k = kAverage.update(raw)
        if k.isNaN { return none }
        let d = dAverage.update(k)
        if d.isNaN { return none }
        return StochasticValue(k: k, d: d)
    }
}
