/// The result of ``DrawdownAnalysis/analyze(equity:top:)``.
///
/// - `periods`: the deepest drawdown periods, deepest first (ties: earlier start);
/// - `maxDrawdown`: the deepest fall from a running peak, a positive fraction;
/// - `averageDrawdown`: mean depth over all periods (0 when there are none);
/// - `timeUnderWater`: the fraction of bars below the running peak;
/// - `underwater`: `V_t / peak_t − 1` per bar, ≤ 0.
///
/// Equality treats NaN as equal to NaN.
///
/// ```swift
/// let report = DrawdownAnalysis.analyze(equity: equityCurve, top: 5)
/// for period in report.periods { print(period.startIndex, period.depth) }
/// ```
public struct DrawdownReport: Sendable, Equatable {
    /// The `top` deepest periods.
    public var periods: [DrawdownPeriod]
    /// Largest `(peak − V)/peak`, positive.
    public var maxDrawdown: Double
    /// Mean depth of every drawdown period.
    public var averageDrawdown: Double
    /// Share of bars strictly below the running peak.
    public var timeUnderWater: Double
    /// Per-bar `V_t / peak_t − 1`.
    public var underwater: [Double]

    /// A report with every field given.
    public init(
        periods: [DrawdownPeriod], maxDrawdown: Double, averageDrawdown: Double,
        timeUnderWater: Double, underwater: [Double]
    ) {
        self.periods = periods
        self.maxDrawdown = maxDrawdown
        self.averageDrawdown = averageDrawdown
        self.timeUnderWater = timeUnderWater
        self.underwater = underwater
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: DrawdownReport, rhs: DrawdownReport) -> Bool {
        lhs.periods == rhs.periods && sameValue(lhs.maxDrawdown, rhs.maxDrawdown)
            && sameValue(lhs.averageDrawdown, rhs.averageDrawdown)
            && sameValue(lhs.timeUnderWater, rhs.timeUnderWater)
            && sameValues(lhs.underwater, rhs.underwater)
    }
}
