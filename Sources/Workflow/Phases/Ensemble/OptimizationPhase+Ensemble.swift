import Backtest
import Ensembles
import Indicators
import Market
import Metrics
import Optimization
import Reports
import Signals
import Store
import Strategies

extension OptimizationPhase {
    static let ensembleOutputs: Set<String> = ["optimal_ensemble_weights", "ensemble_performance_metrics", "weight_stability_analysis"]

    /// The captured signals, the member signal source (replayed or recomputed) and the regime
    /// context over this phase's segment.
    struct EnsembleInputs: Sendable {
        var captured: CapturedSignals
        var reference: String
        var bars: [BarSeries]
        var symbols: [String]
        var source: any MemberSignalSource
        var regimes: EnsembleRegimes?
        var hasProbabilities: Bool
    }

    func ensembleInputs(_ context: PhaseContext, config: EnsembleSearchConfig) throws -> EnsembleInputs {
        if let input = context.inputs(of: .signalSet).first { return try signalSetInputs(context, input: input) }
        guard let input = context.inputs(of: .capturedSignals).first else {
            throw WorkflowError(phase: name, "an ensemble search needs a compressed_signals input")
        }
        let captured = try CapturedSignals(json: input.artifact.value)
        let captureRange = context.data.range(captured.segment), range = context.data.range(segment)
        guard range.lowerBound >= captureRange.lowerBound, range.upperBound <= captureRange.upperBound else {
            throw WorkflowError(phase: name, "the captured signals cover the \(captured.segment.rawValue) split, which does not contain this phase's \(segment.rawValue) split; capture with data_split: full")
        }
        let local = (range.lowerBound - captureRange.lowerBound)..<(range.upperBound - captureRange.lowerBound)
        let captureBars = context.data.bars(captured.segment)
        let symbols = captureBars.map(\.symbol)
        let store = DirectorySignalStore(root: context.signalDirectory)
        let source: any MemberSignalSource
        if config.replay {
            source = try ReplayedSignals.load(captured, store: store, symbols: symbols, timestamps: captureBars[0].timestamps, range: local)
        } else {
            source = RecomputedSignals(
                members: captured.members.map { StrategySelection(strategy: $0.strategy, parameters: $0.parameters) },
                bars: captureBars, symbols: symbols, range: local, evaluator: StrategyEvaluator(config: .init(), cache: IndicatorCache()))
        }
        var regimes: EnsembleRegimes?
        var hasProbabilities = false
        if let context = captured.regimeContext {
            guard let key = SignalKey(hex: context.key), let frame = try store.get(key),
                  case .int64(let labels)? = frame["regime"]?.values, let probabilities = frame.doubles("regime_probability"),
                  labels.count == captureBars[0].count else {
                throw WorkflowError(phase: name, "the captured regime context of \(input.reference.text) is missing or damaged; rerun the capture phase")
            }
            regimes = EnsembleRegimes(labels: Array(labels[local]), probabilities: Array(probabilities[local]),
                                      memberRegimes: captured.members.map { member in member.regime.flatMap { context.names.firstIndex(of: $0) } })
            hasProbabilities = context.probabilities
        }
        if config.threshold != nil, !hasProbabilities {
            throw WorkflowError(phase: name, regimes == nil
                ? "regime_confidence_threshold needs signals captured with include_regime_context: true"
                : "regime_confidence_threshold needs regime probabilities, which only HMM labels carry; make hmm the first regime method")
        }
        return EnsembleInputs(captured: captured, reference: input.reference.text, bars: context.data.bars(segment),
                              symbols: symbols, source: source, regimes: regimes, hasProbabilities: hasProbabilities)
    }

