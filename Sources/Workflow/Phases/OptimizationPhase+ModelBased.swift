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
    /// The trial evaluator of this phase (costs, robust objective, regime mask).
    func trialEvaluator(_ context: PhaseContext, bars: [BarSeries], mask: [Bool]?, stream: String) -> @Sendable (TrialSpec) -> TrialRecord {
        trialEvaluator(periodsPerYear: context.data.periodsPerYear, seed: context.seed, bars: bars, mask: mask, stream: stream)
    }

    /// The search's trial evaluator from the data and seed alone (what a worker process has).
    func trialEvaluator(periodsPerYear ppy: Double, seed: UInt64, bars: [BarSeries], mask: [Bool]?,
                        stream: String) -> @Sendable (TrialSpec) -> TrialRecord {
        var config = backtest
        config.periodsPerYear = ppy
        let evaluator = StrategyEvaluator(config: config, cache: IndicatorCache())
        let objective = self.objective
        let robust = search.riskPenalty
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
        var all: [TrialRecord] = []
        var perRegime: [JSONValue] = []
        var rules: [JSONValue] = []
        var stopped = false
        var warnings: [String] = []
        for (r, regimeName) in names.enumerated() {
            let count = try regimeMask(context, regime: r).filter { $0 }.count
            guard count >= 20 else {
                perRegime.append(.object([("regime", .string(regimeName)), ("bars", .integer(count)), ("best", .null),
                                          ("note", .string("fewer than 20 bars in this regime: not optimised"))]))
                continue
            }
            let stream = "\(name)/regime/\(r)"
            var sampler = try search.sampler(seed: context.seed, stream: stream, reduced: context.reducedSpace,
                                             indexOffset: r * 1_000_000, trialBudget: search.trialsPerRegime,
                                             batchSize: max(16, 8 * context.workers))
            var runner = SearchRunner(phase: name, context: context, objective: objective, label: "\(name) [\(regimeName)]")
            runner.search = "regime-\(r)"
            let outcome = try runner.run(&sampler, evaluate: try shardEvaluator(search: "regime-\(r)", context: context))
            let records = outcome.records
            stopped = stopped || outcome.stopped
            warnings += outcome.warnings
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
        var artifacts = try outputs(records: all, planned: all.count, skipped: 0, requested: context.requestedOutputs.filter { Self.outputKind($0) != nil && !Self.regimeOutputs.contains($0) },
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
        var result = PhaseResult(artifacts: artifacts, warnings: warnings + (stopped ? ["time budget spent; results are partial"] : []),
                                 partial: stopped)
        result.seen = context.data.range(segment)
        return result
    }

    static let regimeOutputs: Set<String> = ["regime_optimized_strategies", "regime_switching_rules"]
}

extension OptimizationPhase: ShardableSearch {
    /// `main`: the phase's own search over its data segment; `regime-R`: the search of regime R
    /// of `group_by_regime`, scored on that regime's bars only; `ensemble`: the weight search
    /// of an ensemble optimisation; `ml`: the model search over a features input.
    public func shardEvaluator(search key: String, context: PhaseContext) throws -> @Sendable (TrialSpec) -> TrialRecord {
        if key == "main" {
            return trialEvaluator(context, bars: context.data.bars(segment), mask: nil, stream: name)
        }
        if key.hasPrefix("regime-"), let r = Int(key.dropFirst("regime-".count)) {
            return trialEvaluator(context, bars: context.data.bars(segment), mask: try regimeMask(context, regime: r),
                                  stream: "\(name)/regime/\(r)")
        }
        if key == "ensemble" { return try ensembleEvaluator(context) }
        if key == "ml", let learning { return learningEvaluator(try learningSet(context, learning), seed: context.seed) }
        throw WorkflowError(phase: name, "no search '\(key)' to run in a worker")
    }

    /// Which of the segment's returns belong to regime `r`: `returns[i]` runs from bar i to i+1
    /// and is decided at bar i, so it counts for the regime labelled at bar i — the label known
    /// when the position is taken.
    func regimeMask(_ context: PhaseContext, regime r: Int) throws -> [Bool] {
        guard let input = context.inputs(of: .regimeLabels).first else {
            throw WorkflowError(phase: name, "group_by_regime needs a regime_classifications input")
        }
        let names = input.artifact.value["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let labels = input.artifact.value["labels"]?.arrayValue?.map { $0.doubleValue.flatMap { $0.isFinite ? Int($0) : nil } } ?? []
        guard labels.count == context.data.full[0].count, !names.isEmpty else {
            throw WorkflowError(phase: name, "the regime labels do not cover this workflow's bars (\(labels.count) labels, \(context.data.full[0].count) bars)")
        }
        let offset = segment == .test ? context.data.splitIndex : 0
        let n = context.data.bars(segment)[0].count
        return (0..<max(0, n - 1)).map { labels[offset + $0] == r }
    }
}
