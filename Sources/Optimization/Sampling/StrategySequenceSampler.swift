import Strategies

/// Runs a ``VectorSampler`` per strategy, one strategy after another, as one ``TrialSampler``.
///
/// For each strategy the sampler searches the `[low, high]` ranges it declares (integers stay
/// integers; `log` ranges on a log scale) with the strategy's constraints as feasibility rule;
/// a proposal that breaks them comes out as an infeasible ``Proposal`` (told back as −∞).
/// A strategy with nothing to search is evaluated once at its fixed parameters. Trial indices
/// run on from `indexOffset` across strategies in proposal order.
public struct StrategySequenceSampler: TrialSampler {
    /// Makes the sampler for strategy number `position` over `parameters`.
    public typealias Factory = @Sendable (_ position: Int, _ strategy: StrategyDefinition, _ parameters: [SamplerParameter],
                                          _ feasible: @escaping SamplerFeasibility) -> any VectorSampler

    private let strategies: [StrategyDefinition]
    private let space: SearchSpace
    private let fixed: [String: [String: Double]]
    private let logScaled: Set<String>
    private let factory: Factory
    private var position = 0
    private var current: (any VectorSampler)?
    private var fixedDone = false
    private var lastBatch: [[String: Double]] = []
    private var nextIndex: Int
    public let plannedTrials: Int?

    public init(strategies: [StrategyDefinition], space: SearchSpace, fixed: [String: [String: Double]] = [:],
                logScaled: Set<String> = [], indexOffset: Int = 0, plannedTrials: Int?, factory: @escaping Factory) {
        self.strategies = strategies
        self.space = space
        self.fixed = fixed
        self.logScaled = logScaled
        self.factory = factory
        self.plannedTrials = plannedTrials
        nextIndex = indexOffset
    }

    /// The searchable parameters of `strategy`: the space's ranges that it declares.
    public static func parameters(of strategy: StrategyDefinition, in space: SearchSpace, logScaled: Set<String>) -> [SamplerParameter] {
        space.applicable(to: strategy).compactMap { entry in
            guard case .range(let low, let high) = entry.domain, let spec = strategy.parameter(entry.name) else { return nil }
            return SamplerParameter(name: entry.name, low: low, high: high, kind: spec.kind, log: logScaled.contains(entry.name))
        }
    }

    public mutating func ask() throws -> [Proposal] {
        while position < strategies.count {
            let strategy = strategies[position]
            let base = fixed[strategy.name] ?? [:]
            if current == nil {
                let parameters = Self.parameters(of: strategy, in: space, logScaled: logScaled)
                if parameters.isEmpty {
                    if !fixedDone {
                        fixedDone = true
                        lastBatch = [[:]]
                        return [proposal(strategy, base, [:])]
                    }
                    fixedDone = false
                    position += 1
                    continue
                }
                let feasible: SamplerFeasibility = { values in (try? strategy.resolve(base.merging(values) { _, new in new })) != nil }
                current = factory(position, strategy, parameters, feasible)
            }
            let batch = current?.ask() ?? []
            if batch.isEmpty {
                current = nil
                position += 1
                continue
            }
            lastBatch = batch
            return batch.map { proposal(strategy, base, $0) }
        }
        return []
    }

    public mutating func tell(_ scores: [Double]) {
        current?.tell(scores)
    }

    private mutating func proposal(_ strategy: StrategyDefinition, _ base: [String: Double], _ values: [String: Double]) -> Proposal {
        let merged = base.merging(values) { _, new in new }
        let resolved = try? strategy.resolve(merged)
        defer { nextIndex += 1 }
        return Proposal(trial: TrialSpec(index: nextIndex, strategy: strategy.name, parameters: resolved ?? ParameterSet(values)),
                        feasible: resolved != nil)
    }
}

/// TPE as a ``VectorSampler``: `budget` points in batches of `batch` (Optuna's constant liar
/// covers the pending ones), each batch asked only after the previous one is told.
public struct TPEVectorSampler: VectorSampler {
    private var sampler: TPESampler
    private let budget: Int
    private let batch: Int
    private var asked = 0
    private var last: [[String: Double]] = []

    public init(_ sampler: TPESampler, budget: Int, batch: Int = 8) {
        self.sampler = sampler
        self.budget = max(0, budget)
        self.batch = max(1, batch)
    }

    public var plannedPoints: Int? { budget }

    public mutating func ask() -> [[String: Double]] {
        guard asked < budget else { return [] }
        last = sampler.ask(count: min(batch, budget - asked))
        asked += last.count
        return last
    }

    public mutating func tell(_ scores: [Double]) {
        sampler.tell(zip(last, scores).map { ($0, $1) })
        last = []
    }
}

/// Differential evolution as a ``VectorSampler``: one generation per batch until SciPy's
/// convergence test passes or the generations run out.
public struct DifferentialEvolutionVectorSampler: VectorSampler {
    private var optimizer: DifferentialEvolution

    public init(_ optimizer: DifferentialEvolution) {
        self.optimizer = optimizer
    }

    public var plannedPoints: Int? { optimizer.populationSize * (optimizer.config.generations + 1) }

    public mutating func ask() -> [[String: Double]] {
        optimizer.isFinished ? [] : optimizer.ask()
    }

    public mutating func tell(_ scores: [Double]) {
        optimizer.tell(scores)
    }
}