    /// Members from a `signal_set` input (e.g. transformed signals): each distinct strategy and
    /// parameter set is a member, its values per symbol as given, aligned to the data's dates.
    func signalSetInputs(_ context: PhaseContext, input: PhaseInput) throws -> EnsembleInputs {
        let (dates, series) = try SignalSetCodec.decode(input.artifact.value)
        let n = context.data.full.first?.count ?? 0
        guard let first = dates.first, let start = (0..<n).first(where: { context.data.date($0) == first }),
              start + dates.count <= n, dates.indices.allSatisfy({ context.data.date(start + $0) == dates[$0] }) else {
            throw WorkflowError(phase: name, "the signals of \(input.reference.text) are not dated on this workflow's bars")
        }
        let range = context.data.range(segment)
        guard range.lowerBound >= start, range.upperBound <= start + dates.count else {
            throw WorkflowError(phase: name, "the signals of \(input.reference.text) cover \(first) … \(dates.last ?? first), which does not contain this phase's \(segment.rawValue) split")
        }
        let local = (range.lowerBound - start)..<(range.upperBound - start)
        let symbols = context.data.full.map(\.symbol)
        var members: [CapturedSignals.Member] = []
        var values: [[[Double]?]] = []
        for entry in series {
            var k = members.firstIndex { $0.strategy == entry.strategy && $0.parameters == entry.parameters }
            if k == nil {
                members.append(CapturedSignals.Member(id: "m\(members.count)", strategy: entry.strategy, parameters: entry.parameters,
                                                      regime: nil, symbols: [], keys: [], encodedBytes: 0, denseBytes: 0))
                values.append([[Double]?](repeating: nil, count: symbols.count))
                k = members.count - 1
            }
            guard let k, let j = symbols.firstIndex(of: entry.symbol) else { continue }
            members[k].symbols.append(entry.symbol)
            values[k][j] = Array(entry.values[local])
        }
        let view = CapturedSignals(codeVersion: "", segment: segment, bars: local.count, from: context.data.date(range.lowerBound),
                                   to: context.data.date(range.upperBound - 1), compressed: false, members: members, regimeContext: nil)
        return EnsembleInputs(captured: view, reference: input.reference.text, bars: context.data.bars(segment), symbols: symbols,
                              source: GivenSignals(values: values), regimes: nil, hasProbabilities: false)
    }

    /// The ensemble-weight search (see ``EnsembleSearchConfig``).
    func runEnsemble(_ context: PhaseContext, config: EnsembleSearchConfig) throws -> PhaseResult {
        let (inputs, evaluator) = try ensembleSearch(context, config: config)
        var sampler = config.sampler(members: inputs.captured.members.map(\.id), seed: context.seed, stream: "\(name)/ensemble")
        var runner = SearchRunner(phase: name, context: context, objective: config.objective)
        runner.search = "ensemble"
        let outcome = try runner.run(&sampler, evaluate: { evaluator.record($0) })
        var warnings = outcome.warnings
        if outcome.stopped {
            let message = "time budget spent after \(outcome.records.count) trials"
            guard context.acceptPartialResults else { throw WorkflowError(phase: name, message) }
            warnings.append(message + "; results are partial")
        }
        let trials = outcome.records.compactMap(EnsembleTrial.init(record:))
        let ranked = config.objective.rank(trials.filter { $0.objective.isFinite }, value: \.objective, index: \.index)
        guard let best = ranked.first else {
            throw WorkflowError(phase: name, "no ensemble trial succeeded (\(outcome.records.first.map { $0.metrics } ?? "no trials"))")
        }
        let artifacts = try ensembleArtifacts(context, inputs: inputs, config: config, evaluator: evaluator, trials: trials,
                                              ranked: ranked, best: best, planned: outcome.planned)
        var result = PhaseResult(artifacts: artifacts, warnings: warnings, partial: outcome.stopped)
        result.workersUsed = outcome.workers
        result.seen = context.data.range(segment)
        return result
    }

    /// The weight search's trial evaluator, as the coordinator and worker processes build it.
    func ensembleEvaluator(_ context: PhaseContext) throws -> @Sendable (TrialSpec) -> TrialRecord {
        guard let ensemble else { throw WorkflowError(phase: name, "no ensemble search in this phase") }
        let evaluator = try ensembleSearch(context, config: ensemble).evaluator
        return { evaluator.record($0) }
    }

    /// The search's inputs and its trial evaluator: members and their signals, correlations
    /// for `max_correlation`, the backtest settings.
    func ensembleSearch(_ context: PhaseContext, config: EnsembleSearchConfig) throws -> (inputs: EnsembleInputs, evaluator: EnsembleTrialEvaluator) {
        let inputs = try ensembleInputs(context, config: config)
        if config.threshold != nil, inputs.regimes == nil {
            throw WorkflowError(phase: name, "regime_confidence_threshold needs signals captured with include_regime_context: true")
        }
        let members = inputs.captured.members
        guard !members.isEmpty else { throw WorkflowError(phase: name, "the captured signals hold no members") }
        let correlation: [[Double]]?
        if config.constraints.maxCorrelation != nil {
            correlation = EnsembleCombiner.correlation(try members.indices.map { try inputs.source.signals(member: $0) }, bars: inputs.bars)
        } else {
            correlation = nil
        }
        let feasibleCount = members.count
        guard Double(feasibleCount) * config.constraints.maxWeight >= config.constraints.sum * (1 - 1e-12) else {
            throw WorkflowError(phase: name, "\(feasibleCount) members at max_weight \(config.constraints.maxWeight) cannot reach sum_weights \(config.constraints.sum); raise max_weight or capture more members")
        }
        var backtest = self.backtest
        backtest.periodsPerYear = context.data.periodsPerYear
        backtest.detail = .summary
        let evaluator = EnsembleTrialEvaluator(inputs: inputs, config: config, correlation: correlation, backtest: backtest,
                                               objective: config.objective)
        return (inputs, evaluator)
    }

