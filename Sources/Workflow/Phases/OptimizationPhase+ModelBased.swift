import Backtest
import Foundation
import Indicators
import Market
import Metrics
import Optimization
import Reports
import Store
import Strategies

extension OptimizationPhase {
    /// `bayesian` and `differential_evolution`: an ask/tell search (see ``ModelBasedSearch``).
    func runModelBased(_ context: PhaseContext) throws -> PhaseResult {
        let bars = context.data.bars(segment)
        let evaluate = trialEvaluator(context, bars: bars, mask: nil, stream: name)
        let outcome = try ModelBasedSearch(plan: search, phase: name).run(
            context: context, indexOffset: 0, trialBudget: search.trialCount, stream: name, evaluate: evaluate,
            progress: { done, total, best in
                context.progress.trials(name: name, done: done, total: max(done, total),
                                        bestObjective: best.isFinite ? (objective.minimises ? -best : best) : nil,
                                        objective: objective.rawValue)
            })
        var warnings: [String] = []
        if outcome.stopped {
            let message = "time budget spent after \(outcome.records.count) trials"
            guard context.acceptPartialResults else { throw WorkflowError(phase: name, message) }
            warnings.append(message + "; results are partial")
        }
        let planned = outcome.records.map { TrialSpec(index: $0.index, strategy: "", parameters: ParameterSet()) }
        var result = PhaseResult(
            artifacts: try outputs(records: outcome.records, trials: planned, skipped: 0, requested: context.requestedOutputs,
                                   partial: outcome.stopped, reduced: context.reducedSpace),
            warnings: warnings, partial: outcome.stopped)
        result.workersUsed = context.workers
        return try withOverfitting(result, records: outcome.records, context: context)
    }

    /// The trial evaluator of this phase (costs, robust objective, regime mask).
    func trialEvaluator(_ context: PhaseContext, bars: [BarSeries], mask: [Bool]?, stream: String) -> @Sendable (TrialSpec) -> TrialRecord {
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let evaluator = StrategyEvaluator(config: config, cache: IndicatorCache())
        let objective = self.objective
        let robust = search.riskPenalty
        let seed = context.seed
        let ppy = context.data.periodsPerYear
        return { trial in
            Self.evaluate(trial, evaluator: evaluator, bars: bars, objective: objective, robust: robust.map {
                (penalty: $0, seed: seed, stream: "\(stream)/robust/\(trial.index)", periodsPerYear: ppy)
            }, mask: mask, periodsPerYear: ppy)
        }
    }

