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

    /// The most trials one search may plan. Every trial's record is kept in the run store and
    /// ranked when the search ends (≈ 300 bytes each), and `group_by_regime` numbers regime r's
    /// trials from r × 1,000,000.
    static let maximumTrials = 1_000_000
    /// The most trials a `bayesian` search may plan: each TPE proposal costs time proportional
    /// to the trials before it, so n trials cost O(n²).
    static let maximumBayesianTrials = 100_000
    /// The largest differential-evolution population.
    static let maximumPopulation = 100_000

    /// Keys of `optimization:` that belong to methods ADMF does not run yet.
    static let unsupportedOptimizationKeys: [String: String] = [:]

    /// `strategiesNode` nil: every strategy of `fallback` is a target (a template completed at
    /// run time from the phase's parameter-set inputs, see ``fromInputs(_:explicitSpace:)``).
    static func parse(strategies strategiesNode: ConfigNode?, optimization: ConfigNode, seed: UInt64, stream: String,
                      fallback: [StrategyDefinition] = [],
                      lookup: (String) throws -> StrategyDefinition = StrategyRegistry.strategy(named:)) throws -> SearchPlan {
        let listed = try strategiesNode.map { try PhaseConfig.strategies($0, lookup: lookup) }
            ?? fallback.map { (definition: $0, target: true, fixed: [String: Double](), node: optimization) }
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
        var entries: [(name: String, domain: ParameterDomain)] = []
        var logScaled: Set<String> = []
        let parametersNode: ConfigNode
        if let node = optimization.child("parameters") {
            parametersNode = node
        } else {
            // Without `parameters`, a sampling method searches every declared parameter of the
            // target strategies over its declared range (shared names: the overlap of the ranges).
            guard method.samplesRanges else {
                throw optimization.error("grid search needs parameters: list the values of each parameter to try")
            }
            parametersNode = optimization
            for strategy in listed.filter(\.target).map(\.definition) {
                for spec in strategy.parameters {
                    if let k = entries.firstIndex(where: { $0.name == spec.name }), case .range(let low, let high) = entries[k].domain {
                        let overlap = (max(low, spec.range.lowerBound), min(high, spec.range.upperBound))
                        if overlap.0 <= overlap.1 { entries[k].domain = .range(low: overlap.0, high: overlap.1) }
                    } else {
                        entries.append((spec.name, .range(low: spec.range.lowerBound, high: spec.range.upperBound)))
                    }
                }
            }
        }
        for entry in optimization.child("parameters") == nil ? [] : try parametersNode.entries() {
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
            let limit = key == "population_size" ? maximumPopulation : maximumTrials
            guard value <= limit else {
                throw node.error("\(key) \(value) is above the limit of \(limit)", hint: "a search may plan at most \(maximumTrials) trials")
            }
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
            let limit = method == .bayesian ? maximumBayesianTrials : maximumTrials - 1
            guard (trialsPerRegime ?? 0) <= limit else {
                throw node.error("n_trials_per_regime \(trialsPerRegime ?? 0) is above the limit of \(limit) trials per regime")
            }
        }
        if method.samplesRanges {
            if let trialsNode = optimization.child("n_trials") {
                let count = try trialsNode.int()
                guard count >= 1 else { throw trialsNode.error("n_trials must be at least 1, got \(count)") }
                let limit = method == .bayesian ? maximumBayesianTrials : maximumTrials
                guard count <= limit else {
                    throw trialsNode.error("n_trials \(count) is above the limit of \(limit) trials per search",
                                           hint: method == .bayesian
                                               ? "each TPE proposal costs time proportional to the trials before it; use random search for very large budgets"
                                               : "every trial's record is stored and ranked; split the search or narrow the ranges")
                }
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
        if method == .grid {
            let combinations = GridSampler.combinations(strategies: targets, space: space)
            guard combinations <= maximumTrials else {
                throw parametersNode.error("the grid has \(combinations) combinations, above the limit of \(maximumTrials) trials per search",
                                           hint: "use fewer values, or random search with n_trials")
            }
        }
        if method == .differentialEvolution {
            let dimensions = targets.map { StrategySequenceSampler.parameters(of: $0, in: space, logScaled: logScaled).count }.max() ?? 1
            let population = populationSize ?? 15 * max(1, dimensions)
            let total = population.multipliedReportingOverflow(by: (generations ?? 20) + 1)
            guard !total.overflow, total.partialValue * max(1, targets.count) <= maximumTrials else {
                throw optimization.error("differential evolution would plan \(population) × \((generations ?? 20) + 1) generations × \(targets.count) strategies, above the limit of \(maximumTrials) trials per search",
                                         hint: "lower population_size or n_generations")
            }
        }
        // Integer ranges must hold a whole number, log ranges must be positive (model-based samplers).
        if method.isModelBased {
            for strategy in targets {
                for parameter in StrategySequenceSampler.parameters(of: strategy, in: space, logScaled: logScaled) {
                    if let problem = parameter.problem {
                        throw (parametersNode.child(parameter.name) ?? parametersNode).error(problem)
                    }
                }
            }
        }
        do {
            var sampler = try plan.sampler(seed: seed, stream: stream, reduced: false, batchSize: 1)
            _ = try sampler.ask()
        } catch let error as OptimizationError {
            throw parametersNode.error(error.message)
        }
        return plan
    }

    /// The search as an ask/tell ``TrialSampler``: trials numbered from `indexOffset`, the
    /// non-target strategies (`optimization_target: false`) evaluated once at the end.
    ///
    /// `batchSize` applies to grid and random search only (their trials do not depend on
    /// results); TPE asks batches of ``tpeBatch`` and differential evolution one generation.
    func sampler(seed: UInt64, stream: String, reduced: Bool, indexOffset: Int = 0, trialBudget: Int? = nil,
                 batchSize: Int = 256) throws -> any TrialSampler {
        let searched = reduced ? space.reduced() : space
        let targets = strategies.filter { !nonTargets.contains($0.name) }
        let extras = try strategies.filter { nonTargets.contains($0.name) }.map { strategy in
            (strategy.name, try strategy.resolve(fixed[strategy.name] ?? [:]))
        }
        let search: (any TrialSampler)?
        if targets.isEmpty {
            search = nil
        } else {
            switch method {
            case .grid:
                search = try GridSampler(strategies: targets, space: searched, fixed: fixed, batchSize: batchSize,
                                         indexOffset: indexOffset)
            case .random, .robustOptimization, .returnMaximization:
                let base = trialBudget ?? trialCount ?? 1
                let count = reduced ? max(1, base / 2) : base
                search = try RandomSampler(strategies: targets, space: searched, count: count, seed: seed,
                                           stream: "\(stream)/random", fixed: fixed, batchSize: batchSize, indexOffset: indexOffset)
            case .bayesian:
                let total = trialBudget ?? trialCount ?? 100
                let count = targets.count
                search = StrategySequenceSampler(
                    strategies: targets, space: searched, fixed: fixed, logScaled: logScaled, indexOffset: indexOffset,
                    plannedTrials: total,
                    factory: { position, strategy, parameters, feasible in
                        let share = total / count + (position < total % count ? 1 : 0)
                        return TPEVectorSampler(
                            TPESampler(parameters: parameters, config: TPEConfig(), seed: seed,
                                       stream: "\(stream)/tpe/\(strategy.name)", feasible: feasible),
                            budget: share, batch: Self.tpeBatch)
                    })
            case .differentialEvolution:
                let generations = self.generations ?? 20
                let population = populationSize
                search = StrategySequenceSampler(
                    strategies: targets, space: searched, fixed: fixed, logScaled: logScaled, indexOffset: indexOffset,
                    plannedTrials: targets.count * (generations + 1) * (population ?? 15),
                    factory: { _, strategy, parameters, feasible in
                        var config = DEConfig(populationSize: population, generations: generations)
                        config.generations = generations
                        return DifferentialEvolutionVectorSampler(DifferentialEvolution(
                            parameters: parameters, config: config, seed: seed,
                            stream: "\(stream)/de/\(strategy.name)", feasible: feasible))
                    })
            }
        }
        return AppendingSampler(search: search, extras: extras, indexOffset: indexOffset)
    }

    /// This search narrowed to the strategies of `selections` (an earlier phase's best sets):
    /// without explicit `parameters`, each parameter ranges over [min, max] of its values in
    /// those sets (a real parameter whose sets agree keeps its declared range).
    func fromInputs(_ selections: [StrategySelection], explicitSpace: Bool) throws -> SearchPlan {
        var names: [String] = []
        for selection in selections where !names.contains(selection.strategy) { names.append(selection.strategy) }
        var plan = self
        plan.strategies = try names.map { try StrategyRegistry.strategy(named: $0) }
        plan.fixed = [:]
        plan.nonTargets = []
        if !explicitSpace {
            var entries: [(name: String, domain: ParameterDomain)] = []
            for strategy in plan.strategies {
                for spec in strategy.parameters {
                    let values = selections.filter { $0.strategy == strategy.name }.compactMap { $0.parameters[spec.name] }.filter(\.isFinite)
                    guard var low = values.min(), var high = values.max() else { continue }
                    if let k = entries.firstIndex(where: { $0.name == spec.name }), case .range(let a, let b) = entries[k].domain {
                        low = min(low, a); high = max(high, b)
                        entries[k].domain = .range(low: low, high: high)
                    } else {
                        if low == high, spec.kind == .real { low = spec.range.lowerBound; high = spec.range.upperBound }
                        entries.append((spec.name, .range(low: low, high: high)))
                    }
                }
            }
            plan.space = SearchSpace(entries)
        }
        return plan
    }

    /// TPE proposals per batch (pending ones count as bad observations: the constant liar).
    static let tpeBatch = 8
}

/// A search followed by fixed trials (strategies with `optimization_target: false`).
struct AppendingSampler: TrialSampler {
    private var search: (any TrialSampler)?
    private let extras: [(strategy: String, parameters: ParameterSet)]
    private var searchDone: Bool
    private var extrasDone = false
    private var next: Int

    init(search: (any TrialSampler)?, extras: [(String, ParameterSet)], indexOffset: Int) {
        self.search = search
        self.extras = extras.map { (strategy: $0.0, parameters: $0.1) }
        searchDone = search == nil
        next = indexOffset
    }

    var plannedTrials: Int? {
        guard let search else { return extras.count }
        return search.plannedTrials.map { $0 + extras.count }
    }

    var skipped: Int { search?.skipped ?? 0 }

    mutating func ask() throws -> [Proposal] {
        if !searchDone, var inner = search {
            let batch = try inner.ask()
            search = inner
            if !batch.isEmpty {
                next = max(next, (batch.map(\.trial.index).max() ?? -1) + 1)
                return batch
            }
            searchDone = true
        }
        guard !extrasDone else { return [] }
        extrasDone = true
        return extras.enumerated().map { k, extra in
            Proposal(trial: TrialSpec(index: next + k, strategy: extra.strategy, parameters: extra.parameters))
        }
    }

    mutating func tell(_ scores: [Double]) {
        guard !searchDone else { return }
        search?.tell(scores)
    }
}