    private func ensembleArtifacts(_ context: PhaseContext, inputs: EnsembleInputs, config: EnsembleSearchConfig,
                                   evaluator: EnsembleTrialEvaluator, trials: [EnsembleTrial], ranked: [EnsembleTrial],
                                   best: EnsembleTrial, planned: Int) throws -> [Artifact] {
        let members = inputs.captured.members
        var artifacts: [Artifact] = []
        for output in context.requestedOutputs {
            switch output {
            case "optimal_ensemble_weights", "ensemble_weights":
                var weights = EnsembleWeights(
                    method: "weighted_average", signalsFrom: inputs.reference, segment: segment.rawValue,
                    objective: config.objective.rawValue, objectiveValue: best.objective, trial: best.index,
                    members: zip(members, best.weights).map { EnsembleWeights.Member(member: $0.0, weight: $0.1) },
                    confidenceThreshold: best.threshold, rebalanceEvery: best.rebalance, constraints: config.constraints,
                    replayed: config.replay)
                weights.search = config.json
                artifacts.append(Artifact(name: output, kind: .ensembleWeights, value: weights.json))
            case "ensemble_performance_metrics":
                var rows: [(String, JSONValue)] = [("ensemble", best.metrics)]
                let equal = EnsembleRule(weights: [Double](repeating: config.constraints.sum / Double(members.count), count: members.count),
                                         confidenceThreshold: best.threshold, rebalanceEvery: best.rebalance)
                rows.append(("equal_weight", MetricsJSON.summary(try evaluator.run(equal).summary)))
                let bestRule = EnsembleRule(weights: best.weights, confidenceThreshold: best.threshold, rebalanceEvery: best.rebalance)
                rows.append(("members", .array(try members.indices.map { i in
                    var weights = [Double](repeating: 0, count: members.count)
                    weights[i] = 1
                    let alone = try evaluator.run(EnsembleRule(weights: weights, confidenceThreshold: nil, rebalanceEvery: 1))
                    // marginal contribution: the best ensemble's objective minus the same ensemble with this member's weight in cash
                    var without = bestRule
                    without.weights[i] = 0
                    let objectiveWithout = config.objective.value(try evaluator.run(without).summary)
                    return .object([("member", .string(members[i].id)), ("weight", .number(best.weights[i])),
                                    ("contribution", .number(best.objective - objectiveWithout)),
                                    ("objective_without", .number(objectiveWithout)), ("label", .string(members[i].label)),
                                    ("metrics", MetricsJSON.summary(alone.summary))])
                })))
                rows.append(("contribution_rule", .string("contribution = the ensemble's objective minus its objective with the member's weight held in cash")))
                rows.append(("segment", .string(segment.rawValue)))
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object(rows)))
            case "weight_stability_analysis":
                let top = Array(ranked.prefix(max(10, ranked.count / 10)))
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object([
                    ("basis", .string("weights of the best \(top.count) of \(ranked.count) successful trials (the top decile, at least 10)")),
                    ("members", .array(members.indices.map { i in
                        let values = top.map { $0.weights[i] }
                        let mean = SampleMoments.mean(values), sd = SampleMoments.standardDeviation(values)
                        return .object([("member", .string(members[i].id)),
                                        ("best", .number(best.weights[i])), ("mean", .number(mean)),
                                        ("std", .number(sd)),
                                        ("min", .number(values.min() ?? .nan)), ("max", .number(values.max() ?? .nan)),
                                        ("held_share", .number(Double(values.filter { $0 > 0 }.count) / Double(values.count))),
                                        ("label", .string(members[i].label))])
                    })),
                ])))
            case "optimization_history":
                artifacts.append(Artifact(name: output, kind: .table, value: .object([
                    ("columns", .array((["trial", "objective"] + members.map { "weight_\($0.id)" } + ["regime_confidence_threshold", "rebalance_frequency"]).map { .string($0) })),
                    ("rows", .array(trials.map { trial in
                        .array([.integer(trial.index), .number(trial.objective)] + trial.weights.map { .number($0) }
                               + [trial.threshold.map { .number($0) } ?? .null, .integer(trial.rebalance)])
                    })),
                ])))
            case "optimization_results":
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object([
                    ("method", .string(config.method.rawValue)), ("signal_replay", .bool(config.replay)),
                    ("objective", .string(config.objective.rawValue)), ("members", .integer(members.count)),
                    ("trials_planned", .integer(planned)), ("trials_evaluated", .integer(trials.count)),
                    ("trials_failed", .integer(trials.filter { !$0.objective.isFinite }.count)),
                    ("best", .object([("trial", .integer(best.index)), ("objective_value", .number(best.objective))])),
                ])))
            default:
                continue
            }
        }
        return artifacts
    }
}

