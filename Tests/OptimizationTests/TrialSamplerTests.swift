import Market
import Optimization
import Strategies
import Testing

/// The ask/tell interface against naive reference loops.
@Suite("Trial samplers: one ask/tell interface for grid, random, TPE, DE and lists")
struct TrialSamplerTests {
    let momentum: StrategyDefinition
    let crossover: StrategyDefinition

    init() throws {
        momentum = try StrategyRegistry.strategy(named: "momentum")
        crossover = try StrategyRegistry.strategy(named: "sma_crossover")
    }

    /// Drains a sampler, telling `score` for every proposal.
    func drain(_ sampler: inout some TrialSampler, score: (TrialSpec) -> Double = { _ in 0 }) throws -> [Proposal] {
        var all: [Proposal] = []
        while case let batch = try sampler.ask(), !batch.isEmpty {
            all += batch
            sampler.tell(batch.map { $0.feasible ? score($0.trial) : -.infinity })
        }
        return all
    }

    /// The odometer written out: every combination, last parameter fastest, skipping constraint breaks.
    func naiveGrid(_ strategies: [StrategyDefinition], _ lists: [(String, [Double])]) -> [(String, [String: Double])] {
        var out: [(String, [String: Double])] = []
        for strategy in strategies {
            let own = lists.filter { strategy.parameter($0.0) != nil }
            var combos: [[String: Double]] = [[:]]
            for (name, values) in own {
                combos = combos.flatMap { c in values.map { v in c.merging([name: v]) { $1 } } }
            }
            for c in combos where (try? strategy.resolve(c)) != nil { out.append((strategy.name, c)) }
        }
        return out
    }

    @Test("grid streams every feasible combination in odometer order, whatever the batch size", arguments: [1, 3, 7, 1000])
    func grid(batch: Int) throws {
        let lists: [(String, [Double])] = [("fast_period", [5, 10, 20, 40]), ("slow_period", [10, 20, 50]), ("signal_threshold", [0.01, 0.02])]
        let space = SearchSpace(lists.map { ($0.0, .values($0.1)) })
        var sampler = try GridSampler(strategies: [momentum, crossover], space: space, batchSize: batch, indexOffset: 100)
        let proposals = try drain(&sampler)
        let expected = naiveGrid([momentum, crossover], lists)
        #expect(proposals.count == expected.count)
        for (k, (proposal, reference)) in zip(proposals, expected).enumerated() {
            #expect(proposal.trial.index == 100 + k)
            #expect(proposal.trial.strategy == reference.0)
            for (name, value) in reference.1 { #expect(proposal.trial.parameters[name] == value) }
        }
        #expect(sampler.plannedTrials == expected.count)
        #expect(sampler.skipped == GridSampler.combinations(strategies: [momentum, crossover], space: space) - expected.count)
    }

    @Test("a grid whose every combination breaks a constraint is refused")
    func impossibleGrid() throws {
        let space = SearchSpace([("fast_period", .values([50])), ("slow_period", .values([10]))])
        var sampler = try GridSampler(strategies: [momentum], space: space)
        #expect(throws: OptimizationError.self) { _ = try sampler.ask() }
    }

    @Test("random sampling equals RandomSearch trial by trial, for any batch size and index offset", arguments: [1, 16, 500])
    func random(batch: Int) throws {
        let space = SearchSpace([("fast_period", .range(low: 3, high: 50)), ("slow_period", .range(low: 10, high: 200))])
        var sampler = try RandomSampler(strategies: [momentum, crossover], space: space, count: 57, seed: 9, stream: "s",
                                        batchSize: batch, indexOffset: 2_000_000)
        let proposals = try drain(&sampler)
        let reference = try RandomSearch.trials(strategies: [momentum, crossover], space: space, count: 57, seed: 9, stream: "s")
        #expect(proposals.map(\.trial.index) == reference.map { $0.index + 2_000_000 })
        #expect(proposals.map(\.trial.strategy) == reference.map(\.strategy))
        #expect(proposals.map(\.trial.parameters) == reference.map(\.parameters))
    }

    @Test("the strategy sequence of TPE samplers proposes exactly what a hand-driven TPE loop does")
    func tpeSequence() throws {
        let space = SearchSpace([("fast_period", .range(low: 3, high: 50)), ("slow_period", .range(low: 20, high: 200))])
        let score: (TrialSpec) -> Double = { trial in
            -abs((trial.parameters["fast_period"] ?? 0) - 12) - abs((trial.parameters["slow_period"] ?? 0) - 80) / 10
        }
        var sampler = StrategySequenceSampler(strategies: [crossover], space: space, plannedTrials: 30) { _, _, parameters, feasible in
            TPEVectorSampler(TPESampler(parameters: parameters, seed: 3, stream: "t", feasible: feasible), budget: 30, batch: 8)
        }
        let proposals = try drain(&sampler, score: score)
        // The reference: ask 8, tell 8, … on TPESampler directly.
        let parameters = StrategySequenceSampler.parameters(of: crossover, in: space, logScaled: [])
        let feasible: SamplerFeasibility = { [crossover] values in (try? crossover.resolve(values)) != nil }
        var tpe = TPESampler(parameters: parameters, seed: 3, stream: "t", feasible: feasible)
        var reference: [[String: Double]] = []
        while reference.count < 30 {
            let batch = tpe.ask(count: min(8, 30 - reference.count))
            reference += batch
            tpe.tell(batch.map { values in
                let trial = TrialSpec(index: 0, strategy: crossover.name,
                                      parameters: (try? crossover.resolve(values)) ?? ParameterSet(values))
                return (values, (try? crossover.resolve(values)) == nil ? -.infinity : score(trial))
            })
        }
        #expect(proposals.count == 30)
        #expect(proposals.map(\.trial.index) == Array(0..<30))
        for (proposal, values) in zip(proposals, reference) {
            for (name, value) in values { #expect(proposal.trial.parameters[name] == value) }
        }
    }

    @Test("differential evolution through the interface runs generation by generation and stops")
    func differentialEvolution() throws {
        let space = SearchSpace([("fast_period", .range(low: 3, high: 50)), ("slow_period", .range(low: 20, high: 200))])
        var sampler = StrategySequenceSampler(strategies: [crossover], space: space, plannedTrials: nil) { _, _, parameters, feasible in
            var config = DEConfig(populationSize: 8, generations: 3)
            config.generations = 3
            return DifferentialEvolutionVectorSampler(DifferentialEvolution(parameters: parameters, config: config, seed: 1,
                                                                            stream: "d", feasible: feasible))
        }
        var batches: [Int] = []
        while case let batch = try sampler.ask(), !batch.isEmpty {
            batches.append(batch.count)
            sampler.tell(batch.map { $0.feasible ? -(($0.trial.parameters["fast_period"] ?? 0) - 10).magnitude : -.infinity })
        }
        #expect(!batches.isEmpty && batches.count <= 4)
        #expect(batches.allSatisfy { $0 == 8 })
    }

    @Test("a list sampler proposes its trials in order, in batches")
    func list() throws {
        let trials = (0..<10).map { TrialSpec(index: $0, strategy: "momentum", parameters: ParameterSet(["fast_period": Double($0)])) }
        var sampler = ListSampler(trials, batchSize: 4)
        #expect(try drain(&sampler).map(\.trial) == trials)
    }
}
