import Backtest
import Ensembles
import Indicators
import Market
import Metrics
import Reports
import Strategies

/// `type: ensemble_optimization` — combine the strategies of earlier phases into one ensemble.
///
/// ```yaml
/// - name: ensemble_construction
///   type: ensemble_optimization
///   inputs: ["strategy_selection.selected_strategies"]     # any parameter-set outputs
///   config:
///     ensemble_method: weighted_average     # or ensemble_methods: [voting, weighted_average, meta_learning, hierarchical_voting]
///     adaptive_weighting: true              # weighted_average: weights from trailing Sharpe ratios
///     adaptive_lookback: 63                 # bars (default 63)
///     market_condition_awareness: true      # scale positions down when volatility is above its history
///     cross_validation: {folds: 5, embargo: 5}   # or true: meta_learning's purged folds, and every
///                                           # method's objective reported per contiguous fold
///     constraints: {sum_weights: 1, min_weight: 0, max_weight: 1, max_correlation: 0.9}
///     objective: sharpe_ratio               # picks the best of several methods
///     data_split: train                     # default train
///   outputs: [ensemble_weights, ensemble_performance_metrics, ensemble_contribution_analysis]
/// ```
///
/// Members are every parameter set of the inputs (in input order). Each method builds the
/// ensemble's positions on the phase's bars (``EnsembleConstruction`` gives the rules), the
/// engine backtests them with the phase's costs, and the method with the best objective
/// becomes `ensemble_weights`. `ensemble_performance_metrics` holds every method's metrics
/// and each member's own; `ensemble_contribution_analysis` each member's marginal
/// contribution: the chosen ensemble's objective minus the objective of the same ensemble
/// rebuilt without that member.
public struct EnsemblePhase: WorkflowPhase {
    public static let typeName = "ensemble_optimization"
    public static let defaultOutputs = ["ensemble_weights", "ensemble_performance_metrics"]
    public static let outputNames = ["ensemble_weights", "optimal_ensemble_weights", "ensemble_performance_metrics",
                                     "ensemble_contribution_analysis"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        switch name {
        case "ensemble_weights", "optimal_ensemble_weights": return .ensembleWeights
        case "ensemble_performance_metrics", "ensemble_contribution_analysis": return .metrics
        default: return nil
        }
    }

    let name: String
    let methods: [EnsembleMethod]
    let settings: EnsembleSettings
    let objective: Objective
    let segment: DataSegment
    let backtest: BacktestConfig
    /// Walk-forward results among the inputs: members are out-of-sample streams (``BranchMembers``).
    let joinsBranches: Bool

