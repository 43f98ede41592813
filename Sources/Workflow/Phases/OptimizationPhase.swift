import Backtest
import Foundation
import Indicators
import Market
import Metrics
import Optimization
import Reports
import Store
import Strategies

/// `type: optimization` — search strategy parameters by grid or random search.
///
/// ```yaml
/// - name: parameter_optimization
///   type: optimization
///   config:
///     strategies:
///       - type: momentum
///         optimization_target: true        # false: evaluated once at its fixed parameters
///         parameters: {signal_threshold: 0.02}   # fixed (not searched)
///     optimization:
///       method: grid                       # grid: value lists; random: [low, high] ranges
///       parameters:
///         fast_period: [5, 10, 15, 20]
///         slow_period: [20, 30, 40, 50]
///       objective: sharpe_ratio            # sortino_ratio, calmar_ratio, total_return, cagr, max_drawdown, profit_factor, win_rate
///       n_trials: 500                      # random only
///     # without an optimization block: random search, 100 trials, every declared range, sharpe_ratio
///     data_split: train                    # default train
///     include_transaction_costs: false
///   outputs: [best_parameters, top_10_parameter_sets, optimization_history]
/// ```
///
/// Each trial backtests one parameter set on the phase's data segment (fills at the
/// next open). Trials that break a strategy's constraints (`fast_period <
/// slow_period`) are skipped and counted. Trials are evaluated in batches on
/// `max_workers` threads and every batch is checkpointed in the run store, so a
/// killed run resumes after the last completed batch with identical results.
///
/// Outputs: `best_parameters`, `top_N_parameter_sets` / `top_N_strategies` (the N
/// best trials), `best_strategies` (best trial per strategy), `selected_strategies`
/// (top 10), `optimization_history` (every trial), `optimization_results` (a summary),
/// `parameter_importance` (η² of the objective per parameter),
/// `performance_distribution` (quantiles of objective, Sharpe, return and drawdown, and a 20-bin histogram of the objective).
///
/// **Machine-learning models.** With a `feature_engineering` phase's `features` as its input and
/// models as its `strategies` — `logistic_regression` (`c`), `gradient_boosting` (`estimators`,
/// `learning_rate`, `max_depth`), `mlp` (`hidden_units`, `alpha`); the specification's
/// `sklearn_model` stands for `logistic_regression` and `tensorflow_model` for `mlp` (a small
/// dense network, as a Keras default) — each trial is (model, hyperparameters), searched with the
/// same `optimization` syntax (default: random search, ``MLSearchConfig/defaultTrials`` trials
/// over the ranges of ``MLModel``). A trial is scored on the phase's segment by purged K-fold
/// cross-validation (`cv_folds`, default 5; `embargo_bars`, default 5; the purge covers the
/// label's window, see ``LabelRule``); the out-of-fold probabilities become positions (long
/// above ½, short below — flat when shorting is not allowed — flat at ½) backtested with the
/// phase's costs, and the objective is taken on that backtest. Outputs: `best_models` (the
/// `top_models`, default 3, best trials; see ``runLearning(_:_:)``), `optimization_history`,
/// `optimization_results`, `parameter_importance`, `performance_distribution`; parameter-set
/// outputs are refused (they describe strategies). The models have seen the segment's bars.
public struct OptimizationPhase: WorkflowPhase {
    public static let typeName = "optimization"
    public static let defaultOutputs = ["best_parameters", "top_10_parameter_sets", "optimization_history"]
    public static let outputNames = [
        "best_parameters", "top_N_parameter_sets", "top_N_strategies", "best_strategies", "selected_strategies",
        "optimization_history", "optimization_results", "parameter_importance", "performance_distribution",
        "regime_optimized_strategies", "regime_switching_rules", "overfitting_statistics",
        "optimal_ensemble_weights", "ensemble_performance_metrics", "weight_stability_analysis", "ensemble_weights",
        "best_models",
    ]

    /// An alias such as `strategy_a_results` stands for the ten best parameter sets.
    public static let primaryOutput = "selected_strategies"

    /// An ensemble search (captured or transformed signals as input) produces its weights by default.
    /// …and one with `input_processing` its weighted ensemble of the inputs.
    public static func defaultOutputs(inputKinds: [ArtifactKind], method: String?, config: ConfigNode?) -> [String] {
        if config?.child("input_processing") != nil { return ["ensemble_weights", "ensemble_performance_metrics"] }
        if trainsModels(inputKinds: inputKinds, config: config) { return ["best_models", "optimization_history"] }
        return method == "signal_replay" || inputKinds.contains(.capturedSignals) || inputKinds.contains(.signalSet)
            ? ["optimal_ensemble_weights", "ensemble_performance_metrics", "optimization_history"]
            : defaultOutputs
    }

