/// Moving Average Convergence/Divergence (Appel): the gap between a fast and a slow EMA,
/// with an EMA of that gap as the signal line.
///
/// Formula: `macd = EMA(x, fast) − EMA(x, slow)`, `signal = EMA(macd, signal)`,
/// `histogram = macd − signal`. If `slow < fast` the two are swapped, as in TA-Lib.
///
/// TA-Lib's alignment quirk, reproduced here: the fast EMA does not start at bar 0 but at
/// bar `slow − fast`, so both EMAs produce their first value (each seeded by an SMA of its
/// own first `period` inputs) on bar `slow − 1`.
///
/// Warm-up (lookback): `(slow − 1) + (signal − 1)` bars of NaN in all three outputs.
///
/// Reference: TA-Lib `MACD` (`TA_MACD`); G. Appel, 1979.
///
/// ```swift
/// let m = Indicators.macd(closes, fast: 12, slow: 26, signal: 9)   // m.macd, m.signal, m.histogram
/// var state = MACDState(fast: 12, slow: 26, signal: 9)
/// let v = state.update(closes[0])
/// ```
public struct MACDResult: Sendable, Equatable {
    public var macd: [Double]
    public var signal: [Double]
    public var histogram: [Double]

    public init(macd: [Double], signal: [Double], histogram: [Double]) {
        self.macd = macd
        self.signal = signal
        self.histogram = histogram
    }
}

/// One bar of MACD.
public struct MACDValue: Sendable, Equatable {
    public var macd: Double
    public var signal: Double
    public var histogram: Double

    public init(macd: Double, signal: Double, histogram: Double) {
        self.macd = macd
        self.signal = signal
        self.histogram = histogram
    }
}

extension Indicators {
    /// MACD line, signal line and histogram (TA-Lib `MACD`).
    public static func macd(_ x: [Double], fast: Int, slow: Int, signal: Int) -> MACDResult {
        var state = MACDState(fast: fast, slow: slow, signal: signal)
        let (line, signalLine, histogram) = x.withUnsafeBufferPointer { src in
            SeriesMap.map3(count: src.count) { i, macdOut, signalOut, histogramOut in
                let value = state.update(src[i])
                macdOut[i] = value.macd
                signalOut[i] = value.signal
                histogramOut[i] = value.histogram
            }
        }
        return MACDResult(macd: line, signal: signalLine, histogram: histogram)
    }
}

/// Incremental MACD; see `Indicators.macd(_:fast:slow:signal:)`.
public struct MACDState: Sendable {
    /// The fast period after TA-Lib's swap (the smaller of the two).
    public let fast: Int
    /// The slow period after TA-Lib's swap (the larger of the two).
    public let slow: Int
    public let signal: Int
    private var seen = 0
    private var fastAverage: EMAState
    private var slowAverage: EMAState
    private var signalAverage: EMAState

    public init(fast: Int, slow: Int, signal: Int) {
        Validate.period(fast, "MACDState", label: "fast")
        Validate.period(slow, "MACDState", label: "slow")
        Validate.period(signal, "MACDState", label: "signal")
        self.fast = min(fast, slow)
        self.slow = max(fast, slow)
        self.signal = signal
        fastAverage = EMAState(period: self.fast)
        slowAverage = EMAState(period: self.slow)
        signalAverage = EMAState(period: signal)
    }

    /// Consumes one value and returns MACD, signal and histogram (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> MACDValue {
        let none = MACDValue(macd: .nan, signal: .nan, histogram: .nan)
        if seen == 0 && x.isNaN { return none }
        seen += 1
        let slowValue = slowAverage.update(x)
        // The fast EMA starts `slow − fast` bars late (TA-Lib's alignment).
        let fastValue = seen > slow - fast ? fastAverage.update(x) : Double.nan
        if slowValue.isNaN { return none }
        let line = fastValue - slowValue
        let signalValue = signalAverage.update(line)
        if signalValue.isNaN { return none }
        return MACDValue(macd: line, signal: signalValue, histogram: line - signalValue)
    }
}
