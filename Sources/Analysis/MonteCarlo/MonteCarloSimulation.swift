import Market
import Metrics

/// Bootstrap Monte Carlo of a return series: resample it into many paths and report
/// the spread of outcomes.
///
/// Circular block bootstrap (Politis & Romano 1992): each path of `horizon` returns
/// is built from blocks of `blockSize` consecutive returns, each block starting at
/// an index drawn uniformly from `0..<n` and wrapping around the end of the series
/// (`returns[(start + j) mod n]`); the last block is cut to fit. `blockSize` 1 is
/// the iid bootstrap (Efron 1979). A block longer than the series is cut to `n`.
///
/// Path p draws only from `SeededGenerator(seed: config.seed, stream:
/// "\(config.stream)/path/\(p)")` (block starts by an unbiased multiply-and-reject
/// index draw), so a path's returns depend only on (seed, stream, p): the result is
/// identical whatever order — or however many threads — the paths are evaluated in.
///
/// For each path: equity `V_0 = 1, V_t = V_{t−1}(1 + r_t)`, total return `V_H − 1`,
/// and maximum drawdown (Metrics' `MaxDrawdown`). Quantiles across paths use numpy's
/// default linear interpolation (`np.quantile`). The fan chart samples the equity at
/// `m = min(100, H)` evenly spaced steps `s_k = ⌊k·H/m⌋`, k = 1…m (so the last is H).
///
/// Degenerate input: an empty series, a non-finite return, `paths < 1`,
/// `horizon < 1` or `blockSize < 1` give a result with NaN quantile values,
/// `probabilityOfLoss` and `expectedFinalReturn` NaN, and an empty fan.
///
/// References: B. Efron, "Bootstrap methods: another look at the jackknife", Annals
/// of Statistics 7(1), 1979; D. N. Politis & J. P. Romano, "A circular block-
/// resampling procedure for stationary data", in Exploring the Limits of Bootstrap,
/// Wiley, 1992.
///
/// ```swift
/// let config = MonteCarloConfig(paths: 1000, blockSize: 10, seed: 7, stream: "mc/aapl")
/// let result = MonteCarloSimulation.bootstrap(returns: dailyReturns, config: config)
/// result.probabilityOfLoss
/// result.maxDrawdownQuantiles.last?.value   // the 95th percentile drawdown
/// ```
public enum MonteCarloSimulation {
    /// The probabilities of ``MonteCarloResult/finalReturnQuantiles`` and
    /// ``MonteCarloResult/maxDrawdownQuantiles``.
    public static let quantileProbabilities: [Double] = [0.05, 0.25, 0.5, 0.75, 0.95]

    /// The percentiles of the rows of ``MonteCarloResult/fan``.
    public static let fanPercentiles: [Double] = [5, 25, 50, 75, 95]

    /// The most fan columns a result holds.
    public static let maximumFanSteps = 100

    /// Bootstraps `returns` into `config.paths` paths and summarises them.
    public static func bootstrap(returns: [Double], config: MonteCarloConfig) -> MonteCarloResult {
        let n = returns.count
        let horizon = config.horizon ?? n
        let paths = config.paths
        guard n > 0, horizon > 0, paths > 0, config.blockSize >= 1,
            returns.allSatisfy(\.isFinite)
        else {
            return degenerate(paths: max(paths, 0), horizon: max(horizon, 0))
        }
        let block = min(config.blockSize, n)
        let steps = fanSteps(horizon: horizon)

        var finals = [Double](repeating: 0, count: paths)
        var drawdowns = [Double](repeating: 0, count: paths)
        var fanEquity = [Double](repeating: 0, count: paths * steps.count)
        var path = [Double](repeating: 0, count: horizon)

        for p in 0..<paths {
            var generator = SeededGenerator(seed: config.seed, stream: "\(config.stream)/path/\(p)")
            fill(&path, from: returns, block: block, using: &generator)
            var equity = 1.0
            var column = 0
            for t in 0..<horizon {
                equity *= 1 + path[t]
                if column < steps.count, t + 1 == steps[column] {
                    fanEquity[p * steps.count + column] = equity
                    column += 1
                }
            }
            finals[p] = equity - 1
            drawdowns[p] = MaxDrawdown.compute(path)
        }

        var fan: [[Double]] = Array(
            repeating: [Double](repeating: 0, count: steps.count), count: fanPercentiles.count)
        var column = [Double](repeating: 0, count: paths)
        for k in 0..<steps.count {
            for p in 0..<paths { column[p] = fanEquity[p * steps.count + k] }
            column.sort()
            for (band, percentile) in fanPercentiles.enumerated() {
                fan[band][k] = SampleQuantile.sorted(column, probability: percentile / 100)
            }
        }

        let losses = finals.reduce(0) { $1 < 0 ? $0 + 1 : $0 }
        return MonteCarloResult(
            paths: paths, horizon: horizon,
            finalReturnQuantiles: quantiles(finals),
            maxDrawdownQuantiles: quantiles(drawdowns),
            probabilityOfLoss: Double(losses) / Double(paths),
            expectedFinalReturn: finals.reduce(0, +) / Double(paths),
            fan: fan, fanSteps: steps)
    }

    /// The fan columns for `horizon` returns: `⌊k·H/m⌋` for k = 1…m, m = min(100, H).
    static func fanSteps(horizon: Int) -> [Int] {
        guard horizon > 0 else { return [] }
        let m = min(maximumFanSteps, horizon)
        return (1...m).map { $0 * horizon / m }
    }

    /// Fills `path` with circular blocks of `returns`.
    static func fill(
        _ path: inout [Double], from returns: [Double], block: Int, using generator: inout SeededGenerator
    ) {
        let n = returns.count
        var filled = 0
        while filled < path.count {
            let start = RandomIndex.index(below: n, using: &generator)
            var offset = 0
            while offset < block, filled < path.count {
                path[filled] = returns[(start + offset) % n]
                filled += 1
                offset += 1
            }
        }
    }

    /// ``quantileProbabilities`` of `values`.
    static func quantiles(_ values: [Double]) -> [QuantilePoint] {
        let sorted = values.sorted()
        return quantileProbabilities.map {
            QuantilePoint(probability: $0, value: SampleQuantile.sorted(sorted, probability: $0))
        }
    }

    static func degenerate(paths: Int, horizon: Int) -> MonteCarloResult {
        let empty = quantileProbabilities.map { QuantilePoint(probability: $0, value: .nan) }
        return MonteCarloResult(
            paths: paths, horizon: horizon, finalReturnQuantiles: empty,
            maxDrawdownQuantiles: empty, probabilityOfLoss: .nan, expectedFinalReturn: .nan,
            fan: [], fanSteps: [])
    }
}
