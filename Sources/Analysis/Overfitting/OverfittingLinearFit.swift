/// An ordinary least-squares line `y = intercept + slope·x`, shared by the
/// overfitting diagnostics (``SharpeDegradation``, ``ProbabilityOfBacktestOverfitting``).
///
/// `slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²`, `intercept = ȳ − slope·x̄` (two-pass).
/// Pairs where either value is not finite are skipped.
///
/// Degenerate input → NaN slope and intercept: fewer than 2 usable pairs, or every
/// usable `x` equal (zero variance of the regressor).
///
/// ```swift
/// let fit = OverfittingLinearFit(x: [1, 2, 3], y: [2, 4, 6.5])   // slope 2.25
/// ```
struct OverfittingLinearFit: Sendable, Equatable {
    var slope: Double
    var intercept: Double

    init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "OverfittingLinearFit: x and y differ in length")
        var count = 0
        var sumX = 0.0
        var sumY = 0.0
        for i in x.indices where x[i].isFinite && y[i].isFinite {
            count += 1
            sumX += x[i]
            sumY += y[i]
        }
        guard count >= 2 else {
            slope = .nan
            intercept = .nan
            return
        }
        let meanX = sumX / Double(count)
        let meanY = sumY / Double(count)
        var sxx = 0.0
        var sxy = 0.0
        for i in x.indices where x[i].isFinite && y[i].isFinite {
            let dx = x[i] - meanX
            sxx += dx * dx
            sxy += dx * (y[i] - meanY)
        }
        guard sxx > 0 else {
            slope = .nan
            intercept = .nan
            return
        }
        slope = sxy / sxx
        intercept = meanY - slope * meanX
    }

    static func == (lhs: OverfittingLinearFit, rhs: OverfittingLinearFit) -> Bool {
        sameValue(lhs.slope, rhs.slope) && sameValue(lhs.intercept, rhs.intercept)
    }
}