    public func segmentSeen(by output: String) -> DataSegment? { joinsBranches ? .full : segment }

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        var branches = false
        for reference in planning.inputKinds where reference.kind != .parameterSets {
            guard reference.kind == .models || (reference.kind == .metrics && Self.branchOutputs.contains(reference.reference.output)) else {
                throw declaration.node.error("input '\(reference.reference.text)' (\(reference.kind.rawValue)) is not used by an ensemble phase; it takes parameter sets, walk-forward results and best_models")
            }
            branches = true
        }
        guard !planning.inputKinds.isEmpty else {
            throw declaration.node.error("an ensemble needs members: give it parameter-set inputs, e.g. inputs: [\"optimize.top_5_strategies\"]")
        }
        joinsBranches = branches
        let config = declaration.config
        try config?.checkKeys(allowed: ["ensemble_method", "ensemble_methods", "adaptive_weighting", "adaptive_lookback",
                                        "market_condition_awareness", "cross_validation", "constraints", "objective", "data_split"]
                              + PhaseConfig.backtestKeys)
        if branches, let split = config?.keyNode("data_split") {
            throw split.error("an ensemble of walk-forward results is evaluated on the bars every member covers out of sample; data_split does not apply",
                              hint: "remove data_split")
        }
        (methods, settings) = try Self.parseSettings(config)
        objective = try config?.optional("objective") { try $0.enumeration(Objective.self) } ?? .sharpeRatio
        segment = try PhaseConfig.segment(config, default: .train)
        backtest = try PhaseConfig.backtestConfig(config)
    }

    /// Metric outputs an ensemble takes as members (walk-forward results, ``BranchMembers``).
    static let branchOutputs: Set<String> = ["results", "walk_forward_results"]

    /// `ensemble_method(s)`, `adaptive_weighting`, `adaptive_lookback`, `market_condition_awareness`,
    /// `cross_validation` and `constraints` (shared with the optimisation phase's `ensemble_optimization` block).
    static func parseSettings(_ config: ConfigNode?) throws -> ([EnsembleMethod], EnsembleSettings) {
        var methods: [EnsembleMethod] = [.weightedAverage]
        if let node = config?.child("ensemble_methods") {
            methods = try node.sequence().map { try $0.enumeration(EnsembleMethod.self) }
            try node.ensure(!methods.isEmpty, "ensemble_methods must list at least one method")
            if let single = config?.keyNode("ensemble_method") { throw single.error("give ensemble_method or ensemble_methods, not both") }
        } else if let node = config?.child("ensemble_method") {
            methods = [try node.enumeration(EnsembleMethod.self)]
        }
        var settings = EnsembleSettings()
        settings.adaptiveWeighting = try config?.optBool("adaptive_weighting") ?? false
        if let node = config?.child("adaptive_lookback") {
            settings.adaptiveLookback = try node.int()
            try node.ensure(settings.adaptiveLookback >= 5 && settings.adaptiveLookback <= 10_000, "adaptive_lookback must be between 5 and 10000 bars")
            try node.ensure(settings.adaptiveWeighting, "adaptive_lookback needs adaptive_weighting: true")
        }
        if settings.adaptiveWeighting, !methods.contains(.weightedAverage), let node = config?.keyNode("adaptive_weighting") {
            throw node.error("adaptive_weighting applies to the weighted_average method; add it to the ensemble methods")
        }
        settings.marketConditionAwareness = try config?.optBool("market_condition_awareness") ?? false
        if let node = config?.child("cross_validation") {
            if node.isMapping {
                try node.checkKeys(allowed: ["folds", "embargo"])
                settings.folds = try node.optInt("folds", atLeast: 2) ?? 5
                settings.embargo = try node.optInt("embargo", atLeast: 0) ?? 5
                settings.crossValidation = true
            } else {
                settings.crossValidation = try node.bool()
            }
        }
        if let node = config?.child("constraints") {
            try node.checkKeys(allowed: ["sum_weights", "min_weight", "max_weight", "max_correlation"])
            settings.constraints = WeightConstraints(
                sum: try node.optional("sum_weights") { try $0.double() } ?? 1,
                minWeight: try node.optional("min_weight") { try $0.double() } ?? 0,
                maxWeight: try node.optional("max_weight") { try $0.double() } ?? 1,
                maxCorrelation: try node.optional("max_correlation") { try $0.double() })
            do { try settings.constraints.validate() } catch { throw node.error(error.reason) }
        }
        return (methods, settings)
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        if joinsBranches { return try runBranches(context) }
        var members: [StrategySelection] = []
        for input in context.inputs(of: .parameterSets) {
            for selection in try ParameterSetsCodec.decode(input.artifact.value)
            where !members.contains(where: { $0.strategy == selection.strategy && $0.parameters == selection.parameters }) {
                members.append(selection)
            }
        }
        guard !members.isEmpty else { throw WorkflowError(phase: name, "the inputs hold no parameter sets") }
        let bars = context.data.bars(segment)
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let builder = try EnsembleBuilder(members: members, bars: bars, backtest: config, settings: settings, objective: objective)
        let results = try methods.map { try builder.evaluate($0, members: Array(members.indices)) }
        guard let chosen = objective.rank(Array(results.indices), value: { results[$0].objective }, index: { $0 }).first else {
            throw WorkflowError(phase: name, "no ensemble method could be evaluated")
        }
        let best = results[chosen]
        var artifacts: [Artifact] = []
        for output in context.requestedOutputs {
            switch output {
            case "ensemble_weights", "optimal_ensemble_weights":
                artifacts.append(Artifact(name: output, kind: .ensembleWeights, value: builder.weights(best, segment: segment).json))
            case "ensemble_performance_metrics":
                artifacts.append(Artifact(name: output, kind: .metrics, value: try builder.performance(results, chosen: best.built.method)))
            case "ensemble_contribution_analysis":
                artifacts.append(Artifact(name: output, kind: .metrics, value: try builder.contributions(best)))
            default:
                continue
            }
        }
        var result = PhaseResult(artifacts: artifacts)
        result.seen = context.data.range(segment)
        return result
    }
}

