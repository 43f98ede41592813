import Optimization
import Reports
import Store
import Strategies

/// Runs a `bayesian` (TPE) or `differential_evolution` search as an ask/tell loop.
///
/// Target strategies are searched one after another, each by its own sampler over the
/// parameters it declares (`[low, high]` ranges; integers stay integers; `{log: true}`
/// ranges are searched on a log scale) with the strategy's constraints as the feasibility
/// rule. The sampler proposes a batch — 8 trials for TPE (pending ones count as bad
/// observations: Optuna's constant liar), one generation for DE — which is evaluated in
/// parallel, checkpointed, and told back in trial order. Batch sizes never depend on the
/// worker count, so results do not either. On resume the sampler re-proposes the same
/// trials (it is deterministic given the told history) and checkpointed results are reused.
///
/// Budgets: `bayesian` runs `n_trials` split evenly over the target strategies (default
/// 100); `differential_evolution` runs up to `n_generations` (default 20) generations of
/// `population_size` (default SciPy's 15 × parameters) per strategy, stopping early when
/// SciPy's convergence test (`tol = 0.01`) passes.
struct ModelBasedSearch {
    static let tpeBatch = 8

    let plan: SearchPlan
    let phase: String

    struct Outcome {
        var records: [TrialRecord]
        var stopped: Bool
    }

    func run(context: PhaseContext, indexOffset: Int, trialBudget: Int?, stream: String,
             evaluate: @escaping @Sendable (TrialSpec) -> TrialRecord,
             progress: (_ done: Int, _ total: Int, _ best: Double) -> Void) throws -> Outcome {
        let stored = Dictionary(try context.store.trials(run: context.runID, phase: phase).map { ($0.index, $0) },
                                uniquingKeysWith: { a, _ in a })
        let targets = plan.strategies.filter { !plan.nonTargets.contains($0.name) }
        var records: [TrialRecord] = []
        var next = indexOffset
        var batches = 0
        var best = -Double.infinity
        let total = trialBudget ?? plan.trialCount ?? 100
        let expected = plan.method == .bayesian ? total : targets.count * (plan.generations ?? 20) * 15
        for (s, strategy) in targets.enumerated() {
            let fixed = plan.fixed[strategy.name] ?? [:]
            let parameters: [SamplerParameter] = plan.space.applicable(to: strategy).compactMap { entry in
                guard case .range(let low, let high) = entry.domain, let spec = strategy.parameter(entry.name) else { return nil }
                return SamplerParameter(name: entry.name, low: low, high: high, kind: spec.kind, log: plan.logScaled.contains(entry.name))
            }
            let feasible: SamplerFeasibility = { values in
                (try? strategy.resolve(fixed.merging(values) { _, new in new })) != nil
            }
            /// Evaluates one batch of proposals (reusing checkpointed results) and returns the scores in order.
            func evaluateBatch(_ proposals: [[String: Double]]) throws -> [Double]? {
                if context.budget.timedOut(phase: phase, batchesDone: batches) { return nil }
                var specs: [TrialSpec] = []
                var scores = [Double](repeating: -.infinity, count: proposals.count)
                var fresh: [(Int, TrialSpec)] = []
                for (k, values) in proposals.enumerated() {
                    let index = next
                    next += 1
                    let resolved = try? strategy.resolve(fixed.merging(values) { _, new in new })
                    let spec = TrialSpec(index: index, strategy: strategy.name, parameters: resolved ?? ParameterSet(values))
                    specs.append(spec)
                    let parameters = JSONValue.object([("strategy", .string(strategy.name)),
                                                       ("parameters", StrategySelection(strategy: strategy.name, parameters: spec.parameters).parametersJSON)]).serialized()
                    if let old = stored[index], old.parameters == parameters {
                        records.append(old)
                        scores[k] = plan.objective.score(old.objective)
                    } else if resolved == nil {
                        let record = TrialRecord(index: index, parameters: parameters, objective: .nan,
                                                 metrics: JSONValue.object([("error", .string("infeasible parameters"))]).serialized(), status: "infeasible")
                        try context.store.saveTrials(run: context.runID, phase: phase, [record])
                        records.append(record)
                    } else {
                        fresh.append((k, spec))
                    }
                }
                if !fresh.isEmpty {
                    var evaluated: [TrialRecord] = []
                    _ = try ParallelEvaluator(workers: context.workers, batchSize: fresh.count).run(
                        fresh.map(\.1), evaluate: evaluate, onBatch: { evaluated = $0 })
                    try context.store.saveTrials(run: context.runID, phase: phase, evaluated)
                    for ((k, _), record) in zip(fresh, evaluated) {
                        scores[k] = plan.objective.score(record.objective)
                        records.append(record)
                    }
                }
                batches += 1
                best = max(best, scores.max() ?? -.infinity)
                progress(records.count, expected, best)
                return scores
            }
            if parameters.isEmpty {
                guard try evaluateBatch([[:]]) != nil else { return Outcome(records: records, stopped: true) }
                continue
            }
            switch plan.method {
            case .bayesian:
                let count = total / targets.count + (s < total % targets.count ? 1 : 0)
                var sampler = TPESampler(parameters: parameters, config: TPEConfig(), seed: context.seed,
                                         stream: "\(stream)/tpe/\(strategy.name)", feasible: feasible)
                var asked = 0
                while asked < count {
                    let proposals = sampler.ask(count: min(Self.tpeBatch, count - asked))
                    asked += proposals.count
                    guard let scores = try evaluateBatch(proposals) else { return Outcome(records: records, stopped: true) }
                    sampler.tell(zip(proposals, scores).map { ($0, $1) })
                }
            case .differentialEvolution:
                var config = DEConfig(populationSize: plan.populationSize, generations: plan.generations ?? 20)
                config.generations = plan.generations ?? 20
                var optimizer = DifferentialEvolution(parameters: parameters, config: config, seed: context.seed,
                                                      stream: "\(stream)/de/\(strategy.name)", feasible: feasible)
                while !optimizer.isFinished {
                    let proposals = optimizer.ask()
                    guard !proposals.isEmpty else { break }
                    guard let scores = try evaluateBatch(proposals) else { return Outcome(records: records, stopped: true) }
                    optimizer.tell(scores)
                }
            default:
                throw WorkflowError(phase: phase, "\(plan.method.rawValue) is not a model-based method")
            }
        }
        return Outcome(records: records, stopped: false)
    }
}
