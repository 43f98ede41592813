import Ensembles
import Optimization
import Reports

/// The ensemble-weight search of an `optimization` phase whose input is captured signals
/// (`compressed_signals`), as the specification's phase 5 writes it:
///
/// ```yaml
/// - name: ensemble_optimization
///   type: optimization
///   method: signal_replay            # replay the captured signals; without it every member strategy is re-run per trial
///   inputs: ["signal_capture.compressed_signals"]
///   config:
///     optimization:
///       method: differential_evolution   # or bayesian (n_trials)
///       n_generations: 100
///       population_size: 50
///       objective: sharpe_ratio          # default
///       parameters:
///         strategy_weights: [0.0, 1.0]             # one raw weight per captured member
///         regime_confidence_threshold: [0.5, 0.95] # needs captured regime context with probabilities
///         rebalance_frequency: [5, 30]             # bars between rebalancing (whole numbers)
///     constraints: {sum_weights: 1.0, min_weight: 0.05, max_weight: 0.4, max_correlation: 0.8}
///     data_split: train                  # default train
/// ```
///
/// Each trial's raw weights are projected onto the constraints (``Ensembles/ConstrainedWeights``:
/// members correlated beyond `max_correlation` are not both held, the rest is the Euclidean
/// projection onto {Σw = sum_weights, each 0 or in [min_weight, max_weight]}), so every
/// evaluated — and every reported — weight vector meets them exactly. The ensemble's
/// signals (``EnsembleRule``) are backtested by the engine with the phase's costs.
struct EnsembleSearchConfig: Sendable {
    enum Method: String, CaseIterable, Sendable {
        case differentialEvolution = "differential_evolution"
        case bayesian
    }

    var method: Method
    var weightRange: (low: Double, high: Double)
    var threshold: (low: Double, high: Double)?
    var rebalance: (low: Double, high: Double)?
    var generations: Int
    var populationSize: Int?
    var trials: Int
    var objective: Objective
    var constraints: WeightConstraints
    var replay: Bool

    static let parameterNames = ["strategy_weights", "regime_confidence_threshold", "rebalance_frequency"]

    /// Without an `optimization` block: differential evolution (20 generations, SciPy's population)
    /// over `strategy_weights: [0, 1]`, Sharpe ratio, Σw = 1.
    static func parse(optimization: ConfigNode?, constraints node: ConfigNode?, replay: Bool) throws -> EnsembleSearchConfig {
        try optimization?.checkKeys(allowed: ["method", "parameters", "objective", "n_trials", "n_generations", "population_size"])
        var method = Method.differentialEvolution
        if let methodNode = optimization?.child("method") {
            let name = try methodNode.string()
            guard let parsed = Method(rawValue: name) else {
                throw methodNode.error("ensemble weights are searched with differential_evolution or bayesian, not '\(name)'")
            }
            method = parsed
        }
        let objective = try optimization?.optional("objective") { try $0.enumeration(Objective.self) } ?? .sharpeRatio
        let parameters = optimization?.child("parameters")
        try parameters?.checkKeys(allowed: parameterNames)
        func range(_ key: String) throws -> (low: Double, high: Double)? {
            guard let entry = parameters?.child(key) else { return nil }
            let values = try entry.doubleList()
            try entry.ensure(values.count == 2 && values[0] <= values[1] && values.allSatisfy(\.isFinite),
                             "\(key) takes a range [low, high] with low ≤ high")
            return (values[0], values[1])
        }
        let weights = try range("strategy_weights") ?? (0, 1)
        if let entry = parameters?.child("strategy_weights") {
            try entry.ensure(weights.low >= 0, "strategy_weights must be non-negative (long-only weights)")
        }
        let threshold = try range("regime_confidence_threshold")
        if let threshold, let entry = parameters?.child("regime_confidence_threshold") {
            try entry.ensure(threshold.low >= 0 && threshold.high <= 1, "regime_confidence_threshold is a probability: keep it within [0, 1]")
        }
        let rebalance = try range("rebalance_frequency")
        if let rebalance, let entry = parameters?.child("rebalance_frequency") {
            try entry.ensure(rebalance.low >= 1 && rebalance.low.rounded(.up) <= rebalance.high.rounded(.down),
                             "rebalance_frequency counts bars: a range of whole numbers from 1")
        }
        var generations = 20, population: Int?, trials = 100
        if let node = optimization?.child("n_generations") {
            try node.ensure(method == .differentialEvolution, "n_generations applies to method differential_evolution")
            generations = try node.int()
            try node.ensure(generations >= 1 && generations <= 10_000, "n_generations must be between 1 and 10000")
        }
        if let node = optimization?.child("population_size") {
            try node.ensure(method == .differentialEvolution, "population_size applies to method differential_evolution")
            population = try node.int()
            try node.ensure((population ?? 0) >= 5 && (population ?? 0) <= SearchPlan.maximumPopulation,
                            "population_size must be between 5 and \(SearchPlan.maximumPopulation)")
        }
        if let node = optimization?.child("n_trials") {
            try node.ensure(method == .bayesian, "n_trials applies to method bayesian; differential evolution runs n_generations × population_size")
            trials = try node.int()
            try node.ensure(trials >= 1 && trials <= SearchPlan.maximumBayesianTrials, "n_trials must be between 1 and \(SearchPlan.maximumBayesianTrials)")
        }
        var constraints = WeightConstraints()
        if let node {
            try node.checkKeys(allowed: ["sum_weights", "min_weight", "max_weight", "max_correlation"])
            constraints = WeightConstraints(
                sum: try node.optional("sum_weights") { try $0.double() } ?? 1,
                minWeight: try node.optional("min_weight") { try $0.double() } ?? 0,
                maxWeight: try node.optional("max_weight") { try $0.double() } ?? 1,
                maxCorrelation: try node.optional("max_correlation") { try $0.double() })
            do {
                try constraints.validate()
            } catch {
                throw node.error("\(error.reason)")
            }
        }
        return EnsembleSearchConfig(method: method, weightRange: weights, threshold: threshold, rebalance: rebalance,
                                    generations: generations, populationSize: population, trials: trials, objective: objective,
                                    constraints: constraints, replay: replay)
    }

