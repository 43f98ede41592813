import Analysis
import Backtest
import Foundation
import Indicators
import Market
import Metrics
import Optimization
import Reports
import Store
import Strategies

/// `type: walk_forward` — re-optimise on each training window, trade the next test window.
///
/// ```yaml
/// - name: walk_forward_validation
///   type: walk_forward
///   inputs: ["optimize.top_10_parameter_sets"]   # candidates, or a search of its own:
///   config:                          # optional: without walk_forward, defaultWindows (504 / 126 / 126)
///     walk_forward:
///       train_period_days: 504       # trading days (bars of daily data; × bars per session intraday)
///       test_period_days: 126
///       step_days: 63                # default: test_period_days
///       anchored: false              # false: rolling window; true: training always starts at the first bar
///     strategies: [momentum]         # optional: re-run this search in every window
///     optimization: {method: grid, parameters: {fast_period: [5, 10, 20], slow_period: [30, 50]}}
///     include_transaction_costs: true
///     validation_metrics: [performance_consistency, parameter_stability]
///   outputs: [walk_forward_results, parameter_evolution, performance_consistency, parameter_stability]
/// ```
///
/// Windows run over the whole data (the train/test split of `data:` does not apply): window k
/// tests on `test` bars from `e_k = e_0 + k·step` and trains on the `train` bars before
/// (from bar 0, growing, when anchored). **Lineage rule:** input candidates were chosen on
/// earlier bars, so `e_0` is the first bar after everything the inputs have seen (and at
/// least `train`): no test window lies inside the data the candidates were picked on. With
/// `allow_in_sample_inputs: true` windows start at `train` and those that overlap are
/// labelled `in_sample`. In each window every candidate — the input parameter sets, or the
/// phase's own search run afresh on the window's training bars with any method (grid,
/// random, bayesian, differential_evolution, through the shared sampler interface) — is
/// backtested on the training bars; the best by the objective trades the test bars. Signals are computed on the whole series
/// (they are causal), so earlier bars warm the indicators up and nothing leaks from the
/// future. Each window's test is a fresh backtest starting flat; the stitched
/// out-of-sample curve compounds them (with overlapping windows, each window contributes
/// its first `step` bars). Every finished window is checkpointed.
///
/// Outputs: `walk_forward_results` (per-window dates, selection, in- and out-of-sample
/// metrics, the stitched out-of-sample metrics), `parameter_evolution` (the selected
/// parameters per window), `performance_consistency` (share of profitable windows, mean and
/// dispersion of out-of-sample Sharpe, out-of-sample/in-sample degradation),
/// `parameter_stability` (per parameter: mean, standard deviation, coefficient of variation,
/// share of windows where it changed; how often the strategy changed), `overfitting_statistics`
/// (PSR of the stitched out-of-sample returns; DSR against the candidates' in-sample Sharpe
/// ratios when the objective is the Sharpe ratio; PBO by CSCV on the candidates' returns over
/// the whole data; the out-of-sample / in-sample Sharpe degradation across windows).
///
/// With a `best_models` input (an optimisation over machine-learning models) each window
/// re-trains the models instead: see ``runModels(_:input:)``.
public struct WalkForwardPhase: WorkflowPhase {
    public static let typeName = "walk_forward"
    public static let defaultOutputs = ["walk_forward_results", "parameter_evolution"]
    public static let outputNames = ["walk_forward_results", "parameter_evolution", "performance_consistency",
                                     "parameter_stability", "overfitting_statistics", "results",
                                     "ensemble_weight_stability", "regime_adaptation_effectiveness", "regime_performance_validation"]

    /// The windows of a phase that gives none (`walk_forward` absent, as the specification's
    /// parallel-research branches write it): two years of daily bars to train, half a year to
    /// test; the step defaults to the test length (windows do not overlap).
    public static let defaultWindows = (train: 504, test: 126)

    public static func outputKind(_ name: String) -> ArtifactKind? {
        switch name {
        case "walk_forward_results", "results": return .metrics
        case "parameter_evolution", "parameter_stability": return .table
        case "performance_consistency", "overfitting_statistics": return .metrics
        case "ensemble_weight_stability", "regime_adaptation_effectiveness", "regime_performance_validation": return .metrics
        default: return nil
        }
    }

    enum ValidationMetric: String, CaseIterable {
        case performanceConsistency = "performance_consistency"
        case parameterStability = "parameter_stability"
        /// Ensemble inputs only: the weights per window, per member.
        case ensembleWeightStability = "ensemble_weight_stability"
        /// Ensemble inputs only: out-of-sample results per causal regime against equal weights.
        case regimeAdaptationEffectiveness = "regime_adaptation_effectiveness"
    }

