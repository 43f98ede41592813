import Market
import Strategies

/// Independent uniform draws from the parameter ranges.
///
/// Trial `i` uses strategy `i mod k` (round-robin over the phase's strategies)
/// and its own random stream `SeededGenerator(seed:, stream: "<stream>/trial/<i>")`,
/// so the same seed gives the same trials whatever the worker count or the point
/// at which a run resumed. Integer parameters are drawn uniformly from the whole
/// numbers in `[low, high]`, real ones uniformly from the interval; a list of
/// more than two values is sampled as a discrete choice. Draws that break a
/// constraint are redrawn from the same stream (up to 1,000 times).
public enum RandomSearch {
    public static func trials(
        strategies: [StrategyDefinition], space: SearchSpace, count: Int, seed: UInt64, stream: String,
        fixed: [String: [String: Double]] = [:]
    ) throws -> [TrialSpec] {
        guard count > 0 else { throw OptimizationError("n_trials must be positive, got \(count)") }
        guard !strategies.isEmpty else { throw OptimizationError("no strategies to search") }
        try space.validate(for: strategies)
        var trials: [TrialSpec] = []
        trials.reserveCapacity(count)
        for index in 0..<count {
            trials.append(try trial(index: index, strategies: strategies, space: space, seed: seed, stream: stream, fixed: fixed))
        }
        return trials
    }

    /// Trial `index` of a random search: strategy `index mod k`, drawn from its own stream.
    public static func trial(
        index: Int, strategies: [StrategyDefinition], space: SearchSpace, seed: UInt64, stream: String,
        fixed: [String: [String: Double]] = [:]
    ) throws -> TrialSpec {
        let strategy = strategies[index % strategies.count]
        var generator = SeededGenerator(seed: seed, stream: "\(stream)/trial/\(index)")
        let entries = space.applicable(to: strategy)
        for _ in 0..<1000 {
            var values = fixed[strategy.name] ?? [:]
            for entry in entries {
                guard let spec = strategy.parameter(entry.name) else { continue }
                values[entry.name] = draw(entry.domain, kind: spec.kind, using: &generator)
            }
            if let parameters = try? strategy.resolve(values) {
                return TrialSpec(index: index, strategy: strategy.name, parameters: parameters)
            }
        }
        throw OptimizationError("\(strategy.name): no draw from the ranges satisfies its constraints (\(strategy.constraints.map(\.description).joined(separator: ", ")))")
    }

    static func draw(_ domain: ParameterDomain, kind: ParameterSpec.Kind, using generator: inout SeededGenerator) -> Double {
        switch domain {
        case .values(let values) where values.count == 2:
            return draw(.range(low: min(values[0], values[1]), high: max(values[0], values[1])), kind: kind, using: &generator)
        case .values(let values):
            let pick = Int(generator.nextDouble() * Double(values.count))
            return values[min(pick, values.count - 1)]
        case .range(let low, let high):
            switch kind {
            case .integer:
                let lo = low.rounded(.up), hi = high.rounded(.down)
                let span = hi - lo + 1
                return lo + min(span - 1, (generator.nextDouble() * span).rounded(.down))
            case .real:
                return low + generator.nextDouble() * (high - low)
            }
        }
    }
}