/// Builds, backtests and describes ensembles of fixed members on one set of bars.
struct EnsembleBuilder {
    let members: [StrategySelection]
    let bars: [BarSeries]
    let backtest: BacktestConfig
    let settings: EnsembleSettings
    let objective: Objective
    let signals: [[[Double]?]]
    /// The regime each member was optimised for, if any (reported with its weight).
    let regimes: [String?]
    /// The group each member votes in under `hierarchical_voting`: its strategy, or the research
    /// branch it came from (``BranchMembers``).
    let families: [String]
    /// Whether each member's signals are its strategy's on these bars (false: given streams,
    /// e.g. a walk-forward's stitched out-of-sample signals).
    let replayable: Bool

    struct Evaluated {
        var built: BuiltEnsemble
        var members: [Int]
        var summary: PerformanceSummary
        var objective: Double
    }

    init(members: [StrategySelection], bars: [BarSeries], backtest: BacktestConfig, settings: EnsembleSettings,
         objective: Objective, regimes: [String?]? = nil) throws {
        self.members = members
        self.regimes = regimes ?? [String?](repeating: nil, count: members.count)
        self.bars = bars
        self.backtest = backtest
        self.settings = settings
        self.objective = objective
        families = members.map(\.strategy)
        replayable = true
        signals = try RecomputedSignals.rows(members, bars: bars, evaluator: StrategyEvaluator(config: .init(), cache: IndicatorCache()))
    }

    /// Members given as signal streams over `bars` (``BranchMembers``), grouped by branch.
    init(branches: BranchMembers, bars: [BarSeries], backtest: BacktestConfig, settings: EnsembleSettings, objective: Objective) {
        members = branches.members.map { StrategySelection(strategy: $0.strategy, parameters: $0.parameters) }
        regimes = [String?](repeating: nil, count: branches.members.count)
        families = branches.members.map(\.branch)
        replayable = false
        self.bars = bars
        self.backtest = backtest
        self.settings = settings
        self.objective = objective
        signals = branches.rows
    }

    /// Member `i` traded alone on the bars.
    func alone(_ i: Int) throws -> BacktestResult {
        var config = backtest
        config.detail = .summary
        if replayable {
            let (used, series) = try StrategyEvaluator(config: .init()).signals(members[i], on: bars)
            return try BacktestEngine(config: config).run(bars: used, signals: series)
        }
        let rows = signals[i]
        let used = bars.indices.filter { rows[$0] != nil }
        return try BacktestEngine(config: config).run(
            bars: used.map { bars[$0] },
            signals: used.map { j in SignalSeries(symbol: bars[j].symbol, timestamps: bars[j].timestamps,
                                                  values: (rows[j] ?? []).map { $0.isFinite ? $0 : 0 }) })
    }

    func evaluate(_ method: EnsembleMethod, members subset: [Int]) throws -> Evaluated {
        let built = try EnsembleConstruction.build(method, members: subset.map { signals[$0] },
                                                   names: subset.map { families[$0] }, bars: bars, settings: settings)
        var config = backtest
        config.detail = .summary
        let result = try BacktestEngine(config: config).run(bars: bars, signals: built.signals)
        return Evaluated(built: built, members: subset, summary: result.summary, objective: objective.value(result.summary))
    }

