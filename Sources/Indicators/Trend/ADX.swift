/// Average Directional Index (Wilder 1978): trend strength, 0…100, regardless of direction.
///
/// Formula: per bar `+DM = high − prevHigh` when it exceeds `prevLow − low` and is positive,
/// `−DM` the mirror case, else 0; `TR` the true range. Wilder sums start with `period − 1`
/// values and are then smoothed `S = S − S/period + today`; `±DI = 100·(±DM)/TR`,
/// `DX = 100·|−DI − +DI| / (−DI + +DI)`; the first ADX is the mean of the first `period` DX,
/// then `ADX = (ADX·(period − 1) + DX) / period`. Bars with a zero TR or DI sum keep the
/// previous ADX.
///
/// Warm-up (lookback): `2·period − 1` bars of NaN.
///
/// Reference: TA-Lib `ADX` (`TA_ADX`); J. W. Wilder, "New Concepts in Technical Trading
/// Systems", 1978.
///
/// ```swift
/// let adx = Indicators.adx(high: h, low: l, close: c, period: 14)
/// var state = ADXState(period: 14)
/// let value = state.update(high: h[0], low: l[0], close: c[0])
/// ```
extension Indicators {
    /// Wilder's Average Directional Index (TA-Lib `ADX`).
    public static func adx(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        Validate.sameLength("adx", high.count, low.count, close.count)
        var state = ADXState(period: period)
        return SeriesMap.map(high, low, close) { state.update(high: $0, low: $1, close: $2) }
    }
}

/// Incremental Average Directional Index; see `Indicators.adx(high:low:close:period:)`.
public struct ADXState: Sendable {
    public let period: Int
    private var seen = 0
    private var previousHigh = 0.0
    private var previousLow = 0.0
    private var previousClose = 0.0
    private var plusDM = 0.0
    private var minusDM = 0.0
    private var trueRange = 0.0
    private var sumDX = 0.0
    private var average = Double.nan

    public init(period: Int) {
        Validate.period(period, "ADXState")
        self.period = period
    }

    /// Consumes one bar and returns the current ADX (NaN during warm-up).
    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double) -> Double {
        if seen == 0 {
            if high.isNaN || low.isNaN || close.isNaN { return .nan }
            seen = 1
            previousHigh = high
            previousLow = low
            previousClose = close
            return .nan
        }
        let bar = seen  // 1-based index of this bar's change
        if seen < 2 * period { seen += 1 }
        let diffP = high - previousHigh
        previousHigh = high
        let diffM = previousLow - low
        previousLow = low
        let p = Double(period)
        let range = TrueRangeState.range(high: high, low: low, previousClose: previousClose)
        previousClose = close

        if bar < period {
            // Initial sums over the first period − 1 changes.
            if diffM > 0 && diffP < diffM {
                minusDM += diffM
            } else if diffP > 0 && diffP > diffM {
                plusDM += diffP
            }
            trueRange += range
            return .nan
        }
        minusDM -= minusDM / p
        plusDM -= plusDM / p
        if diffM > 0 && diffP < diffM {
            minusDM += diffM
        } else if diffP > 0 && diffP > diffM {
            plusDM += diffP
        }
        trueRange = trueRange - (trueRange / p) + range

        var dx = Double.nan
        if trueRange != 0.0 {
            let minusDI = 100.0 * (minusDM / trueRange)
            let plusDI = 100.0 * (plusDM / trueRange)
            let sum = minusDI + plusDI
            if sum != 0.0 { dx = 100.0 * (abs(minusDI - plusDI) / sum) }
        }
        if bar < 2 * period {
            // Accumulate the first `period` DX values.
            if !dx.isNaN { sumDX += dx }
            if bar < 2 * period - 1 { return .nan }
            average = sumDX / p
            return average
        }
        if !dx.isNaN { average = ((average * (p - 1)) + dx) / p }
        return average
    }
}
