import Reports
import Strategies

/// The machine-learning settings of an `optimization` phase whose `strategies` name models
/// (``MLModel``) and whose input is a `feature_engineering` phase's `features`.
///
/// ```yaml
/// - name: ml_optimization
///   type: optimization
///   inputs: ["feature_engineering.features"]
///   config:
///     strategies: [sklearn_model, tensorflow_model, gradient_boosting]
///     optimization:                  # default: random search, 8 trials, the default ranges
///       method: random
///       n_trials: 12
///       parameters: {c: [0.1, 10], hidden_units: [8, 32], alpha: [0.0001, 0.1]}
///       objective: sharpe_ratio
///     cv_folds: 5                    # purged K-fold (default 5, at least 2)
///     embargo_bars: 5                # bars after each validation fold withheld (default 5)
///     top_models: 3                  # models in best_models (default 3)
///     data_split: train
///   outputs: [best_models, optimization_history]
/// ```
struct MLSearchConfig: Sendable {
    var folds: Int
    var embargo: Int
    var topModels: Int
    /// The names the config used for each model, when they were aliases (`sklearn_model`).
    var aliases: [(model: String, alias: String)]

    /// The trials a model search runs when the phase has no `optimization` block.
    static let defaultTrials = 8
    /// What an optimisation with no config and one dataset input trains (the specification's
    /// alternative-data branch writes no strategies): the `sklearn_model` default, L2 logistic
    /// regression.
    static let defaultModels = ["sklearn_model"]
    static let keys = ["strategies", "optimization", "data_split", "cv_folds", "embargo_bars", "top_models"] + PhaseConfig.backtestKeys
    /// What an optimisation over models can produce (parameter sets are strategies' and would
    /// mislead a backtest downstream).
    static let outputs: Set<String> = ["best_models", "optimization_history", "optimization_results", "parameter_importance",
                                       "performance_distribution"]

    /// The names a `strategies:` list gives, as written.
    static func listedNames(_ config: ConfigNode?) -> [(name: String, node: ConfigNode)] {
        guard let list = config?.child("strategies"), let items = try? list.sequence() else { return [] }
        return items.compactMap { item in
            let node = item.child("type") ?? item
            return (try? node.string()).map { ($0, node) }
        }
    }

    /// Whether the config's strategies name a model.
    static func namesModels(_ config: ConfigNode?) -> Bool {
        listedNames(config).contains { MLModel.isModelName($0.name) }
    }

    /// The model search of `config`, or nil when its strategies name no model.
    static func parse(_ config: ConfigNode, declaration: PhaseDeclaration, planning: PlanningContext) throws
        -> (config: MLSearchConfig, search: SearchPlan)? {
        let names = listedNames(config)
        guard names.contains(where: { MLModel.isModelName($0.name) }) else { return nil }
        if let strategy = names.first(where: { !MLModel.isModelName($0.name) }) {
            throw strategy.node.error("'\(strategy.name)' is a strategy, but this phase trains models: list models only, or use another optimization phase",
                                      hint: "models: \(MLModel.allCases.map(\.rawValue).joined(separator: ", ")) (aliases sklearn_model, tensorflow_model)")
        }
        guard planning.inputs(of: .dataset).count == 1, planning.inputKinds.count == 1 else {
            throw declaration.node.error("machine-learning models train on features: give exactly one input, a feature_engineering phase's features or a data_integration phase's processed_data, e.g. inputs: [\"feature_engineering.features\"]")
        }
        try config.checkKeys(allowed: keys)
        func integer(_ key: String, default value: Int, minimum: Int) throws -> Int {
            guard let node = config.child(key) else { return value }
            let parsed = try node.int()
            guard parsed >= minimum else { throw node.error("\(key) must be at least \(minimum), got \(parsed)") }
            return parsed
        }
        let parsed = MLSearchConfig(
            folds: try integer("cv_folds", default: 5, minimum: 2), embargo: try integer("embargo_bars", default: 5, minimum: 0),
            topModels: try integer("top_models", default: 3, minimum: 1),
            aliases: names.compactMap { entry in
                MLModel(rawValue: entry.name) == nil ? MLModel.named(entry.name).map { ($0.rawValue, entry.name) } : nil
            })
        let optimization = config.child("optimization")
            ?? ConfigNode.defaultMapping(under: config, key: "optimization", [("method", "random"), ("n_trials", "\(defaultTrials)")])
        let search = try SearchPlan.parse(strategies: try config.require("strategies"), optimization: optimization, seed: planning.seed,
                                          stream: declaration.name, lookup: { name in
            guard let model = MLModel.named(name) else { throw WorkflowError("unknown model '\(name)'") }
            return model.definition
        })
        if search.groupByRegime, let node = optimization.keyNode("group_by_regime") {
            throw node.error("group_by_regime applies to strategy searches, not to models")
        }
        // (a name the type does not define is an alias of `best_models`, resolved by the planner)
        for output in declaration.outputs where !outputs.contains(output) && OptimizationPhase.outputKind(output) != nil {
            throw declaration.node.error("a search over models cannot produce '\(output)' — it produces: \(outputs.sorted().joined(separator: ", "))",
                                         hint: "best_models feeds a walk_forward phase; parameter sets describe strategies")
        }
        return (parsed, search)
    }

    /// The name a model was listed under, when it was an alias.
    func alias(of model: String) -> String? { aliases.first { $0.model == model }?.alias }
}