    func weights(_ best: Evaluated, segment: DataSegment) -> EnsembleWeights {
        var weights = EnsembleWeights(
            method: best.built.method.rawValue, signalsFrom: "", segment: segment.rawValue, objective: objective.rawValue,
            objectiveValue: best.objective, trial: 0,
            members: best.members.enumerated().map { k, i in
                EnsembleWeights.Member(id: "m\(i)", strategy: members[i].strategy, parameters: members[i].parameters, regime: regimes[i],
                                       weight: best.built.weights[k])
            },
            confidenceThreshold: nil, rebalanceEvery: 1, constraints: settings.constraints, replayed: false)
        weights.notes = best.built.notes + [
            ("adaptive_weighting", .bool(settings.adaptiveWeighting && best.built.method == .weightedAverage)),
            ("market_condition_awareness", .bool(settings.marketConditionAwareness)),
            ("settings", .object([
                ("adaptive_weighting", .bool(settings.adaptiveWeighting)), ("adaptive_lookback", .integer(settings.adaptiveLookback)),
                ("market_condition_awareness", .bool(settings.marketConditionAwareness)),
                ("folds", .integer(settings.folds)), ("embargo", .integer(settings.embargo)),
            ])),
        ]
        return weights
    }

    func performance(_ results: [Evaluated], chosen: EnsembleMethod) throws -> JSONValue {
        .object([
            ("chosen_method", .string(chosen.rawValue)),
            ("objective", .string(objective.rawValue)),
            ("methods", .array(try results.map { result in
                var pairs: [(String, JSONValue)] = [
                    ("method", .string(result.built.method.rawValue)), ("objective_value", .number(result.objective)),
                    ("sample", .string(sample(result.built.method))),
                    ("metrics", MetricsJSON.summary(result.summary))]
                if settings.crossValidation { pairs.append(("cross_validation", try folds(result))) }
                return .object(pairs)
            })),
            ("members", .array(try members.indices.map { i in
                .object([("member", .string("m\(i)")), ("strategy", .string(members[i].strategy)),
                         ("parameters", members[i].parametersJSON), ("metrics", MetricsJSON.summary(try alone(i).summary))])
            })),
        ])
    }

    /// How a method's figures relate to the bars they are measured on: `meta_learning`'s are
    /// out of fold; voting methods fit nothing, so over out-of-sample member streams their
    /// figures are out of sample; anything else (weights fitted on these bars, or members
    /// chosen on them) is in sample.
    func sample(_ method: EnsembleMethod) -> String {
        if method == .metaLearning { return "out_of_fold" }
        if !replayable, method == .voting || method == .hierarchicalVoting { return "out_of_sample" }
        return "in_sample"
    }

    /// The ensemble's objective on each of `folds` contiguous parts of the bars (its stability).
    func folds(_ result: Evaluated) throws -> JSONValue {
        var config = backtest
        config.detail = .full
        let returns = try BacktestEngine(config: config).run(bars: bars, signals: result.built.signals).returns
        let k = max(2, settings.folds), n = returns.count
        let values: [Double] = (0..<k).map { f in
            let part = Array(returns[(f * n / k)..<((f + 1) * n / k)])
            return objective.value(PerformanceSummary(returns: part, periodsPerYear: backtest.periodsPerYear ?? 252))
        }
        let mean = SampleMoments.mean(values), sd = SampleMoments.standardDeviation(values)
        return .object([("folds", .integer(k)), ("objective_by_fold", .array(values.map { .number($0) })),
                        ("mean", .number(mean)), ("std", .number(sd))])
    }

    func contributions(_ best: Evaluated) throws -> JSONValue {
        .object([
            ("method", .string(best.built.method.rawValue)),
            ("objective", .string(objective.rawValue)),
            ("ensemble_objective", .number(best.objective)),
            ("rule", .string("contribution = ensemble objective − objective of the ensemble rebuilt without the member")),
            ("members", .array(try best.members.enumerated().map { k, i in
                let rest = best.members.filter { $0 != i }
                let without = rest.isEmpty ? nil : try? evaluate(best.built.method, members: rest)
                return .object([("member", .string("m\(i)")), ("weight", .number(best.built.weights[k])),
                                ("contribution", without.map { .number(best.objective - $0.objective) } ?? .null),
                                ("objective_without", without.map { .number($0.objective) } ?? .null),
                                ("strategy", .string(members[i].strategy)), ("parameters", members[i].parametersJSON)])
            })),
        ])
    }
}
