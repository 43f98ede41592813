import Market
import Metrics

/// The objective of `robust_optimization`: the metric penalised by its sampling dispersion.
///
/// For a trial's bar returns r₁…r_T, draw B = 32 circular-block bootstrap resamples
/// (blocks of 20 bars, which keeps volatility clustering and serial dependence) from the
/// trial's own random stream, compute the objective m_b on each, and score
///
///     robust = mean(m_b) − λ · std(m_b)          (λ = risk_penalty, std with ddof 1)
///
/// (for `max_drawdown`, which is minimised, the penalty adds: mean + λ·std). A parameter
/// set whose performance hinges on a few lucky stretches has a wide bootstrap distribution
/// and is pushed down the ranking; this is the dispersion-penalised "robust" criterion of
/// e.g. Pardo (2008) applied to resampled rather than neighbouring-parameter results.
enum RobustObjective {
    static let resamples = 32
    static let blockSize = 20

    static func score(returns: [Double], objective: Objective, penalty: Double, periodsPerYear: Double,
                      seed: UInt64, stream: String) -> Double {
        let n = returns.count
        guard n >= 2 * blockSize else { return .nan }
        var generator = SeededGenerator(seed: seed, stream: stream)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        var sample = [Double](repeating: 0, count: n)
        for _ in 0..<resamples {
            var filled = 0
            while filled < n {
                let start = min(n - 1, Int(generator.nextDouble() * Double(n)))
                for k in 0..<blockSize where filled < n {
                    sample[filled] = returns[(start + k) % n]
                    filled += 1
                }
            }
            let summary = PerformanceSummary(returns: sample, periodsPerYear: periodsPerYear)
            values.append(objective.value(summary))
        }
        let finite = values.filter(\.isFinite)
        guard finite.count > 1 else { return .nan }
        let mean = finite.reduce(0, +) / Double(finite.count)
        let sd = (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count - 1)).squareRoot()
        return objective.minimises ? mean + penalty * sd : mean - penalty * sd
    }
}
