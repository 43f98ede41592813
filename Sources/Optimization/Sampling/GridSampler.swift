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
    private let combinations: Int

    /// The feasible combinations: the number of trials the grid will propose.
    public let plannedTrials: Int?

    public init(strategies: [StrategyDefinition], space: SearchSpace, fixed: [String: [String: Double]] = [:],
                batchSize: Int = 256, indexOffset: Int = 0) throws {
        try space.validate(for: strategies)
        var lists: [[(name: String, values: [Double])]] = []
        var combinations = 0
        for strategy in strategies {
            var entries: [(name: String, values: [Double])] = []
            var product = 1
            for entry in space.applicable(to: strategy) {
                guard case .values(let values) = entry.domain else {
                    throw OptimizationError(parameter: entry.name, "grid search needs a list of values for '\(entry.name)'")
                }
                entries.append((entry.name, values))
                product = product.multipliedReportingOverflow(by: max(1, values.count)).partialValue
            }
            lists.append(entries)
            combinations = combinations.addingReportingOverflow(product).partialValue
        }
        self.strategies = strategies
        self.lists = lists
        self.fixed = fixed
        self.batchSize = max(1, batchSize)
        counters = [Int](repeating: 0, count: lists.first?.count ?? 0)
        nextIndex = indexOffset
        firstIndex = indexOffset
        self.combinations = combinations
        var probe = Self.Counter(strategies: strategies, lists: lists, fixed: fixed)
        plannedTrials = probe.feasible()
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
            let strategy = strategies[strategyIndex]
            let entries = lists[strategyIndex]
            var values = fixed[strategy.name] ?? [:]
            for (k, entry) in entries.enumerated() { values[entry.name] = entry.values[counters[k]] }
            if let parameters = try? strategy.resolve(values) {
                batch.append(Proposal(trial: TrialSpec(index: nextIndex, strategy: strategy.name, parameters: parameters)))
                nextIndex += 1
            } else {
                skipped += 1
            }
            advance()
        }
        if batch.isEmpty, nextIndex == firstIndex, strategyIndex >= strategies.count, !strategies.isEmpty {
            throw OptimizationError("every grid combination breaks a strategy constraint (\(skipped) skipped)")
        }
        return batch
    }

    public mutating func tell(_ scores: [Double]) {}

    /// Counts the feasible combinations without building trials (for `plannedTrials`).
    private struct Counter {
        let strategies: [StrategyDefinition]
        let lists: [[(name: String, values: [Double])]]
        let fixed: [String: [String: Double]]

        mutating func feasible() -> Int {
            var count = 0
            for (s, strategy) in strategies.enumerated() {
                let entries = lists[s]
                var counters = [Int](repeating: 0, count: entries.count)
                while true {
                    var values = fixed[strategy.name] ?? [:]
                    for (k, entry) in entries.enumerated() { values[entry.name] = entry.values[counters[k]] }
                    if (try? strategy.resolve(values)) != nil { count += 1 }
                    var k = counters.count - 1
                    while k >= 0 {
                        counters[k] += 1
                        if counters[k] < entries[k].values.count { break }
                        counters[k] = 0
                        k -= 1
                    }
                    if k < 0 { break }
                }
            }
            return count
        }
    }

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
