import Backtest
import Indicators
import Market
import Metrics
import Optimization
import Reports
import Signals
import Store
import Strategies

extension WalkForwardPhase {
    /// Walk-forward over ensemble weights (an `ensemble_weights` input from a weight search):
    /// in every window the same search (method, ranges, constraints — recorded with the
    /// weights) runs again on the window's training bars, and the best weights trade the test
    /// bars. The members stay those of the input; their signals come from the captured signal
    /// store (or are recomputed when the weights did not come from captured signals).
    ///
    /// Window records name `strategy: "ensemble"` with the weights (`weight_m0`, …), the
    /// confidence threshold and the rebalancing period as its parameters, so
    /// `parameter_evolution` and `parameter_stability` describe how the weights move;
    /// `ensemble_weight_stability` summarises them per member, and
    /// `regime_adaptation_effectiveness` splits the stitched out-of-sample returns by the causal
    /// regime label of the bar each position was taken at, against an equal-weight ensemble of
    /// the same members over the same bars.
    func runEnsemble(_ context: PhaseContext, input: PhaseInput) throws -> PhaseResult {
        let weights = try EnsembleWeights(json: input.artifact.value)
        guard let searchJSON = weights.search else { return try runEnsembleMethod(context, input: input, weights: weights) }
        let search = try EnsembleSearchConfig(json: searchJSON, constraints: weights.constraints, replay: weights.replayed)
        var context = context
        let shared = try EnsembleWindowSearch(phase: self, context: &context, input: input, weights: weights, search: search)
        let plan = try plannedWindows(context, inputs: "the input weights' members were chosen on")
        let members = shared.members
        let ids = members.map(\.id)
        let done = Set(try context.store.trials(run: context.runID, phase: name).map(\.index))
        for window in plan where !done.contains(window.index) {
            try Interruption.check()
            let (trainInputs, correlation, evaluator) = try shared.training(window.trainRange)
            var sampler = search.sampler(members: ids, seed: context.seed, stream: "\(name)/window/\(window.index)/ensemble")
            var runner = SearchRunner(phase: name, context: context, objective: objective, nested: true)
            runner.search = "window-\(window.index)"
            let outcome = try runner.run(&sampler, evaluate: { evaluator.record($0) })
            let trials = outcome.records.compactMap(EnsembleTrial.init(record:))
            guard let best = objective.rank(trials.filter { $0.objective.isFinite }, value: \.objective, index: \.index).first else {
                throw WorkflowError(phase: name, "window \(window.index): no ensemble weights could be evaluated on its training bars")
            }
            let rule = EnsembleRule(weights: best.weights, confidenceThreshold: best.threshold, rebalanceEvery: best.rebalance)
            var fullConfig = shared.backtest
            fullConfig.detail = .full
            let inSample = try EnsembleTrialEvaluator(inputs: trainInputs, config: search, correlation: correlation, backtest: fullConfig,
                                                      objective: objective).run(rule)
            let testEvaluator = EnsembleTrialEvaluator(inputs: try shared.inputs(window.testRange), config: search, correlation: correlation,
                                                       backtest: fullConfig, objective: objective)
            let outOfSample = try testEvaluator.run(rule)
            let equal = try testEvaluator.run(EnsembleRule(
                weights: [Double](repeating: search.constraints.sum / Double(members.count), count: members.count),
                confidenceThreshold: best.threshold, rebalanceEvery: best.rebalance))
            let sample = try context.sampleLabel(evaluating: window.testRange, allowInSample: allowInSample, what: "window \(window.index)")
            var parametersJSON: [(String, JSONValue)] = zip(ids, best.weights).map { ("weight_\($0)", .number($1)) }
            if let threshold = best.threshold { parametersJSON.append(("regime_confidence_threshold", .number(threshold))) }
            parametersJSON.append(("rebalance_frequency", .integer(best.rebalance)))
            try saveWindow(window, context: context, sample: sample, candidates: trials.count, parameters: parametersJSON,
                           inSampleObjective: best.objective, inSample: inSample, outOfSample: outOfSample,
                           extra: [("equal_weight_out_of_sample_returns", .array(equal.returns.map { .number($0) }))])
            context.progress.trials(name: name, done: window.index + 1, total: plan.count, bestObjective: best.objective,
                                    objective: objective.rawValue)
        }
        return try finishEnsemble(context, plan: plan, members: members, regimes: shared.regimes)
    }

