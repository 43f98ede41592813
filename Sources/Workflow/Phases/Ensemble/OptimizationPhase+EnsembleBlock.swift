import Backtest
import Market
import Reports
import Store
import Strategies

/// The `ensemble_optimization` block of an optimisation phase (the specification's phase 3):
///
/// ```yaml
/// config:
///   optimization: {method: bayesian, group_by_regime: true, n_trials_per_regime: 200, …}
///   ensemble_optimization:
///     enabled: true                                    # default true when the block is there
///     ensemble_methods: ["voting", "weighted_average", "meta_learning"]
///     # and any other key of the ensemble_optimization phase type: adaptive_weighting,
///     # market_condition_awareness, cross_validation, constraints
/// outputs: [regime_optimized_strategies, ensemble_weights, ensemble_performance_metrics]
/// ```
///
/// After the search, the members are the best parameter set of each regime (with
/// `group_by_regime`) or the 10 best trials; every listed method builds an ensemble of them on
/// the phase's bars (``EnsemblePhase`` documents the methods) and the one with the best
/// objective is `ensemble_weights`.
struct EnsembleBlock: Sendable {
    static let keys = ["enabled", "ensemble_methods", "ensemble_method", "adaptive_weighting", "adaptive_lookback",
                       "market_condition_awareness", "cross_validation", "constraints"]
    static let outputs: Set<String> = ["ensemble_weights"]

    var methods: [EnsembleMethod]
    var settings: EnsembleSettings

    /// The block, or nil when it is absent or `enabled: false`.
    static func parse(_ config: ConfigNode) throws -> EnsembleBlock? {
        guard let node = config.child("ensemble_optimization") else { return nil }
        try node.checkKeys(allowed: keys)
        guard try node.optBool("enabled") ?? true else { return nil }
        let (methods, settings) = try EnsemblePhase.parseSettings(node)
        return EnsembleBlock(methods: methods, settings: settings)
    }
}

extension OptimizationPhase {
    /// Adds `ensemble_weights` (and the ensemble's metrics to `ensemble_performance_metrics`)
    /// built from the phase's stored trials.
    func withEnsembleBlock(_ result: PhaseResult, context: PhaseContext) throws -> PhaseResult {
        guard let block = ensembleBlock,
              context.requestedOutputs.contains(where: { Self.ensembleBlockOutputs.contains($0) }) else { return result }
        let trials = try Self.decodeAll(try context.store.trials(run: context.runID, phase: name))
            .filter { $0.objective.isFinite }
        var members: [(selection: StrategySelection, regime: String?)] = []
        if search.groupByRegime {
            let names = context.inputs(of: .regimeLabels).first?.artifact.value["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for (r, regime) in names.enumerated() {
                let inRegime = trials.filter { $0.index / 1_000_000 == r }
                if let best = objective.rank(inRegime, value: \.objective, index: \.index).first {
                    members.append((best.selection, regime))
                }
            }
        } else {
            for trial in objective.rank(trials, value: \.objective, index: \.index)
            where !members.contains(where: { $0.selection.strategy == trial.selection.strategy && $0.selection.parameters == trial.selection.parameters }) {
                members.append((trial.selection, nil))
                if members.count == 10 { break }
            }
        }
        guard !members.isEmpty else { throw WorkflowError(phase: name, "no successful trial to build an ensemble from") }
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let builder = try EnsembleBuilder(members: members.map(\.selection), bars: context.data.bars(segment), backtest: config,
                                          settings: block.settings, objective: objective, regimes: members.map(\.regime))
        let results = try block.methods.map { try builder.evaluate($0, members: Array(members.indices)) }
        guard let chosen = objective.rank(Array(results.indices), value: { results[$0].objective }, index: { $0 }).first else {
            return result
        }
        var out = result
        for output in context.requestedOutputs {
            switch output {
            case "ensemble_weights":
                out.artifacts.append(Artifact(name: output, kind: .ensembleWeights, value: builder.weights(results[chosen], segment: segment).json))
            case "ensemble_performance_metrics":
                out.artifacts.append(Artifact(name: output, kind: .metrics, value: try builder.performance(results, chosen: results[chosen].built.method)))
            default:
                continue
            }
        }
        return out
    }

    static let ensembleBlockOutputs: Set<String> = ["ensemble_weights", "ensemble_performance_metrics"]
}
