/// Relative Strength Index (Wilder 1978): the share of recent movement that was upward, 0…100.
///
/// Formula: `gain[t] = max(x[t] − x[t−1], 0)`, `loss[t] = max(x[t−1] − x[t], 0)`;
/// the first averages are the means of the first `period` gains and losses, then Wilder's
/// smoothing `avg = (avg·(period − 1) + today) / period`;
/// `RSI = 100 · avgGain / (avgGain + avgLoss)`, and 0 when both averages are 0.
///
/// Warm-up (lookback): `period` bars of NaN.
///
/// Reference: TA-Lib `RSI` (`TA_RSI`); J. W. Wilder, "New Concepts in Technical Trading
/// Systems", 1978. (TA-Lib rejects period 1; here it gives 100 on an up bar, else 0.)
///
/// ```swift
/// let rsi = Indicators.rsi(closes, period: 14)
/// var state = RSIState(period: 14)
/// let value = state.update(closes[0])   // NaN for the first 14 values
/// ```
extension Indicators {
    /// Wilder's Relative Strength Index of `x` (TA-Lib `RSI`).
    public static func rsi(_ x: [Double], period: Int) -> [Double] {
        Validate.period(period, "rsi")
        var state = RSIState(period: period)
        return SeriesMap.map(x) { state.update($0) }
    }
}

/// Incremental Relative Strength Index; see `Indicators.rsi(_:period:)`.
public struct RSIState: Sendable {
    public let period: Int
    private var seen = 0
    private var previous = 0.0
    private var averageGain = 0.0
    private var averageLoss = 0.0

    public init(period: Int) {
        Validate.period(period, "RSIState")
        self.period = period
    }

    /// Consumes one value and returns the current RSI (NaN during warm-up).
    @inline(__always)
    public mutating func update(_ x: Double) -> Double {
        if seen == 0 {
            if x.isNaN { return .nan }  // leading NaN: not started yet
            seen = 1
            previous = x
            return .nan
        }
        let change = x - previous
        previous = x
        let p = Double(period)
        if seen <= period {
            // Accumulate the first `period` changes.
            if change < 0.0 { averageLoss -= change } else { averageGain += change }
            seen += 1
            if seen <= period { return .nan }
            averageLoss /= p
            averageGain /= p
            return Self.index(gain: averageGain, loss: averageLoss)
        }
        averageLoss *= p - 1
        averageGain *= p - 1
        if change < 0.0 { averageLoss -= change } else { averageGain += change }
        averageLoss /= p
        averageGain /= p
        return Self.index(gain: averageGain, loss: averageLoss)
    }

    @inline(__always)
    private static func index(gain: Double, loss: Double) -> Double {
        let total = gain + loss
        return total > 0.0 ? 100.0 * (gain / total) : 0.0
    }
}