    /// `window-W` of a walk-forward over searched ensemble weights, in a worker: the trial
    /// evaluator of window W's weight search on its training bars.
    func ensembleWindowEvaluator(_ key: String, index: Int, context: PhaseContext, input: PhaseInput) throws
        -> @Sendable (TrialSpec) -> TrialRecord {
        let weights = try EnsembleWeights(json: input.artifact.value)
        guard let searchJSON = weights.search else {
            throw WorkflowError(phase: name, "no search '\(key)' to run in a worker: the input ensemble was built by a method, not searched")
        }
        var context = context
        let shared = try EnsembleWindowSearch(
            phase: self, context: &context, input: input, weights: weights,
            search: try EnsembleSearchConfig(json: searchJSON, constraints: weights.constraints, replay: weights.replayed))
        guard let window = try plannedWindows(context, inputs: "the input weights' members were chosen on").first(where: { $0.index == index }) else {
            throw WorkflowError(phase: name, "no search '\(key)' to run in a worker")
        }
        let evaluator = try shared.training(window.trainRange).evaluator
        return { evaluator.record($0) }
    }

    /// Walk-forward over an ensemble built by a method (an `ensemble_optimization` phase's
    /// weights): in every window the same method and settings are fitted on the training bars
    /// and trade the test bars (``EnsembleConstruction/walkForward``).
    func runEnsembleMethod(_ context: PhaseContext, input: PhaseInput, weights: EnsembleWeights) throws -> PhaseResult {
        guard let method = EnsembleMethod(rawValue: weights.method) else {
            throw WorkflowError(phase: name, "the input ensemble has an unknown method '\(weights.method)'")
        }
        let noted = weights.notes.first { $0.0 == "settings" }?.1
        var settings = EnsembleSettings(constraints: weights.constraints)
        settings.adaptiveWeighting = noted?["adaptive_weighting"]?.boolValue ?? false
        settings.adaptiveLookback = noted?["adaptive_lookback"]?.wholeNumber ?? 63
        settings.marketConditionAwareness = noted?["market_condition_awareness"]?.boolValue ?? false
        settings.folds = noted?["folds"]?.wholeNumber ?? 5
        settings.embargo = noted?["embargo"]?.wholeNumber ?? 5
        let bars = context.data.full
        let plan = try plannedWindows(context, inputs: "the ensemble's members were chosen on")
        let members = weights.members
        let signals = try RecomputedSignals.rows(members.map { StrategySelection(strategy: $0.strategy, parameters: $0.parameters) },
                                                 bars: bars, evaluator: StrategyEvaluator(config: .init(), cache: IndicatorCache()))
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        config.detail = .full
        let names = members.map(\.strategy)
        let done = Set(try context.store.trials(run: context.runID, phase: name).map(\.index))
        for window in plan where !done.contains(window.index) {
            try Interruption.check()
            let fitted = try EnsembleConstruction.build(method, members: signals.map { $0.map { $0.map { Array($0[window.trainRange]) } } },
                                                        names: names, bars: bars.map { $0.slice(window.trainRange) }, settings: settings)
            let inSample = try BacktestEngine(config: config).run(bars: bars.map { $0.slice(window.trainRange) }, signals: fitted.signals)
            let (testWeights, testSignals) = try EnsembleConstruction.walkForward(
                method, signals: signals, names: names, bars: bars, settings: settings, train: window.trainRange, test: window.testRange)
            let outOfSample = try BacktestEngine(config: config).run(bars: bars.map { $0.slice(window.testRange) }, signals: testSignals)
            let sample = try context.sampleLabel(evaluating: window.testRange, allowInSample: allowInSample, what: "window \(window.index)")
            let parametersJSON: [(String, JSONValue)] = zip(members, testWeights).map { ("weight_\($0.id)", .number($1)) }
            try saveWindow(window, context: context, sample: sample, candidates: 1, parameters: parametersJSON,
                           inSampleObjective: objective.value(inSample.summary), inSample: inSample, outOfSample: outOfSample,
                           extra: [("method", .string(method.rawValue))])
            context.progress.trials(name: name, done: window.index + 1, total: plan.count, bestObjective: objective.value(inSample.summary),
                                    objective: objective.rawValue)
        }
        return try finishEnsemble(context, plan: plan, members: members, regimes: nil)
    }

