import Optimization
import Strategies
import Testing

@Suite("Search spaces, grid and random search, statistics")
struct SearchTests {
    let momentum: StrategyDefinition

    init() throws {
        momentum = try StrategyRegistry.strategy(named: "momentum")
    }

    @Test("grid enumerates the product, last parameter fastest, skipping constraint breaks")
    func grid() throws {
        let space = SearchSpace([("fast_period", .values([5, 20])), ("slow_period", .values([20, 30]))])
        let (trials, skipped) = try GridSearch.trials(strategies: [momentum], space: space)
        #expect(skipped == 1)  // 20 < 20 fails
        #expect(trials.map { [$0.parameters["fast_period"] ?? 0, $0.parameters["slow_period"] ?? 0] } == [[5, 20], [5, 30], [20, 30]])
        #expect(trials.map(\.index) == [0, 1, 2])
    }

    @Test("random search is a function of seed, stream and trial index only")
    func random() throws {
        let space = SearchSpace([("fast_period", .range(low: 3, high: 50)), ("slow_period", .range(low: 10, high: 200)),
                                 ("signal_threshold", .range(low: 0.001, high: 0.1))])
        let a = try RandomSearch.trials(strategies: [momentum], space: space, count: 200, seed: 1, stream: "p")
        let b = try RandomSearch.trials(strategies: [momentum], space: space, count: 100, seed: 1, stream: "p")
        let c = try RandomSearch.trials(strategies: [momentum], space: space, count: 100, seed: 2, stream: "p")
        #expect(Array(a.prefix(100)) == b)
        #expect(b != c)
        for trial in a {
            let fast = trial.parameters["fast_period"] ?? 0, slow = trial.parameters["slow_period"] ?? 0
            #expect(fast.rounded() == fast && slow.rounded() == slow)
            #expect(fast >= 3 && fast <= 50 && slow >= 10 && slow <= 200 && fast < slow)
            let threshold = trial.parameters["signal_threshold"] ?? -1
            #expect(threshold >= 0.001 && threshold <= 0.1)
        }
    }

    @Test("ranges outside a strategy's declaration are refused, naming the parameter")
    func validation() {
        let space = SearchSpace([("fast_period", .values([0, 10]))])
        #expect(throws: OptimizationError.self) { try space.validate(for: [momentum]) }
        do {
            try SearchSpace([("lookback", .values([5]))]).validate(for: [momentum])
        } catch let error as OptimizationError {
            #expect(error.parameter == "lookback")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("reduced space keeps every other value, first and last")
    func reduced() {
        let space = SearchSpace([("a", .values([1, 2, 3, 4, 5, 6])), ("b", .range(low: 0, high: 100))])
        let reduced = space.reduced()
        #expect(reduced.entries[0].domain == .values([1, 3, 5, 6]))
        #expect(reduced.entries[1].domain == .range(low: 25, high: 75))
    }

    @Test("η² is 1 for a parameter that determines the objective, 0 for noise-free independence")
    func importance() {
        var trials: [(parameters: [String: Double], objective: Double)] = []
        for a in 0..<4 { for b in 0..<3 { trials.append((["a": Double(a), "b": Double(b)], Double(a) * 2)) } }
        let rows = ParameterImportance.compute(names: ["a", "b"], trials: trials)
        #expect(abs(rows[0].etaSquared - 1) < 1e-12)
        #expect(abs(rows[1].etaSquared) < 1e-12)
        #expect(abs(rows[0].share - 1) < 1e-12)
    }

    @Test("distribution quantiles interpolate like numpy")
    func distribution() {
        let d = PerformanceDistribution([1, 2, 3, 4, .nan])
        #expect(d.count == 5 && d.finiteCount == 4)
        #expect(d.quantiles.first { $0.q == 0.25 }?.value == 1.75)
        #expect(d.mean == 2.5)
    }

    @Test("the parallel evaluator gives the same ordered results for any worker count")
    func evaluator() throws {
        let trials = (0..<100).map { TrialSpec(index: $0, strategy: "x", parameters: ParameterSet(["v": Double($0)])) }
        func run(_ workers: Int) throws -> [Int] {
            var seen: [Int] = []
            _ = try ParallelEvaluator(workers: workers, batchSize: 7).run(trials, evaluate: { $0.index * $0.index }, onBatch: { seen += $0 })
            return seen
        }
        #expect(try run(1) == (0..<100).map { $0 * $0 })
        #expect(try run(3) == run(1))
        var batches = 0
        let outcome = try ParallelEvaluator(workers: 2, batchSize: 10).run(
            trials, evaluate: { $0.index }, onBatch: { _ in batches += 1 }, shouldStop: { batches >= 3 })
        #expect(outcome == .stopped(remaining: 70))
    }
}
