/// Population variance of the last `period` values, computed as TA-Lib 0.8 computes
/// `VAR` (issues #118/#243): running sums of deviations from a shift near the window,
/// rebuilt by a fresh two-pass over the window when cancellation threatens (the variance
/// falls below 1e-6 of the mean squared deviation, a departing value dominates the sums)
/// or at least every `32·period` windows. A window flat up to rounding gives exactly 0.
///
/// This is the shared kernel of `rollingStdDev`, `zScore` and `bollinger`.
struct RollingVariance: Sendable {
    let period: Int
    private let inversePeriod: Double
    private var window: RingBuffer
    private var shift = 0.0
    private var total1 = 0.0
    private var total2 = 0.0
    private var barsSinceReseed: Int

    init(period: Int) {
        self.period = period
        inversePeriod = 1.0 / Double(period)
        window = RingBuffer(capacity: period)
        barsSinceReseed = 32 * period
    }

    /// Whether nothing has been consumed yet.
    var isEmpty: Bool { window.count == 0 }

    /// Consumes one value; returns the variance of the window (NaN during warm-up).
    @inline(__always)
    mutating func update(_ x: Double) -> Double {
        if window.count == 0 { shift = x }
        window.push(x)
        var deviation = x - shift
        total1 += deviation
        total2 += deviation * deviation
        guard window.isFull else { return .nan }

        let mean = total1 * inversePeriod
        var variance = total2 * inversePeriod - mean * mean

        // Remove the oldest value (prepares the next window).
        deviation = window.oldest - shift
        total1 -= deviation
        deviation *= deviation
        total2 -= deviation

        barsSinceReseed -= 1
        if variance < 0.000001 * (total2 * inversePeriod)
            || deviation > 1000000.0 * total2
            || barsSinceReseed <= 0 {
            variance = reseed()
        }
        return variance
    }

    /// Re-anchors the shift at the window mean and rebuilds the sums by a two-pass.
    private mutating func reseed() -> Double {
        barsSinceReseed = 32 * period
        var sum = 0.0
        window.forEachChronological { sum += $0 }
        let newShift = sum * inversePeriod
        var sum1 = 0.0
        var sum2 = 0.0
        window.forEachChronological { value in
            let deviation = value - newShift
            sum1 += deviation
            sum2 += deviation * deviation
        }
        shift = newShift
        let mean = sum1 * inversePeriod
        var variance = sum2 * inversePeriod - mean * mean
        if variance < 0.000000000001 * (sum2 * inversePeriod) { variance = 0.0 }
        // Re-remove the oldest value under the new shift.
        let deviation = window.oldest - newShift
        total1 = sum1 - deviation
        total2 = sum2 - deviation * deviation
        return variance
    }
}
