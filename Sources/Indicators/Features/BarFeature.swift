#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one registry of per-bar features: every feature ADMF computes from bars — the
/// `technical` features of `feature_engineering`, `data_processing`'s features and the regime
/// features — is one of these definitions, computed here and nowhere else. Each is causal: its
/// value at bar t reads bars 0…t only (NaN during its warm-up).
///
/// | definition | value at bar t | used by |
/// |---|---|---|
/// | `returns(k)` | c_t / c_{t−k} − 1 (TA-Lib `ROC` / 100) | `return_k` |
/// | `oneBarReturn` | c_t / c_{t−1} − 1 | data_processing `returns` |
/// | `volatility(w)` | √P · sd (ddof 0) of the last w simple returns | `volatility_w` |
/// | `sampleVolatility(w)` | √P · sd (ddof 1) of the last w simple returns | data_processing `volatility` |
/// | `logVolatility(w)` | √P · sd (ddof 1) of the last w log returns ln(c_t / c_{t−1}) | regime `volatility` |
/// | `rsi(n)` | Wilder's RSI (TA-Lib `RSI`) | `rsi_n`, data_processing `rsi` |
/// | `smaRatio(a, b)` | SMA_a / SMA_b − 1 of the close | `sma_ratio_a_b` |
/// | `priceToSMA(n)` | c_t / SMA_n − 1 | data_processing `trend` |
/// | `logTrend(n)` | ln(c_t / SMA_n) | regime `trend` |
/// | `volumeZ(w)` | (v_t − mean) / sd (ddof 0) of the last w volumes; 0 when flat | `volume_z_w` |
/// | `volumeZScore(w)` | ``Indicators/zScore(_:period:)`` of the volume | data_processing `volume_zscore` |
/// | `logVolumeZ(w)` | (ln v_t − mean) / sd (ddof 1) of ln volume over w bars; 0 when flat or any v ≤ 0 | regime `volume` |
/// | `returnCorrelation(w)` | Pearson correlation of two series' log returns over the last w returns; 0 when flat | regime `correlation` |
///
/// P is the number of bars per year. The variants that differ only in a convention (ddof, log or
/// simple returns, a price or a one-bar SMA) are kept apart because each user's numbers are pinned by its tests and
/// fixtures; they are listed side by side here so the difference is visible and deliberate.
public enum BarFeature: Sendable, Equatable {
    case returns(Int)
    case oneBarReturn
    case volatility(Int)
    case sampleVolatility(Int)
    case logVolatility(Int)
    case rsi(Int)
    case smaRatio(Int, Int)
    case priceToSMA(Int)
    case logTrend(Int)
    case volumeZ(Int)
    case volumeZScore(Int)
    case logVolumeZ(Int)
    case returnCorrelation(Int)

    /// The first bar with a value (the warm-up before it is NaN), where it does not depend on
    /// the data (RSI's and the z-score's warm-ups follow their indicators).
    public var firstDefined: Int? {
        switch self {
        case .returns(let k): return k
        case .oneBarReturn: return 1
        case .volatility(let w), .sampleVolatility(let w), .logVolatility(let w): return w
        case .smaRatio(let a, let b): return max(a, b) - 1
        case .priceToSMA(let n), .logTrend(let n): return n - 1
        case .volumeZ(let w), .logVolumeZ(let w): return w - 1
        case .returnCorrelation(let w): return w
        case .rsi, .volumeZScore: return nil
        }
    }

