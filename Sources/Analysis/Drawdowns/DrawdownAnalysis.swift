/// The drawdowns of an equity curve: every peak-to-recovery episode, the deepest
/// ones, and the per-bar underwater curve.
///
/// With `peak_t = max_{s ≤ t} V_s` the running maximum of the equity `V`:
/// - `underwater_t = V_t / peak_t − 1` (≤ 0; 0 at a new high);
/// - `maxDrawdown = max_t (peak_t − V_t) / peak_t = −min_t underwater_t`, positive
///   (the definition of Metrics' `MaxDrawdown`, which equals this on the curve
///   `[1, Π(1 + r)…]` of its returns, or on the closes whose returns they are);
/// - a drawdown period runs from a peak bar to the first later bar with
///   `V ≥ peak` (equality counts as recovery, as in Metrics); see ``DrawdownPeriod``;
/// - `averageDrawdown` = mean depth of ALL periods (not only the top N), 0 when the
///   curve never falls;
/// - `timeUnderWater` = share of bars with `V_t < peak_t`.
///
/// `periods` holds the `top` deepest periods, deepest first, ties broken by the
/// earlier start; an open (unrecovered) drawdown at the end is included.
///
/// Degenerate input: an empty curve, a non-finite value, or a first value ≤ 0 (so
/// a running peak could be ≤ 0) gives no periods, `maxDrawdown`, `averageDrawdown`
/// and `timeUnderWater` NaN, and an underwater curve of NaN (empty for an empty
/// curve). `top ≤ 0` keeps no periods
/// but still computes the statistics.
///
/// References: Magdon-Ismail & Atiya, "Maximum drawdown", Risk 17(10), 2004;
/// quantstats `drawdown_details` (periods), empyrical `max_drawdown`.
///
/// ```swift
/// let report = DrawdownAnalysis.analyze(equity: [100, 110, 99, 104, 111, 100], top: 3)
/// report.maxDrawdown        // 0.1 (110 → 99, and 111 → 100 also ≈ 0.099)
/// report.periods.count      // 2; the second is still open
/// report.underwater         // [0, 0, −0.1, −0.0545…, 0, −0.0990…]
/// ```
public enum DrawdownAnalysis {
    /// The drawdown report of `equity`, keeping the `top` deepest periods.
    public static func analyze(equity: [Double], top: Int = 5) -> DrawdownReport {
        guard let first = equity.first else {
            return DrawdownReport(
                periods: [], maxDrawdown: .nan, averageDrawdown: .nan, timeUnderWater: .nan,
                underwater: [])
        }
        guard first > 0, equity.allSatisfy(\.isFinite) else {
            return DrawdownReport(
                periods: [], maxDrawdown: .nan, averageDrawdown: .nan, timeUnderWater: .nan,
                underwater: Array(repeating: .nan, count: equity.count))
        }

        var underwater = [Double](repeating: 0, count: equity.count)
        var all: [DrawdownPeriod] = []
        var peak = first
        var peakIndex = 0
        var troughIndex = 0
        var troughValue = first
        var inDrawdown = false
        var barsUnder = 0
        var worst = 0.0

        for index in 1..<equity.count {
            let value = equity[index]
            if value >= peak {
                if inDrawdown {
                    all.append(
                        period(
                            start: peakIndex, trough: troughIndex, recovery: index, peak: peak,
                            troughValue: troughValue, lastIndex: equity.count - 1))
                    inDrawdown = false
                }
                peak = value
                peakIndex = index
            } else {
                barsUnder += 1
                underwater[index] = value / peak - 1
                let depth = (peak - value) / peak
                if depth > worst { worst = depth }
                if !inDrawdown {
                    inDrawdown = true
                    troughIndex = index
                    troughValue = value
                } else if value < troughValue {
                    troughIndex = index
                    troughValue = value
                }
            }
        }
        if inDrawdown {
            all.append(
                period(
                    start: peakIndex, trough: troughIndex, recovery: nil, peak: peak,
                    troughValue: troughValue, lastIndex: equity.count - 1))
        }

        let average = all.isEmpty ? 0 : all.reduce(0.0) { $0 + $1.depth } / Double(all.count)
        return DrawdownReport(
            periods: deepest(all, top: top), maxDrawdown: worst, averageDrawdown: average,
            timeUnderWater: Double(barsUnder) / Double(equity.count), underwater: underwater)
    }

    /// The drawdown report of the compounded curve `[1, Π(1 + r_1), …]` of simple
    /// returns (one more point than returns, starting at 1).
    ///
    /// ```swift
    /// DrawdownAnalysis.analyze(returns: [0.1, -0.2, 0.05]).maxDrawdown   // 0.2
    /// ```
    public static func analyze(returns: [Double], top: Int = 5) -> DrawdownReport {
        analyze(equity: compoundedCurve(returns), top: top)
    }

    /// `[1, (1 + r_1), (1 + r_1)(1 + r_2), …]`: `returns.count + 1` points.
    static func compoundedCurve(_ returns: [Double]) -> [Double] {
        var curve = [1.0]
        curve.reserveCapacity(returns.count + 1)
        var value = 1.0
        for r in returns {
            value *= 1 + r
            curve.append(value)
        }
        return curve
    }

    private static func period(
        start: Int, trough: Int, recovery: Int?, peak: Double, troughValue: Double, lastIndex: Int
    ) -> DrawdownPeriod {
        DrawdownPeriod(
            startIndex: start, troughIndex: trough, recoveryIndex: recovery,
            depth: (peak - troughValue) / peak,
            durationBars: (recovery ?? lastIndex) - start,
            recoveryBars: recovery.map { $0 - trough })
    }

    /// The `top` deepest periods, deepest first, ties by earlier start.
    private static func deepest(_ periods: [DrawdownPeriod], top: Int) -> [DrawdownPeriod] {
        guard top > 0 else { return [] }
        let ordered = periods.sorted { lhs, rhs in
            lhs.depth != rhs.depth ? lhs.depth > rhs.depth : lhs.startIndex < rhs.startIndex
        }
        return Array(ordered.prefix(top))
    }
}