    /// A model search names models, or has no config and one dataset input (features or
    /// processed alternative data): then it trains ``MLSearchConfig/defaultModels``.
    static func trainsModels(inputKinds: [ArtifactKind], config: ConfigNode?) -> Bool {
        MLSearchConfig.namesModels(config) || (config == nil && inputKinds == [.dataset])
    }

    /// `results` of a model search stands for its `best_models`.
    public static func primaryOutput(inputKinds: [ArtifactKind], config: ConfigNode?) -> String {
        trainsModels(inputKinds: inputKinds, config: config) ? "best_models" : primaryOutput
    }

    public static func outputKind(_ name: String) -> ArtifactKind? {
        if topCount(name) != nil { return .parameterSets }
        switch name {
        case "best_models": return .models
        case "best_parameters", "best_strategies", "selected_strategies", "regime_optimized_strategies": return .parameterSets
        case "regime_switching_rules": return .table
        case "optimal_ensemble_weights", "ensemble_weights": return .ensembleWeights
        case "ensemble_performance_metrics", "weight_stability_analysis": return .metrics
        case "optimization_history", "parameter_importance": return .table
        case "optimization_results", "performance_distribution", "overfitting_statistics": return .metrics
        default: return nil
        }
    }

    public static func outputFields(_ name: String) -> [String]? {
        if outputKind(name) == .parameterSets, name != "regime_optimized_strategies" { return ["objective", "count", "sets"] }
        switch name {
        case "optimization_results":
            return ["method", "objective", "strategies", "trials_planned", "trials_evaluated", "trials_failed",
                    "skipped_by_constraints", "reduced_parameter_space", "partial", "best"]
        default: return nil
        }
    }

    /// N in `top_N_parameter_sets` / `top_N_strategies`.
    static func topCount(_ name: String) -> Int? {
        for suffix in ["_parameter_sets", "_strategies"] where name.hasPrefix("top_") && name.hasSuffix(suffix) {
            let middle = name.dropFirst(4).dropLast(suffix.count)
            if let n = Int(middle), n > 0 { return n }
        }
        return nil
    }

    let name: String
    var search: SearchPlan
    /// No `strategies` listed: the strategies (and, without `parameters`, the ranges) come from the
    /// parameter-set inputs when the phase runs.
    let searchFromInputs: Bool
    let explicitSpace: Bool
    let segment: DataSegment
    let backtest: BacktestConfig
    /// The ensemble-weight search, when the input is captured signals (see ``EnsembleSearchConfig``).
    let ensemble: EnsembleSearchConfig?
    /// The `ensemble_optimization` block: ensembles of the search's best sets (see ``EnsembleBlock``).
    let ensembleBlock: EnsembleBlock?
    /// `input_processing`: a weighted ensemble of the parameter-set inputs (see ``InputProcessing``).
    let inputProcessing: InputProcessing?
    /// Machine-learning models trained on a `features` input (see ``MLSearchConfig``).
    let learning: MLSearchConfig?