    /// The feature's values, one per bar. `other` is the second series' closes for
    /// `returnCorrelation` (nil, or of another length: 0 from the warm-up on).
    public func values(close: [Double], volume: [Double], other: [Double]? = nil, periodsPerYear: Double) -> [Double] {
        let n = close.count
        switch self {
        case .returns(let k):
            return Indicators.roc(close, period: k).map { $0 / 100 }
        case .oneBarReturn:
            var out = [Double](repeating: .nan, count: n)
            for t in close.indices.dropFirst() { out[t] = close[t] / close[t - 1] - 1 }
            return out
        case .volatility(let w):
            var returns = [Double](repeating: .nan, count: n)
            for t in 1..<max(1, n) where close[t - 1] > 0 { returns[t] = close[t] / close[t - 1] - 1 }
            var out = [Double](repeating: .nan, count: n)
            guard n > w else { return out }
            for t in w..<n { out[t] = Self.populationVolatility(returns[(t - w + 1)...t], periodsPerYear: periodsPerYear) }
            return out
        case .sampleVolatility(let w):
            let returns = BarFeature.oneBarReturn.values(close: close, volume: volume, periodsPerYear: periodsPerYear)
            let sd = Indicators.rollingStdDev(Array(returns.dropFirst()), period: w, ddof: 1)
            return n == 0 ? [] : [.nan] + sd.map { $0 * periodsPerYear.squareRoot() }
        case .logVolatility(let w):
            let r = Self.logReturns(close)
            var out = [Double](repeating: .nan, count: n)
            guard n > w else { return out }
            for t in w..<n { out[t] = Self.sampleVolatility(r[(t - w + 1)...t], periodsPerYear: periodsPerYear) }
            return out
        case .rsi(let period):
            return Indicators.rsi(close, period: period)
        case .priceToSMA(let p):
            let sma = Indicators.sma(close, period: p)
            return zip(close, sma).map { $1.isFinite ? $0 / $1 - 1 : .nan }
        case .smaRatio(let a, let b):
            let fast = Indicators.sma(close, period: a), slow = Indicators.sma(close, period: b)
            return zip(fast, slow).map { $1 > 0 ? $0 / $1 - 1 : .nan }
        case .logTrend(let p):
            let sma = Indicators.sma(close, period: p)
            return (0..<n).map { t in t >= p - 1 ? log(close[t] / sma[t]) : .nan }
        case .volumeZ(let k):
            var out = [Double](repeating: .nan, count: n)
            guard n >= k else { return out }
            for t in (k - 1)..<n { out[t] = Self.lastZ(volume[(t - k + 1)...t]) }
            return out
        case .volumeZScore(let w):
            return Indicators.zScore(volume, period: w)
        case .logVolumeZ(let p):
            var out = [Double](repeating: .nan, count: n)
            guard n >= p else { return out }
            let lv = volume.map { $0 > 0 ? log($0) : Double.nan }
            for t in (p - 1)..<n { out[t] = Self.lastLogVolumeZ(lv[(t - p + 1)...t]) }
            return out
        case .returnCorrelation(let p):
            var out = [Double](repeating: .nan, count: n)
            guard n > p else { return out }
            guard let other, other.count == n else {
                for t in p..<n { out[t] = 0 }
                return out
            }
            let a = Self.logReturns(close), b = Self.logReturns(other)
            for t in p..<n { out[t] = Self.correlation(a[(t - p + 1)...t], b[(t - p + 1)...t]) }
            return out
        }
    }

    // MARK: One window's value (shared by the batch definitions and ``BarFeature/Stream``)

    /// √P · sd (ddof 0) of the window.
    static func populationVolatility(_ window: ArraySlice<Double>, periodsPerYear: Double) -> Double {
        let w = Double(window.count)
        let mean = window.reduce(0, +) / w
        let variance = window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / w
        return (variance * periodsPerYear).squareRoot()
    }

    /// √P · sd (ddof 1) of the window.
    static func sampleVolatility(_ window: ArraySlice<Double>, periodsPerYear: Double) -> Double {
        let w = Double(window.count)
        var mean = 0.0
        for x in window { mean += x }
        mean /= w
        var ss = 0.0
        for x in window { ss += (x - mean) * (x - mean) }
        return (ss / (w - 1)).squareRoot() * periodsPerYear.squareRoot()
    }

    /// The window's last value as a z-score (ddof 0) within it; 0 when the window is flat.
    static func lastZ(_ window: ArraySlice<Double>) -> Double {
        let w = Double(window.count)
        let mean = window.reduce(0, +) / w
        let sd = (window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / w).squareRoot()
        guard sd > 0, let last = window.last else { return 0 }
        return (last - mean) / sd
    }

    /// The window's last log volume as a z-score (ddof 1); 0 when flat or any volume was ≤ 0 (NaN).
    static func lastLogVolumeZ(_ window: ArraySlice<Double>) -> Double {
        if window.contains(where: \.isNaN) { return 0 }
        let w = Double(window.count)
        let mean = window.reduce(0, +) / w
        let ss = window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let sd = (ss / (w - 1)).squareRoot()
        guard sd > 0, let last = window.last else { return 0 }
        return (last - mean) / sd
    }

    /// Pearson correlation of two equal windows; 0 when either is flat.
    static func correlation(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
        let m = Indicators.comoments(a, b)
        return m.saa > 0 && m.sbb > 0 ? m.sab / (m.saa * m.sbb).squareRoot() : 0
    }

    /// ln(c_t / c_{t−1}); NaN at bar 0.
    public static func logReturns(_ close: [Double]) -> [Double] {
        var r = [Double](repeating: .nan, count: close.count)
        for t in close.indices.dropFirst() { r[t] = log(close[t] / close[t - 1]) }
        return r
    }
}
