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
        var sampler = try GridSampler(strategies: strategies, space: space, fixed: fixed, batchSize: 4096)
        var trials: [TrialSpec] = []
        while case let batch = try sampler.ask(), !batch.isEmpty {
            trials += batch.map(\.trial)
        }
        return (trials, sampler.skipped)
    }
}
