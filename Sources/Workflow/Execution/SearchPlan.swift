import Backtest
import Optimization
import Strategies

/// A parameter search read from a phase's `strategies:` and `optimization:` blocks.
///
/// Shared by the `optimization` phase (one search) and the `walk_forward` phase (one
/// search per window). Methods: `grid` (value lists), `random` (`n_trials`, `[low, high]`
/// ranges). Strategies with `optimization_target: false` are evaluated once at their
/// fixed parameters.
struct SearchPlan: Sendable {
    enum Method: String, CaseIterable, Sendable {
        case grid, random
        /// Random search scored by a bootstrap-penalised objective (see ``RobustObjective``).
        case robustOptimization = "robust_optimization"
        /// Random search that maximises CAGR unless another objective is given.
        case returnMaximization = "return_maximization"
        /// Tree-structured Parzen estimator (`n_trials`), Optuna's defaults.
        case bayesian
        /// Storn & Price differential evolution (`n_generations`, `population_size`), SciPy's defaults.
        case differentialEvolution = "differential_evolution"

        /// Whether the method samples `[low, high]` ranges.
        var samplesRanges: Bool { self != .grid }
        /// Whether proposals depend on earlier results (ask/tell in batches).
        var isModelBased: Bool { self == .bayesian || self == .differentialEvolution }
    }

    var method: Method
    var strategies: [StrategyDefinition]
    var fixed: [String: [String: Double]]
    var nonTargets: Set<String>
    var space: SearchSpace
    var objective: Objective
    var trialCount: Int?
    /// `risk_penalty` of `robust_optimization`.
    var riskPenalty: Double?
    /// Parameters sampled on a log scale (`{low: …, high: …, log: true}`).
    var logScaled: Set<String> = []
    /// `n_generations` and `population_size` of differential evolution.
    var generations: Int?
    var populationSize: Int?
    /// `group_by_regime` with `n_trials_per_regime`.
    var groupByRegime = false
    var trialsPerRegime: Int?

    /// Keys of `optimization:` that belong to methods ADMF does not run yet.
    static let unsupportedOptimizationKeys: [String: String] = [:]

