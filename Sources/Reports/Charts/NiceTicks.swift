import Foundation

/// Axis ticks at "nice" steps: 1, 2 or 5 times a power of ten.
///
/// ```swift
/// let ticks = NiceTicks.linear(min: 0.93, max: 3.41)
/// ticks.values    // [0.5, 1, 1.5, 2, 2.5, 3, 3.5]
/// ticks.step      // 0.5   (mantissa 5, exponent -1)
/// ```
public struct NiceTicks: Sendable, Equatable {
    /// The axis range: the data range, widened to whole steps when `extend` is set.
    public var lower: Double
    public var upper: Double
    /// The distance between ticks: `mantissa × 10^exponent`, mantissa 1, 2 or 5.
    public var step: Double
    public var mantissa: Int
    public var exponent: Int
    /// The tick positions, ascending, all within `lower...upper`.
    public var values: [Double]

    /// Ticks for data in `min...max`, about `targetCount` intervals apart.
    /// A zero-width range is widened (±5%, or ±1 around zero); non-finite bounds give 0…1.
    public static func linear(min lowValue: Double, max highValue: Double, targetCount: Int = 5,
                              extend: Bool = true) -> NiceTicks {
        var low = lowValue, high = highValue
        if !low.isFinite || !high.isFinite { low = 0; high = 1 }
        if low > high { swap(&low, &high) }
        // Keep the span finite (and the tick arithmetic in range) for extreme inputs.
        low = Swift.max(low, -1e300)
        high = Swift.min(high, 1e300)
        if high - low <= abs(high) * 1e-12 || high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.05
            low -= pad
            high += pad
        }
        let span = high - low
        let raw = span / Double(Swift.max(1, targetCount))
        var exponent = Int(Foundation.floor(Foundation.log10(raw)))
        let fraction = raw / tenToThe(exponent)
        // Round the step in the log sense (as d3 does): thresholds √2, √10, √50.
        var mantissa: Int
        if fraction >= 7.0710678118654755 { mantissa = 1; exponent += 1 }
        else if fraction >= 3.1622776601683795 { mantissa = 5 }
        else if fraction >= 1.4142135623730951 { mantissa = 2 }
        else { mantissa = 1 }
        func value(_ k: Int) -> Double {
            exponent >= 0 ? Double(k * mantissa) * tenToThe(exponent)
                          : Double(k * mantissa) / tenToThe(-exponent)
        }
        let step = value(1)
        let tolerance = 1e-9
        let first = Int(Foundation.ceil(low / step - tolerance))
        let last = Int(Foundation.floor(high / step + tolerance))
        var lower = low, upper = high
        var firstTick = first, lastTick = last
        if extend {
            firstTick = Int(Foundation.floor(low / step + tolerance))
            lastTick = Int(Foundation.ceil(high / step - tolerance))
            lower = value(firstTick)
            upper = value(lastTick)
        }
        var values: [Double] = []
        if lastTick >= firstTick, lastTick - firstTick <= 1000 {
            values = (firstTick...lastTick).map(value)
        }
        if !extend { values = values.filter { $0 >= low - step * tolerance && $0 <= high + step * tolerance } }
        return NiceTicks(lower: lower, upper: upper, step: step, mantissa: mantissa, exponent: exponent, values: values)
    }

    static func tenToThe(_ exponent: Int) -> Double {
        Foundation.pow(10.0, Double(exponent))
    }
}

/// Ticks for a log10 axis: positions in log10 space and the values they label.
struct LogTicks {
    var lower: Double          // log10 of the axis minimum
    var upper: Double
    var ticks: [(position: Double, label: Double, exponent: Int)]

    /// Ticks for positive data in `min...max` (raw values, not logs).
    static func make(min lowValue: Double, max highValue: Double) -> LogTicks {
        var low = log10(lowValue), high = log10(highValue)
        if high - low < 1e-9 { low -= 0.05; high += 0.05 }
        let pad = (high - low) * 0.04
        low -= pad
        high += pad
        let span = high - low
        var ticks: [(Double, Double, Int)] = []
        let firstDecade = Int(floor(low)), lastDecade = Int(ceil(high))
        if span >= 0.6 {
            let multipliers: [Int] = span <= 2.2 ? [1, 2, 5] : [1]
            let every = span <= 7 ? 1 : Int(ceil(span / 6))
            for decade in firstDecade...lastDecade where decade % every == 0 || every == 1 {
                for m in multipliers {
                    let value = decade >= 0 ? Double(m) * NiceTicks.tenToThe(decade) : Double(m) / NiceTicks.tenToThe(-decade)
                    let position = log10(value)
                    if position >= low - 1e-9 && position <= high + 1e-9 { ticks.append((position, value, decade)) }
                }
            }
        }
        if ticks.count < 3 {
            // A narrow range: linear nice ticks placed on the log axis.
            let linear = NiceTicks.linear(min: pow(10, low), max: pow(10, high), targetCount: 5, extend: false)
            ticks = linear.values.filter { $0 > 0 }.map { (log10($0), $0, linear.exponent) }
        }
        return LogTicks(lower: low, upper: high, ticks: ticks)
    }
}