/// One ensemble trial as stored: the constrained weights actually evaluated.
struct EnsembleTrial {
    var index: Int
    var objective: Double
    var weights: [Double]
    var threshold: Double?
    var rebalance: Int
    var metrics: JSONValue

    init?(record: TrialRecord) {
        guard let parameters = try? JSONValue.parse(record.parameters),
              let weights = parameters["weights"]?.arrayValue?.map({ $0.doubleValue ?? .nan }) else { return nil }
        index = record.index
        objective = record.status == "ok" ? record.objective : .nan
        self.weights = weights
        threshold = parameters["regime_confidence_threshold"]?.finiteNumber
        rebalance = parameters["rebalance_frequency"]?.wholeNumber ?? 1
        metrics = (try? JSONValue.parse(record.metrics)) ?? .null
    }
}

/// Turns a proposed raw vector into constrained weights, the ensemble's signals and a backtest.
struct EnsembleTrialEvaluator: Sendable {
    let inputs: OptimizationPhase.EnsembleInputs
    let config: EnsembleSearchConfig
    let correlation: [[Double]]?
    let backtest: BacktestConfig
    let objective: Objective

    func rule(_ trial: TrialSpec) throws -> EnsembleRule {
        let raw = inputs.captured.members.map { trial.parameters["weight_\($0.id)"] ?? 0 }
        let weights = try ConstrainedWeights.project(raw, constraints: config.constraints, correlation: correlation)
        return EnsembleRule(weights: weights, confidenceThreshold: config.threshold == nil ? nil : trial.parameters["regime_confidence_threshold"],
                            rebalanceEvery: wholeNumber(trial.parameters["rebalance_frequency"]) ?? 1)
    }

    func run(_ rule: EnsembleRule) throws -> BacktestResult {
        let members = try inputs.captured.members.indices.map { try inputs.source.signals(member: $0) }
        let signals = EnsembleCombiner.combine(members, symbols: inputs.symbols, timestamps: inputs.bars[0].timestamps,
                                               rule: rule, regimes: inputs.regimes)
        return try BacktestEngine(config: backtest).run(bars: inputs.bars, signals: signals)
    }

    func record(_ trial: TrialSpec) -> TrialRecord {
        var rule: EnsembleRule?
        do {
            let made = try self.rule(trial)
            rule = made
            let result = try run(made)
            return TrialRecord(index: trial.index, parameters: Self.parameters(trial, made).serialized(),
                               objective: objective.value(result.summary), metrics: MetricsJSON.summary(result.summary).serialized())
        } catch {
            return TrialRecord(index: trial.index, parameters: rule.map { Self.parameters(trial, $0).serialized() } ?? "{}",
                               objective: .nan, metrics: JSONValue.object([("error", .string("\(error)"))]).serialized(), status: "failed")
        }
    }

    static func parameters(_ trial: TrialSpec, _ rule: EnsembleRule) -> JSONValue {
        .object([
            ("strategy", .string("ensemble")),
            ("weights", .array(rule.weights.map { .number($0) })),
            ("regime_confidence_threshold", rule.confidenceThreshold.map { .number($0) } ?? .null),
            ("rebalance_frequency", .integer(rule.rebalanceEvery)),
            ("raw", .object(trial.parameters.sortedPairs.map { ($0.name, .number($0.value)) })),
        ])
    }
}