    static func parse(strategies strategiesNode: ConfigNode, optimization: ConfigNode, seed: UInt64, stream: String) throws -> SearchPlan {
        let listed = try PhaseConfig.strategies(strategiesNode)
        var fixed: [String: [String: Double]] = [:]
        for entry in listed where !entry.fixed.isEmpty { fixed[entry.definition.name] = entry.fixed }
        try PhaseConfig.refuseUnsupported(optimization, unsupportedOptimizationKeys)
        try optimization.checkKeys(allowed: ["method", "parameters", "objective", "n_trials", "risk_penalty", "n_generations",
                                             "population_size", "group_by_regime", "n_trials_per_regime"])
        let methodNode = try optimization.require("method")
        let methodName = try methodNode.string()
        guard let method = Method(rawValue: methodName) else {
            throw methodNode.error("optimization method '\(methodName)' is not supported yet",
                                   hint: "supported: \(Method.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let objective = try optimization.optional("objective") { try $0.enumeration(Objective.self) }
            ?? (method == .returnMaximization ? .cagr : .sharpeRatio)
        var riskPenalty: Double?
        if let node = optimization.child("risk_penalty") {
            guard method == .robustOptimization else {
                throw node.error("risk_penalty applies to method robust_optimization")
            }
            let value = try node.double()
            guard value >= 0, value.isFinite else { throw node.error("risk_penalty must be ≥ 0, got \(value)") }
            riskPenalty = value
        } else if method == .robustOptimization {
            riskPenalty = 0.5
        }
        let parametersNode = try optimization.require("parameters")
        var entries: [(name: String, domain: ParameterDomain)] = []
        var logScaled: Set<String> = []
        for entry in try parametersNode.entries() {
            if entry.value.isMapping {
                try entry.value.checkKeys(allowed: ["low", "high", "log"])
                guard method.isModelBased else {
                    throw entry.value.error("{low, high, log} ranges apply to bayesian and differential_evolution; write [low, high]")
                }
                let low = try entry.value.require("low").double(), high = try entry.value.require("high").double()
                if try entry.value.optional("log", { try $0.bool() }) == true {
                    guard low > 0 else { throw entry.value.error("a log-scaled range needs low > 0, got \(low)") }
                    logScaled.insert(entry.key)
                }
                entries.append((entry.key, .range(low: low, high: high)))
                continue
            }
            let values = try entry.value.doubleList()
            if method.samplesRanges {
                guard values.count == 2 else {
                    throw entry.value.error("\(method.rawValue) samples [low, high]; got \(values.count) value(s)")
                }
                entries.append((entry.key, .range(low: values[0], high: values[1])))
            } else {
                entries.append((entry.key, .values(values)))
            }
        }
        let targets = listed.filter(\.target).map(\.definition)
        let space = SearchSpace(entries)
        do {
            if !targets.isEmpty { try space.validate(for: targets) }
        } catch let error as OptimizationError {
            throw (error.parameter.flatMap { parametersNode.child($0) } ?? parametersNode).error(error.message)
        }
        var trialCount: Int?
        if method == .random, optimization.child("n_trials") == nil {
            throw optimization.error("random search needs n_trials")
        }
        var generations: Int?, populationSize: Int?
        for key in ["n_generations", "population_size"] {
            guard let node = optimization.child(key) else { continue }
            guard method == .differentialEvolution else { throw node.error("\(key) applies to method differential_evolution") }
            let value = try node.int()
            guard value >= (key == "population_size" ? 5 : 1) else { throw node.error("\(key) is too small: \(value)") }
            if key == "n_generations" { generations = value } else { populationSize = value }
        }
        if method == .differentialEvolution, let node = optimization.keyNode("n_trials") {
            throw node.error("differential evolution runs n_generations × population_size trials; remove n_trials")
        }
        let groupByRegime = try optimization.optional("group_by_regime") { try $0.bool() } ?? false
        var trialsPerRegime: Int?
        if let node = optimization.child("n_trials_per_regime") {
            guard groupByRegime else { throw node.error("n_trials_per_regime needs group_by_regime: true") }
            trialsPerRegime = try node.int()
            guard (trialsPerRegime ?? 0) >= 1 else { throw node.error("n_trials_per_regime must be at least 1") }
        }
        if method.samplesRanges {
            if let trialsNode = optimization.child("n_trials") {
                let count = try trialsNode.int()
                guard count >= 1 else { throw trialsNode.error("n_trials must be at least 1, got \(count)") }
                trialCount = count
            } else {
                trialCount = 100
            }
        } else if let extra = optimization.keyNode("n_trials") {
            throw extra.error("n_trials applies to random search; a grid evaluates every combination")
        }
        var plan = SearchPlan(method: method, strategies: listed.map(\.definition), fixed: fixed,
                              nonTargets: Set(listed.filter { !$0.target }.map(\.definition.name)), space: space,
                              objective: objective, trialCount: trialCount, riskPenalty: riskPenalty)
        plan.logScaled = logScaled
        plan.generations = generations ?? (method == .differentialEvolution ? 20 : nil)
        plan.populationSize = populationSize
        plan.groupByRegime = groupByRegime
        plan.trialsPerRegime = trialsPerRegime
        do {
            _ = try plan.trials(seed: seed, stream: stream, reduced: false)
        } catch let error as OptimizationError {
            throw parametersNode.error(error.message)
        }
        return plan
    }

    /// The trials of the search, numbered from 0.
    func trials(seed: UInt64, stream: String, reduced: Bool) throws -> (trials: [TrialSpec], skipped: Int) {
        let searched = reduced ? space.reduced() : space
        var trials: [TrialSpec] = []
        var skipped = 0
        let targets = strategies.filter { !nonTargets.contains($0.name) }
        if !targets.isEmpty {
            switch method {
            case .grid:
                let grid = try GridSearch.trials(strategies: targets, space: searched, fixed: fixed)
                trials = grid.trials
                skipped = grid.skipped
            case .bayesian, .differentialEvolution:
                // Proposed in batches while the search runs (see ModelBasedSearch).
                trials = []
            case .random, .robustOptimization, .returnMaximization:
                let count = reduced ? max(1, (trialCount ?? 1) / 2) : (trialCount ?? 1)
                trials = try RandomSearch.trials(strategies: targets, space: searched, count: count, seed: seed,
                                                 stream: "\(stream)/random", fixed: fixed)
            }
        }
        for strategy in strategies where nonTargets.contains(strategy.name) {
            let parameters = try strategy.resolve(fixed[strategy.name] ?? [:])
            trials.append(TrialSpec(index: trials.count, strategy: strategy.name, parameters: parameters))
        }
        return (trials, skipped)
    }
}