    /// `group_by_regime: true`: one search per regime of an earlier phase's regime labels,
    /// each scored only on the bars of its regime (`n_trials_per_regime` trials each for
    /// random/bayesian; a full grid or DE run otherwise). Trial indices are
    /// `regime × 1,000,000 + k`. Outputs `regime_optimized_strategies` (the best set per
    /// regime, with the regime) and `regime_switching_rules` (trade the set of the regime
    /// in force), besides the usual outputs over all trials.
    func runByRegime(_ context: PhaseContext) throws -> PhaseResult {
        guard let input = context.inputs(of: .regimeLabels).first else {
            throw WorkflowError(phase: name, "group_by_regime needs a regime_classifications input")
        }
        let names = input.artifact.value["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let labels = input.artifact.value["labels"]?.arrayValue?.map { $0.doubleValue.flatMap { $0.isFinite ? Int($0) : nil } } ?? []
        guard labels.count == context.data.full[0].count, !names.isEmpty else {
            throw WorkflowError(phase: name, "the regime labels do not cover this workflow's bars (\(labels.count) labels, \(context.data.full[0].count) bars)")
        }
        let bars = context.data.bars(segment)
        let offset = segment == .test ? context.data.splitIndex : 0
        let n = bars[0].count
        var all: [TrialRecord] = []
        var perRegime: [JSONValue] = []
        var rules: [JSONValue] = []
        var stopped = false
        for (r, regimeName) in names.enumerated() {
            let mask = (0..<(n - 1)).map { labels[offset + $0 + 1] == r }
            let count = mask.filter { $0 }.count
            guard count >= 20 else {
                perRegime.append(.object([("regime", .string(regimeName)), ("bars", .integer(count)), ("best", .null),
                                          ("note", .string("fewer than 20 bars in this regime: not optimised"))]))
                continue
            }
            let stream = "\(name)/regime/\(r)"
            let evaluate = trialEvaluator(context, bars: bars, mask: mask, stream: stream)
            var records: [TrialRecord]
            if search.method.isModelBased {
                let outcome = try ModelBasedSearch(plan: search, phase: name).run(
                    context: context, indexOffset: r * 1_000_000, trialBudget: search.trialsPerRegime ?? search.trialCount,
                    stream: stream, evaluate: evaluate, progress: { done, total, best in
                        context.progress.trials(name: "\(name) [\(regimeName)]", done: done, total: max(done, total),
                                                bestObjective: best.isFinite ? best : nil, objective: objective.rawValue)
                    })
                records = outcome.records
                stopped = stopped || outcome.stopped
            } else {
                var plan = search
                if let perRegimeCount = search.trialsPerRegime { plan.trialCount = perRegimeCount }
                let trials = try plan.trials(seed: context.seed, stream: stream, reduced: context.reducedSpace).trials
                    .map { TrialSpec(index: r * 1_000_000 + $0.index, strategy: $0.strategy, parameters: $0.parameters) }
                let done = Dictionary(try context.store.trials(run: context.runID, phase: name).map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
                records = trials.compactMap { done[$0.index] }
                let pending = trials.filter { done[$0.index] == nil }
                _ = try ParallelEvaluator(workers: context.workers, batchSize: max(16, 8 * context.workers)).run(
                    pending, evaluate: evaluate, onBatch: { batch in
                        try context.store.saveTrials(run: context.runID, phase: name, batch)
                        records += batch
                    })
                records.sort { $0.index < $1.index }
            }
            all += records
            let decoded = try records.map(Self.decode)
            let ranked = objective.rank(decoded, value: \.objective, index: \.index)
            guard let best = ranked.first else { continue }
            let set = ParameterSetsCodec.encode(objective: objective.rawValue, ranked: [(best.selection, best.metrics)])
            var entry = set["sets"]?.arrayValue?.first?.objectValue ?? []
            entry.insert(("regime", .string(regimeName)), at: 0)
            entry.insert(("regime_bars", .integer(count)), at: 1)
            perRegime.append(.object(entry))
            rules.append(.object([("when_regime", .string(regimeName)), ("strategy", .string(best.selection.strategy)),
                                  ("parameters", best.selection.parametersJSON), ("in_regime_objective", .number(best.objective))]))
        }
        let valid = perRegime.filter { $0["strategy"] != nil }
        var artifacts = try outputs(records: all, trials: all.map { TrialSpec(index: $0.index, strategy: "", parameters: ParameterSet()) },
                                    skipped: 0, requested: context.requestedOutputs.filter { Self.outputKind($0) != nil && !Self.regimeOutputs.contains($0) },
                                    partial: stopped, reduced: context.reducedSpace)
        for output in context.requestedOutputs {
            switch output {
            case "regime_optimized_strategies":
                artifacts.append(Artifact(name: output, kind: .parameterSets, value: .object([
                    ("objective", .string(objective.rawValue)), ("count", .integer(valid.count)),
                    ("labels_from", .string("\(input.reference.phase).\(input.reference.output)")),
                    ("regimes", .array(perRegime)), ("sets", .array(valid)),
                ])))
            case "regime_switching_rules":
                artifacts.append(Artifact(name: output, kind: .table, value: .object([
                    ("rule", .string("at each bar, trade the parameter set optimised for the regime the bar is labelled with")),
                    ("rules", .array(rules)),
                ])))
            default:
                continue
            }
        }
        return PhaseResult(artifacts: artifacts, warnings: stopped ? ["time budget spent; results are partial"] : [], partial: stopped)
    }

    static let regimeOutputs: Set<String> = ["regime_optimized_strategies", "regime_switching_rules"]
}
