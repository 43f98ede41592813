import Strategies

/// Every combination of the listed values, per strategy.
///
/// Each strategy gets the Cartesian product of the values of the parameters it
/// declares (the others keep their defaults); combinations that break a
/// strategy's constraints (e.g. `fast_period < slow_period`) are skipped and
/// counted. Strategies are enumerated in the order given; within a strategy the
/// last parameter varies fastest.
///
/// `fixed` holds per-strategy parameter values that are not searched.
///
/// ```swift
/// let (trials, skipped) = try GridSearch.trials(strategies: [momentum], space: space)
/// ```
public enum GridSearch {
    public static func trials(
        strategies: [StrategyDefinition], space: SearchSpace, fixed: [String: [String: Double]] = [:]
    ) throws -> (trials: [TrialSpec], skipped: Int) {
        try space.validate(for: strategies)
        var trials: [TrialSpec] = []
        var skipped = 0
        for strategy in strategies {
            let entries = space.applicable(to: strategy)
            var lists: [[Double]] = []
            for entry in entries {
                guard case .values(let values) = entry.domain else {
                    throw OptimizationError(parameter: entry.name, "grid search needs a list of values for '\(entry.name)'")
                }
                lists.append(values)
            }
            var counters = [Int](repeating: 0, count: lists.count)
            while true {
                var values = fixed[strategy.name] ?? [:]
                for (k, entry) in entries.enumerated() { values[entry.name] = lists[k][counters[k]] }
                if let parameters = try? strategy.resolve(values) {
                    trials.append(TrialSpec(index: trials.count, strategy: strategy.name, parameters: parameters))
                } else {
                    skipped += 1
                }
                // Advance the odometer, last parameter fastest.
                var k = lists.count - 1
                while k >= 0 {
                    counters[k] += 1
                    if counters[k] < lists[k].count { break }
                    counters[k] = 0
                    k -= 1
                }
                if k < 0 { break }
            }
        }
        guard !trials.isEmpty else {
            throw OptimizationError("every grid combination breaks a strategy constraint (\(skipped) skipped)")
        }
        return (trials, skipped)
    }
}
