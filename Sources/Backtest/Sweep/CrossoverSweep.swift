import Dispatch
import Indicators
import Market

/// A long/flat moving-average crossover evaluated over a whole parameter grid.
///
/// The job of the peer benchmark (`admf bench ma-grid`): at bar `t` the position
/// is long when `SMA_fast[t] > SMA_slow[t]` (both defined), flat otherwise, decided
/// and filled at `close[t]`, no costs; the strategy return is
/// `r_t = pos[t−1] · (close[t]/close[t−1] − 1)`. Per combination it reports
///
/// - total return `Π(1 + r_t) − 1`, accumulated per holding period as
///   `close[exit] / close[entry]` (share-based accounting, as vectorbt does), and
/// - Sharpe `mean(r)/std(r, ddof 1) · √periodsPerYear` over all `N − 1` bar returns,
///   from prefix sums of `r` and `r²`.
///
/// Each distinct SMA is computed once and shared by every combination that uses
/// it; a combination then costs one comparison per bar plus O(1) work per
/// crossing, with no allocation. Combinations are split into contiguous chunks
/// across `workers` threads; each result lands in its own slot, so the output is
/// identical for any worker count.
public enum CrossoverSweep {
    public struct Result: Sendable, Equatable {
        public var fast: Int
        public var slow: Int
        public var totalReturn: Double
        public var sharpeRatio: Double
    }

    /// Evaluates every combination of `grid` on `close`.
    public static func run(
        close: [Double], grid: CrossoverGrid, periodsPerYear: Double, workers: Int
    ) -> [Result] {
        let combos = grid.combinations
        let n = close.count
        guard n >= 3, !combos.isEmpty else {
            return combos.map { Result(fast: $0.fast, slow: $0.slow, totalReturn: .nan, sharpeRatio: .nan) }
        }
        // Shared inputs: one SMA per distinct period, prefix sums of r and r².
        let periods = Set(combos.map(\.fast) + combos.map(\.slow)).sorted()
        let maxPeriod = periods.last ?? 0
        var table = [[Double]](repeating: [], count: maxPeriod + 1)
        let cache = IndicatorCache()
        for p in periods {
            table[p] = cache.value(for: IndicatorKey(name: "sma", source: "close", parameters: [Double(p)])) {
                Indicators.sma(close, period: p)
            }
        }
        var prefixR = [Double](repeating: 0, count: n)
        var prefixR2 = [Double](repeating: 0, count: n)
        for t in 1..<n {
            let r = close[t] / close[t - 1] - 1
            prefixR[t] = prefixR[t - 1] + r
            prefixR2[t] = prefixR2[t - 1] + r * r
        }
        let averages = table, sumR = prefixR, sumR2 = prefixR2
        var results = [Result](
            repeating: Result(fast: 0, slow: 0, totalReturn: .nan, sharpeRatio: .nan), count: combos.count)
        let chunks = max(1, min(workers, combos.count))
        let annualization = periodsPerYear.squareRoot()
        results.withDisjointWrites { out in
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = combos.count * chunk / chunks
                let upper = combos.count * (chunk + 1) / chunks
                for c in lower..<upper {
                    let (f, s) = combos[c]
                    let (growth, sum, sumSquares) = evaluate(
                        close: close, fast: averages[f], slow: averages[s], sumR: sumR, sumR2: sumR2)
                    let count = Double(n - 1)
                    let mean = sum / count
                    let variance = max(0, (sumSquares - sum * mean) / (count - 1))
                    let sd = variance.squareRoot()
                    out[c] = Result(
                        fast: f, slow: s, totalReturn: growth - 1,
                        sharpeRatio: sd > 0 ? mean / sd * annualization : .nan)
                }
            }
        }
        return results
    }

    /// One combination: compounded growth and the sums of r and r² over held bars.
    @inline(__always)
    private static func evaluate(
        close: [Double], fast: [Double], slow: [Double], sumR: [Double], sumR2: [Double]
    ) -> (Double, Double, Double) {
        close.withUnsafeBufferPointer { c in
            fast.withUnsafeBufferPointer { f in
                slow.withUnsafeBufferPointer { s in
                    sumR.withUnsafeBufferPointer { p in
                        sumR2.withUnsafeBufferPointer { q in
                            let n = c.count
                            var growth = 1.0, sum = 0.0, sumSquares = 0.0
                            var inPosition = false
                            var entry = 0
                            // The decision at bar t holds the return of bar t + 1.
                            for t in 0..<(n - 1) {
                                let long = f[t] > s[t]
                                if long != inPosition {
                                    if long {
                                        entry = t
                                    } else {
                                        growth *= c[t] / c[entry]
                                        sum += p[t] - p[entry]
                                        sumSquares += q[t] - q[entry]
                                    }
                                    inPosition = long
                                }
                            }
                            if inPosition {
                                growth *= c[n - 1] / c[entry]
                                sum += p[n - 1] - p[entry]
                                sumSquares += q[n - 1] - q[entry]
                            }
                            return (growth, sum, sumSquares)
                        }
                    }
                }
            }
        }
    }
}
