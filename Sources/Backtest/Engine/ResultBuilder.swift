import Market
import Metrics

/// Turns the equity at each close into returns and metrics in one pass, as the bars go by.
///
/// `returns[t − 1] = equity[t] / equity[t − 1] − 1`, and 0 once equity is 0 (after ruin), so
/// the ruin bar's return is −1 and every later one 0; each return enters the
/// ``ReturnAccumulator`` in order, and the sum of equities (for turnover's mean equity) is
/// summed in bar order. Per-bar arrays are kept only with ``ResultDetail/full``.
struct ResultBuilder {
    let n: Int
    let keepsPaths: Bool
    private(set) var equity: [Double]
    private(set) var returns: [Double]
    private var accumulator = ReturnAccumulator()
    private var previous = 0.0
    private var equitySum = 0.0
    private var recorded = 0

    init(bars n: Int, detail: ResultDetail) {
        self.n = n
        keepsPaths = detail == .full
        equity = keepsPaths ? [Double](repeating: 0, count: n) : []
        returns = keepsPaths ? [Double](repeating: 0, count: max(0, n - 1)) : []
    }

    /// Equity at close `t`; bars are recorded in order from 0, before ruin.
    @inline(__always)
    mutating func record(_ value: Double, at t: Int) {
        if keepsPaths { equity[t] = value }
        equitySum += value
        if t > 0 {
            let r = previous > 0 ? value / previous - 1 : 0
            accumulator.add(r)
            if keepsPaths { returns[t - 1] = r }
        }
        previous = value
        recorded = t + 1
    }

    /// The equity recorded last: after ``finish``, the last bar's (0 after ruin).
    var lastEquity: Double { previous }

    /// Completes the run: equity 0 for every bar not recorded (after ruin), then the metrics.
    mutating func finish(periodsPerYear: Double, trades: [Trade], tradedNotional: Double, exposedBars: Int)
        -> (summary: PerformanceSummary, exposure: Double, turnover: Double)
    {
        for t in recorded..<n { record(0, at: t) }
        let years = Double(n - 1) / periodsPerYear
        let meanEquity = equitySum / Double(n)
        let turnover = years > 0 && meanEquity > 0 ? tradedNotional / 2 / meanEquity / years : .nan
        let exposure = Double(exposedBars) / Double(n)
        let summary = accumulator.summary(
            periodsPerYear: periodsPerYear, trades: TradeStatistics(tradePnLs: trades.map(\.pnl)),
            exposure: exposure, turnover: turnover)
        return (summary, exposure, turnover)
    }
}