    let name: String
    let train: Int
    let test: Int
    let step: Int
    let anchored: Bool
    let search: SearchPlan?
    let objective: Objective
    let backtest: BacktestConfig
    let metrics: [ValidationMetric]
    /// `allow_in_sample_inputs: true`: windows may test bars the input candidates were chosen
    /// on; those windows and every figure built on them are labelled `in_sample`.
    let allowInSample: Bool
    public var allowsInSampleInputs: Bool { allowInSample }
    public func segmentSeen(by output: String) -> DataSegment? { .full }

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        let config = declaration.config
        if let config, !config.isMapping {
            throw config.error("config of a walk_forward phase must be a mapping (walk_forward, strategies, optimization, …)")
        }
        try config?.checkKeys(allowed: ["walk_forward", "strategies", "optimization", "validation_metrics", "objective",
                                        "allow_in_sample_inputs"] + PhaseConfig.backtestKeys)
        allowInSample = try config?.optional("allow_in_sample_inputs") { try $0.bool() } ?? false
        let windows = config?.child("walk_forward")
        try windows?.checkKeys(allowed: ["train_period_days", "test_period_days", "step_days", "anchored"])
        func positive(_ key: String, default value: Int) throws -> Int {
            guard let node = windows?.child(key) else { return value }
            let value = try node.int()
            guard value >= 1 else { throw node.error("\(key) must be at least 1, got \(value)") }
            return value
        }
        train = try positive("train_period_days", default: Self.defaultWindows.train)
        test = try positive("test_period_days", default: Self.defaultWindows.test)
        step = try positive("step_days", default: test)
        anchored = try windows?.optional("anchored") { try $0.bool() } ?? false
        guard train >= 20 else { throw (windows?.child("train_period_days") ?? declaration.node).error("train_period_days must be at least 20 bars") }
        if let config, let optimization = config.child("optimization") {
            search = try SearchPlan.parse(strategies: try config.require("strategies"), optimization: optimization,
                                          seed: planning.seed, stream: declaration.name)
        } else {
            if let strategies = config?.keyNode("strategies") {
                throw strategies.error("strategies needs an optimization block to search in each window")
            }
            search = nil
            guard !planning.inputs(of: .parameterSets).isEmpty || !planning.inputs(of: .ensembleWeights).isEmpty
                || !planning.inputs(of: .models).isEmpty else {
                throw declaration.node.error(
                    "walk_forward needs candidates: an input with parameter sets, ensemble weights or models (best_models), or config.strategies + config.optimization")
            }
        }
        objective = try config?.optional("objective") { try $0.enumeration(Objective.self) } ?? search?.objective ?? .sharpeRatio
        backtest = try PhaseConfig.backtestConfig(config)
        let ensembleInput = !planning.inputs(of: .ensembleWeights).isEmpty
        metrics = try config?.optional("validation_metrics") { node in
            try node.sequence().map { item in
                let metric = try item.enumeration(ValidationMetric.self)
                if [.regimeAdaptationEffectiveness, .ensembleWeightStability].contains(metric), !ensembleInput {
                    throw item.error("validation metric '\(metric.rawValue)' applies to a walk-forward over ensemble weights",
                                     hint: "give the phase an ensemble_weights input (e.g. an optimal_ensemble_weights output), or remove it")
                }
                return metric
            }
        } ?? (ensembleInput ? ValidationMetric.allCases : [.performanceConsistency, .parameterStability])
        if !planning.inputs(of: .models).isEmpty, declaration.outputs.contains("overfitting_statistics") {
            throw declaration.node.error("overfitting_statistics (PBO over fixed candidates' backtests) is not computed for a walk-forward over models")
        }
        for output in declaration.outputs where ["ensemble_weight_stability", "regime_adaptation_effectiveness", "regime_performance_validation"].contains(output) && !ensembleInput {
            throw declaration.node.error("output '\(output)' needs an ensemble_weights input")
        }
    }

    struct Window {
        var index: Int
        var trainRange: Range<Int>
        var testRange: Range<Int>
    }

    /// The windows over `n` bars whose first test window starts at or after bar `firstTest`
    /// (the lineage rule: after the bars the input candidates were chosen on).
    func windows(count n: Int, firstTest: Int = 0) -> [Window] {
        var result: [Window] = []
        var k = 0
        let firstTrainEnd = max(train, firstTest)
        while true {
            let trainEnd = firstTrainEnd + k * step
            let start = anchored ? 0 : trainEnd - train
            let testEnd = min(n, trainEnd + test)
            guard trainEnd < n, testEnd - trainEnd >= 2 else { break }
            result.append(Window(index: k, trainRange: start..<trainEnd, testRange: trainEnd..<testEnd))
            k += 1
        }
        return result
    }
}
