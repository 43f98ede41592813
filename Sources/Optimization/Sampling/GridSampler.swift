import Strategies

/// Every combination of the listed values, per strategy, streamed in batches (see
/// ``GridSearch`` for the order: strategies as given, the last parameter fastest).
///
/// Nothing is materialised beyond one batch, so a grid of any size costs memory for
/// `batchSize` trials only. Combinations that break a strategy's constraints are skipped
/// and counted in ``skipped``; trial indices number the feasible combinations from
/// `indexOffset`. Results never depend on `batchSize` (the grid does not learn).
public struct GridSampler: TrialSampler {
    private let strategies: [StrategyDefinition]
    private let lists: [[(name: String, values: [Double])]]
    private let fixed: [String: [String: Double]]
    private let batchSize: Int
    private var strategyIndex = 0
    private var counters: [Int]
    private var nextIndex: Int
    private let firstIndex: Int
    public private(set) var skipped = 0
    /// The feasible combinations: the number of trials the grid will propose.
    public private(set) var plannedTrials: Int?

    public init(strategies: [StrategyDefinition], space: SearchSpace, fixed: [String: [String: Double]] = [:],
                batchSize: Int = 256, indexOffset: Int = 0) throws {
        try space.validate(for: strategies)
        var lists: [[(name: String, values: [Double])]] = []
        for strategy in strategies {
            var entries: [(name: String, values: [Double])] = []
            for entry in space.applicable(to: strategy) {
                guard case .values(let values) = entry.domain else {
                    throw OptimizationError(parameter: entry.name, "grid search needs a list of values for '\(entry.name)'")
                }
                entries.append((entry.name, values))
            }
            lists.append(entries)
        }
        self.strategies = strategies
        self.lists = lists
        self.fixed = fixed
        self.batchSize = max(1, batchSize)
        counters = [Int](repeating: 0, count: lists.first?.count ?? 0)
        nextIndex = indexOffset
        firstIndex = indexOffset
        // The same enumeration, run once ahead on a copy, counts the feasible combinations.
        var probe = self
        var feasible = 0
        while probe.strategyIndex < strategies.count {
            if probe.next() != nil { feasible += 1 }
        }
        plannedTrials = feasible
    }

    /// The number of combinations (feasible or not) of `space` for `strategies`, without enumerating them.
    public static func combinations(strategies: [StrategyDefinition], space: SearchSpace) -> Int {
        var total = 0
        for strategy in strategies {
            var product = 1
            for entry in space.applicable(to: strategy) {
                if case .values(let values) = entry.domain {
                    product = product.multipliedReportingOverflow(by: max(1, values.count)).partialValue
                }
            }
            total = total.addingReportingOverflow(product).partialValue
        }
        return total
    }

    public mutating func ask() throws -> [Proposal] {
        var batch: [Proposal] = []
        while batch.count < batchSize, strategyIndex < strategies.count {
            guard let (strategy, parameters) = next() else {
                skipped += 1
                continue
            }
            batch.append(Proposal(trial: TrialSpec(index: nextIndex, strategy: strategy, parameters: parameters)))
            nextIndex += 1
        }
        if batch.isEmpty, nextIndex == firstIndex, strategyIndex >= strategies.count, !strategies.isEmpty {
            throw OptimizationError("every grid combination breaks a strategy constraint (\(skipped) skipped)")
        }
        return batch
    }

    /// The current combination, resolved (`nil` when it breaks a constraint), then the odometer moves on.
    private mutating func next() -> (strategy: String, parameters: ParameterSet)? {
        let strategy = strategies[strategyIndex]
        var values = fixed[strategy.name] ?? [:]
        for (k, entry) in lists[strategyIndex].enumerated() { values[entry.name] = entry.values[counters[k]] }
        let resolved = try? strategy.resolve(values)
        advance()
        return resolved.map { (strategy.name, $0) }
    }

    public mutating func tell(_ scores: [Double]) {}

    /// Advances the odometer, last parameter fastest; moves to the next strategy when it wraps.
    private mutating func advance() {
        var k = counters.count - 1
        while k >= 0 {
            counters[k] += 1
            if counters[k] < lists[strategyIndex][k].values.count { return }
            counters[k] = 0
            k -= 1
        }
        strategyIndex += 1
        counters = [Int](repeating: 0, count: strategyIndex < lists.count ? lists[strategyIndex].count : 0)
    }
}
