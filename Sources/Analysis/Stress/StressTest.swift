import Metrics

/// Historical stress windows applied to a strategy's per-bar returns (and an
/// optional benchmark on the same bars).
///
/// For each ``StressScenario``, the bars `i₀…i₁` with `start ≤ t_i ≤ end` give
/// (``StressFigures``): total return (Metrics `TotalReturn`), max drawdown within
/// the window (`MaxDrawdown`, the curve restarting at 1 on the window's first bar),
/// annualised volatility (`AnnualVolatility`, ddof 1, `periodsPerYear` from the
/// caller), the worst return and its timestamp, and the recovery:
///
/// On the whole-history curve `V_0 = 1`, `V_{k+1} = V_k(1 + r_k)` (the value after
/// bar k), the pre-window peak is `P = max(V_0 … V_{i₀})` and the trough is the bar
/// `k*` in `i₀…i₁` with the lowest `V_{k*+1}`. Recovery is the first bar `j > k*`
/// (possibly after the window) with `V_{j+1} ≥ P`: `j − k*` bars and
/// `(t_j − t_{k*})/86 400` calendar days; 0 and 0 when `V_{k*+1} ≥ P`; nil when no
/// such bar exists in the data.
///
/// With a benchmark, the same figures for it and ``StressDifference`` (strategy −
/// benchmark). Returns are simple returns, per bar, finite.
///
/// References: Basel Committee, "Principles for sound stress testing practices and
/// supervision", 2009 (historical scenarios); Metrics for each statistic's formula.
///
/// ```swift
/// let results = try StressTest.run(
///     returns: strategyReturns, timestamps: barTimes, benchmark: spyReturns,
///     scenarios: StressScenario.historical, periodsPerYear: 252)
/// results[2].strategy?.totalReturn          // during the 2020 crash
/// results[2].difference?.totalReturn        // versus the benchmark
/// ```
public enum StressTest {
    /// Malformed input.
    public enum Failure: Error, Sendable, Equatable {
        /// `timestamps` and `returns` differ in length.
        case timestampCount(returns: Int, timestamps: Int)
        /// The benchmark has a different number of returns.
        case benchmarkCount(returns: Int, benchmark: Int)
        /// `timestamps[index] ≤ timestamps[index − 1]`.
        case timestampsNotIncreasing(index: Int)
    }

    /// The figures of every scenario, in the order given.
    public static func run(
        returns: [Double], timestamps: [Int64], benchmark: [Double]? = nil,
        scenarios: [StressScenario], periodsPerYear: Double
    ) throws(Failure) -> [StressScenarioResult] {
        guard returns.count == timestamps.count else {
            throw .timestampCount(returns: returns.count, timestamps: timestamps.count)
        }
        if let benchmark, benchmark.count != returns.count {
            throw .benchmarkCount(returns: returns.count, benchmark: benchmark.count)
        }
        for index in timestamps.indices.dropFirst() where timestamps[index] <= timestamps[index - 1] {
            throw .timestampsNotIncreasing(index: index)
        }
        return scenarios.map { scenario in
            guard let window = window(of: scenario, in: timestamps) else {
                return StressScenarioResult(scenario: scenario, strategy: nil, benchmark: nil, difference: nil)
            }
            let strategy = figures(returns, timestamps: timestamps, window: window, periodsPerYear: periodsPerYear)
            let reference = benchmark.map {
                figures($0, timestamps: timestamps, window: window, periodsPerYear: periodsPerYear)
            }
            let difference = reference.map {
                StressDifference(
                    totalReturn: strategy.totalReturn - $0.totalReturn,
                    maxDrawdown: strategy.maxDrawdown - $0.maxDrawdown,
                    annualVolatility: strategy.annualVolatility - $0.annualVolatility,
                    worstReturn: strategy.worstReturn - $0.worstReturn)
            }
            return StressScenarioResult(scenario: scenario, strategy: strategy, benchmark: reference, difference: difference)
        }
    }

    /// The bar indices inside `scenario` (nil when none); `timestamps` ascending.
    static func window(of scenario: StressScenario, in timestamps: [Int64]) -> ClosedRange<Int>? {
        guard let first = timestamps.firstIndex(where: { $0 >= scenario.start }),
            timestamps[first] <= scenario.end
        else { return nil }
        var last = first
        while last + 1 < timestamps.count && timestamps[last + 1] <= scenario.end { last += 1 }
        return first...last
    }

    /// The figures of `returns` over the bars `window` (non-empty, inside the series).
    static func figures(
        _ returns: [Double], timestamps: [Int64], window: ClosedRange<Int>, periodsPerYear: Double
    ) -> StressFigures {
        let slice = returns[window]
        var worstIndex = window.lowerBound
        for index in window where returns[index] < returns[worstIndex] { worstIndex = index }

        var equity = 1.0
        var peak = 1.0
        for index in 0..<window.lowerBound {
            equity *= 1 + returns[index]
            peak = max(peak, equity)
        }
        var troughIndex = window.lowerBound
        var troughValue = Double.infinity
        for index in window {
            equity *= 1 + returns[index]
            if equity < troughValue {
                troughValue = equity
                troughIndex = index
            }
        }
        var recoveryBars: Int?
        var recoveryDays: Double?
        if troughValue >= peak {
            recoveryBars = 0
            recoveryDays = 0
        } else {
            var value = troughValue
            var index = troughIndex + 1
            while index < returns.count {
                value *= 1 + returns[index]
                if value >= peak {
                    recoveryBars = index - troughIndex
                    recoveryDays = Double(timestamps[index] - timestamps[troughIndex]) / 86_400
                    break
                }
                index += 1
            }
        }
        return StressFigures(
            bars: window.count, totalReturn: TotalReturn.compute(slice), maxDrawdown: MaxDrawdown.compute(slice),
            annualVolatility: AnnualVolatility.compute(slice, periodsPerYear: periodsPerYear),
            worstReturn: returns[worstIndex], worstTimestamp: timestamps[worstIndex],
            troughTimestamp: timestamps[troughIndex], recoveryBars: recoveryBars, recoveryDays: recoveryDays)
    }
}
