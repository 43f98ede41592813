/// One drawdown of an equity curve: from a peak, through its trough, to the first
/// bar that regains the peak (if any).
///
/// Indices are positions in the equity array given to
/// ``DrawdownAnalysis/analyze(equity:top:)``:
/// - `startIndex`: the peak bar (the last bar at the running maximum before the fall);
/// - `troughIndex`: the lowest bar of the drawdown (the first one, if several tie);
/// - `recoveryIndex`: the first later bar with `equity ≥ peak`, nil if the curve
///   ends under water.
///
/// `depth = (peak − trough) / peak`, a positive fraction (0.25 = a 25% fall).
/// `durationBars = recoveryIndex − startIndex`, or `(count − 1) − startIndex` when
/// not recovered (bars elapsed from the peak to the last bar, as Metrics'
/// `MaxDrawdownDuration` counts). `recoveryBars = recoveryIndex − troughIndex`, nil
/// when not recovered.
///
/// ```swift
/// let report = DrawdownAnalysis.analyze(equity: [100, 110, 99, 104, 111])
/// report.periods[0]   // start 1, trough 2, recovery 4, depth 0.1, duration 3, recovery 2
/// ```
public struct DrawdownPeriod: Sendable, Equatable {
    /// Index of the peak the drawdown starts from.
    public var startIndex: Int
    /// Index of the lowest point.
    public var troughIndex: Int
    /// Index of the first bar back at or above the peak; nil if never recovered.
    public var recoveryIndex: Int?
    /// `(peak − trough) / peak`, positive.
    public var depth: Double
    /// Bars from the peak to the recovery, or to the last bar if not recovered.
    public var durationBars: Int
    /// Bars from the trough to the recovery; nil if not recovered.
    public var recoveryBars: Int?

    /// A period with every field given.
    public init(
        startIndex: Int, troughIndex: Int, recoveryIndex: Int?, depth: Double,
        durationBars: Int, recoveryBars: Int?
    ) {
        self.startIndex = startIndex
        self.troughIndex = troughIndex
        self.recoveryIndex = recoveryIndex
        self.depth = depth
        self.durationBars = durationBars
        self.recoveryBars = recoveryBars
    }

    /// Whether the curve regained the peak.
    public var isRecovered: Bool { recoveryIndex != nil }
}