    /// The search as JSON (kept with the weights, so a walk-forward can re-run it per window).
    var json: JSONValue {
        func range(_ r: (low: Double, high: Double)?) -> JSONValue { r.map { .array([.number($0.low), .number($0.high)]) } ?? .null }
        return .object([
            ("method", .string(method.rawValue)), ("n_generations", .integer(generations)),
            ("population_size", populationSize.map { .integer($0) } ?? .null), ("n_trials", .integer(trials)),
            ("strategy_weights", range(weightRange)), ("regime_confidence_threshold", range(threshold)),
            ("rebalance_frequency", range(rebalance)), ("objective", .string(objective.rawValue)),
        ])
    }

    /// The search over `members`' weights as a ``TrialSampler``, its random streams under `stream`.
    func sampler(members: [String], seed: UInt64, stream: String) -> VectorTrialSampler {
        let parameters = samplerParameters(members: members)
        let inner: any VectorSampler
        switch method {
        case .differentialEvolution:
            inner = DifferentialEvolutionVectorSampler(DifferentialEvolution(
                parameters: parameters, config: DEConfig(populationSize: populationSize, generations: generations),
                seed: seed, stream: "\(stream)/de"))
        case .bayesian:
            inner = TPEVectorSampler(TPESampler(parameters: parameters, config: TPEConfig(), seed: seed, stream: "\(stream)/tpe"),
                                     budget: trials, batch: SearchPlan.tpeBatch)
        }
        return VectorTrialSampler(inner, label: "ensemble")
    }

    /// The searched parameters for `members` members: `weight_m0 …`, then the threshold and period.
    func samplerParameters(members: [String]) -> [SamplerParameter] {
        var list = members.map { SamplerParameter(name: "weight_\($0)", low: weightRange.low, high: weightRange.high) }
        if let threshold { list.append(SamplerParameter(name: "regime_confidence_threshold", low: threshold.low, high: threshold.high)) }
        if let rebalance {
            list.append(SamplerParameter(name: "rebalance_frequency", low: rebalance.low, high: rebalance.high, kind: .integer))
        }
        return list
    }
}

extension EnsembleSearchConfig {
    /// The search stored with some weights (see ``json``), under `constraints`.
    init(json value: JSONValue, constraints: WeightConstraints, replay: Bool) throws {
        func range(_ key: String) -> (low: Double, high: Double)? {
            guard let pair = value[key]?.arrayValue, pair.count == 2, let low = pair[0].doubleValue, let high = pair[1].doubleValue else { return nil }
            return (low, high)
        }
        guard let method = value["method"]?.stringValue.flatMap(Method.init(rawValue:)), let weights = range("strategy_weights") else {
            throw WorkflowError("the ensemble weights do not record the search that found them")
        }
        self.init(method: method, weightRange: weights, threshold: range("regime_confidence_threshold"),
                  rebalance: range("rebalance_frequency"),
                  generations: value["n_generations"]?.wholeNumber ?? 20,
                  populationSize: value["population_size"]?.wholeNumber,
                  trials: value["n_trials"]?.wholeNumber ?? 100,
                  objective: value["objective"]?.stringValue.flatMap(Objective.init(rawValue:)) ?? .sharpeRatio,
                  constraints: constraints, replay: replay)
    }
}
