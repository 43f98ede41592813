/// The mean and sample standard deviation of a plain list of numbers (parameter values across
/// windows, objectives across folds, returns of one regime), through the same loops as every
/// other statistic here.
///
/// `mean = Σx / n`; `sd = √(Σ(x − mean)² / (n − 1))` (two-pass, ddof = 1, exactly 0 for equal
/// values). Non-finite values are left out; NaN when none (mean) or fewer than two (sd) remain.
/// Agrees with `numpy.mean` and `numpy.std(ddof=1)` up to summation order.
///
/// ```swift
/// SampleMoments.mean([0.2, 0.4, .nan])                 // 0.3
/// SampleMoments.standardDeviation([0.2, 0.4])          // 0.1414…
/// ```
public enum SampleMoments {
    /// The mean of the finite values.
    public static func mean(_ values: [Double]) -> Double {
        let finite = values.filter(\.isFinite)
        return finite.withUnsafeBufferPointer { Moments.mean($0) }
    }

    /// The sample standard deviation (ddof = 1) of the finite values.
    public static func standardDeviation(_ values: [Double]) -> Double {
        let finite = values.filter(\.isFinite)
        return finite.withUnsafeBufferPointer { Moments.sampleStandardDeviation($0) }
    }
}