    var objective: Objective { search.objective }
    public func segmentSeen(by output: String) -> DataSegment? { segment }
    var strategies: [StrategyDefinition] { search.strategies }
    var space: SearchSpace { search.space }
    var method: SearchPlan.Method { search.method }

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        let captured = planning.inputs(of: .capturedSignals) + planning.inputs(of: .signalSet)
        if let method = declaration.method, method != "signal_replay" {
            throw declaration.node.error(
                "phase method '\(method)' is not supported",
                hint: "method: signal_replay replays captured signals (input: a signal_generation phase's compressed_signals); remove 'method' to backtest each trial")
        }
        if declaration.method == "signal_replay" || !captured.isEmpty {
            guard captured.count == 1, planning.inputKinds.count == 1 else {
                throw declaration.node.error(captured.isEmpty
                    ? "method: signal_replay needs a compressed_signals input, e.g. inputs: [\"signal_capture.compressed_signals\"]"
                    : "an ensemble search takes exactly one input: the compressed_signals (or signals) of an earlier phase")
            }
            if declaration.method == "signal_replay", planning.inputs(of: .capturedSignals).isEmpty {
                throw declaration.node.error("method: signal_replay replays captured signals: give a compressed_signals input (a signal_set is replayed as it is, without the method)")
            }
            if let config = declaration.config, !config.isMapping {
                throw config.error("expected a mapping with 'optimization' and optionally 'constraints'")
            }
            let config = declaration.config
            try config?.checkKeys(allowed: ["optimization", "constraints", "data_split"] + PhaseConfig.backtestKeys)
            let parsed = try EnsembleSearchConfig.parse(optimization: config?.child("optimization"), constraints: config?.child("constraints"),
                                                        replay: declaration.method == "signal_replay")
            ensemble = parsed
            ensembleBlock = nil
            inputProcessing = nil
            learning = nil
            searchFromInputs = false
            explicitSpace = true
            search = SearchPlan(method: .differentialEvolution, strategies: [], fixed: [:], nonTargets: [], space: SearchSpace([]),
                                objective: parsed.objective, trialCount: nil, riskPenalty: nil)
            segment = try PhaseConfig.segment(config, default: .train)
            backtest = try PhaseConfig.backtestConfig(config)
            let allowed = Self.ensembleOutputs.union(["ensemble_weights", "optimization_history", "optimization_results"])
            for output in declaration.outputs where !allowed.contains(output) {
                throw declaration.node.error("an ensemble search cannot produce '\(output)' — it produces: \(allowed.sorted().joined(separator: ", "))")
            }
            return
        }
        ensemble = nil
        if let config = declaration.config, config.isMapping, let node = config.child("input_processing") {
            try config.checkKeys(allowed: ["input_processing", "data_split"] + PhaseConfig.backtestKeys)
            inputProcessing = try InputProcessing.parse(node, planning: planning)
            ensembleBlock = nil
            learning = nil
            searchFromInputs = false
            explicitSpace = true
            search = SearchPlan(method: .grid, strategies: [], fixed: [:], nonTargets: [], space: SearchSpace([]),
                                objective: .sharpeRatio, trialCount: nil, riskPenalty: nil)
            segment = try PhaseConfig.segment(config, default: .train)
            backtest = try PhaseConfig.backtestConfig(config)
            for output in declaration.outputs where !["ensemble_weights", "ensemble_performance_metrics"].contains(output) {
                throw declaration.node.error("a phase with input_processing produces ensemble_weights and ensemble_performance_metrics, not '\(output)'")
            }
            return
        }
        inputProcessing = nil
        if declaration.config == nil, planning.inputKinds.count == 1, planning.inputs(of: .dataset).count == 1 {
            // No config and one dataset input: the default model search on it.
            let config = ConfigNode.defaultMapping(under: declaration.node, key: "config", [],
                                                   lists: [("strategies", MLSearchConfig.defaultModels)])
            guard let parsed = try MLSearchConfig.parse(config, declaration: declaration, planning: planning) else {
                throw declaration.node.error("no default model to train")
            }
            learning = parsed.config
            search = parsed.search
            ensembleBlock = nil
            searchFromInputs = false
            explicitSpace = false
            segment = .train
            backtest = try PhaseConfig.backtestConfig(nil)
            return
        }
        guard let config = declaration.config, config.isMapping else {
            throw declaration.node.error(
                "an optimization phase needs a config with 'strategies' (and optionally 'optimization': method, parameters, objective; default a 100-trial random search over the declared ranges)")
        }
        if let parsed = try MLSearchConfig.parse(config, declaration: declaration, planning: planning) {
            learning = parsed.config
            search = parsed.search
            ensembleBlock = nil
            searchFromInputs = false
            explicitSpace = config.child("optimization")?.child("parameters") != nil
            segment = try PhaseConfig.segment(config, default: .train)
            backtest = try PhaseConfig.backtestConfig(config)
            return
        }
        learning = nil
        try PhaseConfig.refuseUnsupported(config, [
            "constraints": "weight constraints apply to an ensemble search (a compressed_signals input) or an ensemble_optimization block",
        ])
        try config.checkKeys(allowed: ["strategies", "optimization", "data_split", "ensemble_optimization"] + PhaseConfig.backtestKeys)
        ensembleBlock = try EnsembleBlock.parse(config)
        for output in declaration.outputs where Self.ensembleBlockOutputs.contains(output) && ensembleBlock == nil {
            throw declaration.node.error("output '\(output)' needs an ensemble_optimization block in config (enabled: true)")
        }
        // Without an optimization block: random search, 100 trials, over every declared parameter
        // range of the strategies, Sharpe ratio.
        let optimizationNode = config.child("optimization")
            ?? ConfigNode.defaultMapping(under: config, key: "optimization", [("method", "random"), ("n_trials", "100")])
        searchFromInputs = config.child("strategies") == nil && !planning.inputs(of: .parameterSets).isEmpty
        explicitSpace = optimizationNode.child("parameters") != nil
        if !searchFromInputs, !planning.inputs(of: .parameterSets).isEmpty, let node = config.keyNode("strategies") {
            throw node.error("this phase lists its strategies, so its parameter-set inputs would not be used",
                             hint: "remove 'strategies' to search the strategies (and ranges) of the inputs, or remove the inputs")
        }
        search = try SearchPlan.parse(strategies: searchFromInputs ? nil : try config.require("strategies"), optimization: optimizationNode,
                                      seed: planning.seed, stream: declaration.name,
                                      fallback: searchFromInputs ? StrategyRegistry.all : [])
        segment = try PhaseConfig.segment(config, default: .train)
        backtest = try PhaseConfig.backtestConfig(config)
        for reference in planning.inputKinds where reference.kind == .signalSet
            || (reference.kind == .regimeLabels && !search.groupByRegime) {
            throw declaration.node.error("input '\(reference.reference.text)' (\(reference.kind.rawValue)) is not used by this optimization phase"
                                         + (reference.kind == .regimeLabels ? " (set group_by_regime: true)" : ""))
        }
        if search.groupByRegime, planning.inputs(of: .regimeLabels).isEmpty {
            throw declaration.node.error("group_by_regime needs an input with regime labels, e.g. inputs: [\"regimes.regime_classifications\"]")
        }
        for output in declaration.outputs where Self.regimeOutputs.contains(output) && !search.groupByRegime {
            throw declaration.node.error("output '\(output)' needs optimization.group_by_regime: true")
        }
        for output in declaration.outputs where Self.ensembleOutputs.contains(output)
            && !(output == "ensemble_performance_metrics" && ensembleBlock != nil) {
            throw declaration.node.error("output '\(output)' comes from an ensemble search: give the phase a compressed_signals input (and method: signal_replay)")
        }
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        if let ensemble { return try runEnsemble(context, config: ensemble) }
        if let inputProcessing { return try runInputProcessing(context, inputProcessing) }
        if let learning { return try runLearning(context, learning) }
        if searchFromInputs {
            var phase = self
            let selections = try context.inputs(of: .parameterSets).flatMap { try ParameterSetsCodec.decode($0.artifact.value) }
            phase.search = try search.fromInputs(selections, explicitSpace: explicitSpace)
            return try phase.runSearch(context)
        }
        return try runSearch(context)
    }

    func runSearch(_ context: PhaseContext) throws -> PhaseResult {
        if search.groupByRegime { return try withEnsembleBlock(try runByRegime(context), context: context) }
        let bars = context.data.bars(segment)
        var sampler = try search.sampler(seed: context.seed, stream: name, reduced: context.reducedSpace,
                                         batchSize: context.executor.batchHint ?? max(64, 16 * context.workers))
        var runner = SearchRunner(phase: name, context: context, objective: objective)
        runner.search = "main"
        let outcome = try runner.run(&sampler, evaluate: trialEvaluator(context, bars: bars, mask: nil, stream: name))
        var warnings = outcome.warnings
        if outcome.stopped {
            let message = "time budget spent after \(outcome.records.count) of \(outcome.planned) trials"
            guard context.acceptPartialResults else { throw WorkflowError(phase: name, message) }
            warnings.append(message + "; results are partial")
        }
        var result = PhaseResult(
            artifacts: try outputs(records: outcome.records,
                                   planned: search.method.isModelBased ? outcome.records.count : outcome.planned, skipped: outcome.skipped,
                                   requested: context.requestedOutputs, partial: outcome.stopped, reduced: context.reducedSpace),
            warnings: warnings, partial: outcome.stopped)
        result.workersUsed = outcome.workers
        result.seen = context.data.range(segment)
        return try withEnsembleBlock(try withOverfitting(result, records: outcome.records, context: context), context: context)
    }

    /// Backtests one trial; failures become a NaN objective with the reason recorded.
    static func evaluate(_ trial: TrialSpec, evaluator: StrategyEvaluator, bars: [BarSeries], objective: Objective,
                         robust: (penalty: Double, seed: UInt64, stream: String, periodsPerYear: Double)? = nil,
                         mask: [Bool]? = nil, periodsPerYear: Double = 252) -> TrialRecord {
        let selection = StrategySelection(strategy: trial.strategy, parameters: trial.parameters, trial: trial.index)
        let parameters = JSONValue.object([("strategy", .string(trial.strategy)), ("parameters", selection.parametersJSON)])
        do {
            // A trial keeps its metrics only, unless the regime mask or the robust score needs the returns.
            var result = try evaluator.run(selection, on: bars, detail: mask == nil && robust == nil ? .summary : .full)
            if let mask {
                // Only the bars of one regime count: bar i+1's return enters when mask[i] is true.
                let kept = zip(result.returns, mask).compactMap { $1 ? $0 : nil }
                result.returns = kept
                result.summary = PerformanceSummary(returns: kept, periodsPerYear: periodsPerYear)
            }
            let value = robust.map {
                RobustObjective.score(returns: result.returns, objective: objective, penalty: $0.penalty,
                                      periodsPerYear: $0.periodsPerYear, seed: $0.seed, stream: $0.stream)
            } ?? objective.value(result.summary)
            return TrialRecord(index: trial.index, parameters: parameters.serialized(),
                               objective: value,
                               metrics: MetricsJSON.summary(result.summary).serialized())
        } catch {
            return TrialRecord(index: trial.index, parameters: parameters.serialized(), objective: .nan,
                               metrics: JSONValue.object([("error", .string("\(error)"))]).serialized(), status: "failed")
        }
    }
}