    /// The outputs of an ensemble walk-forward from its stored windows.
    func finishEnsemble(_ context: PhaseContext, plan: [Window], members: [EnsembleWeights.Member],
                        regimes: EnsembleRegimes?) throws -> PhaseResult {
        let records = try context.store.trials(run: context.runID, phase: name).map { try JSONValue.parse($0.metrics) }
        guard !records.isEmpty else { throw WorkflowError(phase: name, "no window was completed") }
        var artifacts = try outputs(records.map(Self.withoutEqualWeight), context: context)
        let stability = Self.weightStability(records, members: members)
        let adaptation = Self.regimeAdaptation(records, regimes: regimes, plan: plan, context: context)
        for output in context.requestedOutputs {
            switch output {
            case "ensemble_weight_stability":
                artifacts.append(Artifact(name: output, kind: .metrics, value: stability))
            case "regime_adaptation_effectiveness", "regime_performance_validation":
                artifacts.append(Artifact(name: output, kind: .metrics, value: adaptation))
            default:
                continue
            }
        }
        artifacts = try withValidation(artifacts, records: records, stability: stability, adaptation: adaptation, context: context)
        var result = PhaseResult(artifacts: artifacts)
        let completed = plan.prefix(records.count)
        result.seen = (completed.first?.trainRange.lowerBound ?? 0)..<(completed.last?.testRange.upperBound ?? (context.data.full.first?.count ?? 0))
        let label = records.allSatisfy { $0["sample"]?.stringValue == "out_of_sample" } ? "out_of_sample" : "in_sample"
        for artifact in artifacts { result.sampleByOutput[artifact.name] = label }
        return result
    }

    /// Stores one finished ensemble window (its record, in the layout of the strategy windows).
    func saveWindow(_ window: Window, context: PhaseContext, sample: String, candidates: Int, parameters: [(String, JSONValue)],
                    inSampleObjective: Double, inSample: BacktestResult, outOfSample: BacktestResult,
                    extra: [(String, JSONValue)]) throws {
        let (last, average) = RiskSeries.weights(outOfSample)
        try storeWindow(window, context: context, sample: sample, candidates: candidates, strategy: "ensemble",
                        parameters: .object(parameters), inSampleObjective: inSampleObjective, candidateObjectives: [],
                        inSample: inSample, outOfSample: outOfSample, extra: [
                            ("positions", .object([("last", .object(last.map { ($0.0, .number($0.1)) })),
                                                   ("average", .object(average.map { ($0.0, .number($0.1)) }))])),
                        ] + extra)
    }

    /// `walk_forward_results` with the listed validation metrics added under `validation`.
    func withValidation(_ artifacts: [Artifact], records: [JSONValue], stability: JSONValue, adaptation: JSONValue,
                        context: PhaseContext) throws -> [Artifact] {
        var validation: [(String, JSONValue)] = []
        for metric in metrics {
            switch metric {
            case .ensembleWeightStability: validation.append((metric.rawValue, stability))
            case .regimeAdaptationEffectiveness: validation.append((metric.rawValue, adaptation))
            case .performanceConsistency, .parameterStability:
                if let artifact = try outputs(records.map(Self.withoutEqualWeight), context: context, only: metric.rawValue) {
                    validation.append((metric.rawValue, artifact))
                }
            }
        }
        return artifacts.map { artifact in
            guard artifact.name == "walk_forward_results" || artifact.name == "results", case .object(let pairs) = artifact.value else { return artifact }
            return Artifact(name: artifact.name, kind: artifact.kind, value: .object(pairs + [("validation", .object(validation))]))
        }
    }

