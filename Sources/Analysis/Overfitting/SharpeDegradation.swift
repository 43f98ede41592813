/// In-sample versus out-of-sample Sharpe ratios across walk-forward windows.
///
/// Window `k` contributes the Sharpe ratio `IS_k` of the parameters chosen on its
/// training span and `OOS_k` of the same parameters on the following test span
/// (any consistent scale: both annualised or both per period). Summaries:
///
/// - `ratio = mean(OOS) / mean(IS)` — the share of in-sample Sharpe that survived
///   (walk-forward efficiency; 1 = no degradation, ≤ 0 = none survived);
/// - `meanDifference = mean(OOS − IS)` — negative when performance degrades;
/// - `fractionPositiveOOS` — share of windows with `OOS > 0`;
/// - `slope`, `intercept` — OLS of OOS on IS, `OOS ≈ intercept + slope·IS`: a
///   slope near 0 or below means in-sample rank carries no out-of-sample
///   information (the "performance degradation" regression of Bailey, Borwein,
///   López de Prado & Zhu, applied to walk-forward windows).
///
/// Windows with a non-finite IS or OOS value are dropped before every summary.
///
/// Degenerate input → NaN: no usable windows (every summary), `mean(IS) = 0`
/// (`ratio`), fewer than 2 usable windows or all IS values equal (`slope`,
/// `intercept`).
///
/// References: R. Pardo, "The Evaluation and Optimization of Trading Strategies",
/// 2nd ed., Wiley 2008 (walk-forward efficiency); D. H. Bailey, J. Borwein,
/// M. López de Prado and Q. J. Zhu, "The Probability of Backtest Overfitting",
/// J. Computational Finance 20(4), 2017 (OOS-on-IS regression).
///
/// ```swift
/// let d = SharpeDegradation(inSample: [1.8, 2.1, 1.5], outOfSample: [0.6, -0.2, 0.9])
/// d.ratio                // 0.2407…
/// d.fractionPositiveOOS  // 0.666…
/// ```
public struct SharpeDegradation: Sendable, Equatable {
    /// The in-sample Sharpe ratio of each window, as given.
    public var inSample: [Double]
    /// The out-of-sample Sharpe ratio of each window, as given.
    public var outOfSample: [Double]
    /// The number of windows with finite IS and OOS values.
    public var windows: Int
    /// `mean(OOS) / mean(IS)`.
    public var ratio: Double
    /// `mean(OOS − IS)`.
    public var meanDifference: Double
    /// The share of windows with `OOS > 0`.
    public var fractionPositiveOOS: Double
    /// The OLS slope of OOS on IS.
    public var slope: Double
    /// The OLS intercept of OOS on IS.
    public var intercept: Double
    /// `mean(IS)`.
    public var meanInSample: Double
    /// `mean(OOS)`.
    public var meanOutOfSample: Double

    /// The summaries of paired window Sharpe ratios; the arrays must be equally long.
    public init(inSample: [Double], outOfSample: [Double]) {
        precondition(
            inSample.count == outOfSample.count,
            "SharpeDegradation: \(inSample.count) in-sample vs \(outOfSample.count) out-of-sample windows")
        self.inSample = inSample
        self.outOfSample = outOfSample
        var isValues: [Double] = []
        var oosValues: [Double] = []
        for (a, b) in zip(inSample, outOfSample) where a.isFinite && b.isFinite {
            isValues.append(a)
            oosValues.append(b)
        }
        windows = isValues.count
        let fit = OverfittingLinearFit(x: isValues, y: oosValues)
        slope = fit.slope
        intercept = fit.intercept
        guard windows > 0 else {
            ratio = .nan
            meanDifference = .nan
            fractionPositiveOOS = .nan
            meanInSample = .nan
            meanOutOfSample = .nan
            return
        }
        let n = Double(windows)
        meanInSample = isValues.reduce(0, +) / n
        meanOutOfSample = oosValues.reduce(0, +) / n
        ratio = meanInSample == 0 ? .nan : meanOutOfSample / meanInSample
        meanDifference = zip(oosValues, isValues).reduce(0) { $0 + ($1.0 - $1.1) } / n
        fractionPositiveOOS = Double(oosValues.count { $0 > 0 }) / n
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: SharpeDegradation, rhs: SharpeDegradation) -> Bool {
        sameValues(lhs.inSample, rhs.inSample) && sameValues(lhs.outOfSample, rhs.outOfSample)
            && lhs.windows == rhs.windows && sameValue(lhs.ratio, rhs.ratio)
            && sameValue(lhs.meanDifference, rhs.meanDifference)
            && sameValue(lhs.fractionPositiveOOS, rhs.fractionPositiveOOS)
            && sameValue(lhs.slope, rhs.slope) && sameValue(lhs.intercept, rhs.intercept)
            && sameValue(lhs.meanInSample, rhs.meanInSample)
            && sameValue(lhs.meanOutOfSample, rhs.meanOutOfSample)
    }
}