    static func withoutEqualWeight(_ window: JSONValue) -> JSONValue {
        .object((window.objectValue ?? []).filter { $0.0 != "equal_weight_out_of_sample_returns" })
    }

    /// Per member: the weight in each window, its mean, standard deviation, range and the share
    /// of windows it was held in.
    static func weightStability(_ windows: [JSONValue], members: [EnsembleWeights.Member]) -> JSONValue {
        .object([
            ("windows", .integer(windows.count)),
            ("members", .array(members.map { member in
                let values = windows.map { $0["parameters"]?["weight_\(member.id)"]?.doubleValue ?? .nan }
                let finite = values.filter(\.isFinite)
                let mean = SampleMoments.mean(values), sd = SampleMoments.standardDeviation(values)
                return .object([
                    ("member", .string(member.id)), ("label", .string(member.label)), ("input_weight", .number(member.weight)),
                    ("by_window", .array(values.map { .number($0) })), ("mean", .number(mean)), ("std", .number(sd)),
                    ("min", .number(finite.min() ?? .nan)), ("max", .number(finite.max() ?? .nan)),
                    ("held_share", .number(finite.isEmpty ? .nan : Double(finite.filter { $0 > 0 }.count) / Double(finite.count))),
                ])
            })),
        ])
    }

    /// The stitched out-of-sample returns split by the causal regime label at the bar each
    /// position was taken (bar t − 1 for the return into t), against the equal-weight ensemble.
    static func regimeAdaptation(_ windows: [JSONValue], regimes: EnsembleRegimes?, plan: [Window], context: PhaseContext) -> JSONValue {
        guard let regimes else {
            return .object([("available", .bool(false)), ("reason", .string("the members' signals carry no regime context"))])
        }
        var byRegime: [Int64: (ensemble: [Double], equal: [Double])] = [:]
        let step = plan.count > 1 ? plan[1].testRange.lowerBound - plan[0].testRange.lowerBound : Int.max
        for (k, window) in windows.enumerated() where k < plan.count {
            let returns = window["out_of_sample_returns"]?.arrayValue?.map { $0.doubleValue ?? .nan } ?? []
            let equal = window["equal_weight_out_of_sample_returns"]?.arrayValue?.map { $0.doubleValue ?? .nan } ?? []
            let start = plan[k].testRange.lowerBound
            // overlapping windows: each contributes its first `step` bars, as the stitched curve
            for i in 0..<min(returns.count, equal.count, k == windows.count - 1 ? Int.max : step) {
                let t = start + i  // return i is earned into bar start + i + 1 from the position at bar start + i
                guard t < regimes.labels.count else { continue }
                let label = regimes.labels[t]
                byRegime[label, default: ([], [])].ensemble.append(returns[i])
                byRegime[label, default: ([], [])].equal.append(equal[i])
            }
        }
        let ppy = context.data.periodsPerYear
        return .object([
            ("available", .bool(true)),
            ("rule", .string("stitched out-of-sample returns grouped by the causal regime label at the bar the position was taken; label −1: not yet labelled")),
            ("regimes", .array(byRegime.keys.sorted().map { label in
                let groups = byRegime[label] ?? ([], [])
                let ensemble = PerformanceSummary(returns: groups.ensemble, periodsPerYear: ppy)
                let equal = PerformanceSummary(returns: groups.equal, periodsPerYear: ppy)
                return .object([
                    ("regime", .integer(Int(label))), ("bars", .integer(groups.ensemble.count)),
                    ("ensemble_sharpe", .number(ensemble.sharpeRatio)), ("equal_weight_sharpe", .number(equal.sharpeRatio)),
                    ("ensemble_mean_return", .number(groups.ensemble.isEmpty ? .nan : groups.ensemble.reduce(0, +) / Double(groups.ensemble.count))),
                    ("equal_weight_mean_return", .number(groups.equal.isEmpty ? .nan : groups.equal.reduce(0, +) / Double(groups.equal.count))),
                    ("sharpe_advantage", .number(ensemble.sharpeRatio - equal.sharpeRatio)),
                ])
            })),
        ])
    }
}
