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
/// `performance_distribution` (quantiles of objective, Sharpe and return).
public struct OptimizationPhase: WorkflowPhase {
    public static let typeName = "optimization"
    public static let defaultOutputs = ["best_parameters", "top_10_parameter_sets", "optimization_history"]
    public static let outputNames = [
        "best_parameters", "top_N_parameter_sets", "top_N_strategies", "best_strategies", "selected_strategies",
        "optimization_history", "optimization_results", "parameter_importance", "performance_distribution",
    ]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        if topCount(name) != nil { return .parameterSets }
        switch name {
        case "best_parameters", "best_strategies", "selected_strategies": return .parameterSets
        case "optimization_history", "parameter_importance": return .table
        case "optimization_results", "performance_distribution": return .metrics
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

    enum Method: String, CaseIterable {
        case grid, random
    }

    let name: String
    let method: Method
    let strategies: [StrategyDefinition]
    let fixed: [String: [String: Double]]
    let space: SearchSpace
    let objective: Objective
    let trialCount: Int?
    let segment: DataSegment
    let backtest: BacktestConfig

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        if let method = declaration.method {
            throw declaration.node.error(
                "phase method '\(method)' is not supported yet",
                hint: "signal replay arrives with signal capture; remove 'method' to backtest each trial")
        }
        guard let config = declaration.config, config.isMapping else {
            throw declaration.node.error(
                "an optimization phase needs a config with 'strategies' and 'optimization' (method, parameters, objective)")
        }
        try PhaseConfig.refuseUnsupported(config, [
            "ensemble_optimization": "ensembles arrive with the ensemble phase",
            "constraints": "weight constraints arrive with the ensemble phase",
            "input_processing": "weighting of input results is not implemented",
        ])
        try config.checkKeys(allowed: ["strategies", "optimization", "data_split"] + PhaseConfig.backtestKeys)
        let listed = try PhaseConfig.strategies(try config.require("strategies"))
        strategies = listed.map(\.definition)
        var fixed: [String: [String: Double]] = [:]
        for entry in listed where !entry.fixed.isEmpty { fixed[entry.definition.name] = entry.fixed }
        self.fixed = fixed
        let optimization = try config.require("optimization")
        try PhaseConfig.refuseUnsupported(optimization, [
            "group_by_regime": "regime-specific optimisation arrives with regime detection",
            "n_trials_per_regime": "regime-specific optimisation arrives with regime detection",
            "n_generations": "differential evolution is not implemented yet",
            "population_size": "differential evolution is not implemented yet",
            "risk_penalty": "robust optimisation is not implemented yet",
        ])
        try optimization.checkKeys(allowed: ["method", "parameters", "objective", "n_trials"])
        let methodNode = try optimization.require("method")
        let methodName = try methodNode.string()
        guard let method = Method(rawValue: methodName) else {
            throw methodNode.error("optimization method '\(methodName)' is not supported yet",
                                   hint: "supported: grid, random")
        }
        self.method = method
        objective = try optimization.optional("objective") { try $0.enumeration(Objective.self) } ?? .sharpeRatio
        let parametersNode = try optimization.require("parameters")
        var entries: [(name: String, domain: ParameterDomain)] = []
        for entry in try parametersNode.entries() {
            let values = try entry.value.doubleList()
            switch method {
            case .grid:
                entries.append((entry.key, .values(values)))
            case .random:
                guard values.count == 2 else {
                    throw entry.value.error("random search reads [low, high]; got \(values.count) value(s)")
                }
                entries.append((entry.key, .range(low: values[0], high: values[1])))
            }
        }
        // Strategies that are not optimisation targets keep their defaults / fixed values.
        let targets = listed.filter(\.target).map(\.definition)
        space = SearchSpace(entries)
        do {
            if !targets.isEmpty { try space.validate(for: targets) }
        } catch let error as OptimizationError {
            let node = error.parameter.flatMap { parametersNode.child($0) } ?? parametersNode
            throw node.error(error.message)
        }
        if method == .random {
            let trialsNode = try optimization.require("n_trials")
            let count = try trialsNode.int()
            guard count >= 1 else { throw trialsNode.error("n_trials must be at least 1, got \(count)") }
            trialCount = count
        } else {
            if let extra = optimization.keyNode("n_trials") {
                throw extra.error("n_trials applies to random search; a grid evaluates every combination")
            }
            trialCount = nil
        }
        segment = try PhaseConfig.segment(config, default: .train)
        backtest = try PhaseConfig.backtestConfig(config)
        nonTargets = Set(listed.filter { !$0.target }.map(\.definition.name))
        // Check the trials can be generated at all (constraints, empty grids).
        do {
            _ = try makeTrials(seed: planning.seed, reduced: false)
        } catch let error as OptimizationError {
            throw parametersNode.error(error.message)
        }
    }

    let nonTargets: Set<String>

    func makeTrials(seed: UInt64, reduced: Bool) throws -> (trials: [TrialSpec], skipped: Int) {
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
            case .random:
                let count = reduced ? max(1, (trialCount ?? 1) / 2) : (trialCount ?? 1)
                trials = try RandomSearch.trials(strategies: targets, space: searched, count: count, seed: seed,
                                                 stream: "\(name)/random", fixed: fixed)
            }
        }
        for strategy in strategies where nonTargets.contains(strategy.name) {
            let parameters = try strategy.resolve(fixed[strategy.name] ?? [:])
            trials.append(TrialSpec(index: trials.count, strategy: strategy.name, parameters: parameters))
        }
        return (trials, skipped)
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let (trials, skipped) = try makeTrials(seed: context.seed, reduced: context.reducedSpace)
        let bars = context.data.bars(segment)
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let evaluator = StrategyEvaluator(config: config, cache: IndicatorCache())
        let objective = self.objective
        let done = Set(try context.store.trials(run: context.runID, phase: name).map(\.index))
        let pending = trials.filter { !done.contains($0.index) }
        if !done.isEmpty {
            context.progress.note("  \(name): resuming — \(done.count) of \(trials.count) trials already checkpointed")
        }
        var completed = done.count
        var best = try context.store.trials(run: context.runID, phase: name)
            .map { objective.score($0.objective) }.max() ?? -.infinity
        var workers = context.workers
        var warnings: [String] = []
        var batches = 0
        var overLimit: Int64?
        var delayAlerted = false
        let batchSize = max(16, 8 * context.workers)
        let started = Date().timeIntervalSince1970
        let outcome = try ParallelEvaluator(workers: context.workers, batchSize: batchSize).run(
            pending,
            evaluate: { trial in Self.evaluate(trial, evaluator: evaluator, bars: bars, objective: objective) },
            onBatch: { records in
                try context.store.saveTrials(run: context.runID, phase: name, records)
                batches += 1
                completed += records.count
                for record in records { best = max(best, objective.score(record.objective)) }
                if context.alertOnEstimatedDelay, !delayAlerted, let deadline = context.budget.deadline, completed > done.count {
                    let now = Date().timeIntervalSince1970
                    let eta = (now - started) / Double(completed - done.count) * Double(trials.count - completed)
                    if now + eta > deadline {
                        delayAlerted = true
                        context.progress.note("ALERT estimated_delay: \(name) needs about \(Int(eta)) s more but its timeout_hours budget ends in \(Int(max(0, deadline - now))) s")
                    }
                }
                context.progress.trials(name: name, done: completed, total: trials.count,
                                        bestObjective: best.isFinite ? (objective.minimises ? -best : best) : nil,
                                        objective: objective.rawValue)
            },
            shouldStop: {
                if !context.budget.degradeOnMemory, let limit = context.budget.memoryLimitBytes,
                   let used = context.budget.memoryInUse(phase: name), used > limit {
                    overLimit = used
                    return true
                }
                return context.budget.timedOut(phase: name, batchesDone: batches)
            },
            workersForNextBatch: {
                guard let limit = context.budget.memoryLimitBytes,
                      let used = context.budget.memoryInUse(phase: name), used > limit else { return nil }
                if !context.budget.degradeOnMemory || workers == 1 {
                    return nil
                }
                workers = max(1, workers / 2)
                warnings.append("memory \(used / 1_000_000) MB above the limit of \(limit / 1_000_000) MB: continued with \(workers) worker(s)")
                return workers
            })
        if let used = overLimit, let limit = context.budget.memoryLimitBytes {
            throw WorkflowError(phase: name, "memory use \(used / 1_000_000) MB exceeded memory_limit_gb (\(limit / 1_000_000) MB); resource_exhaustion: abort")
        }
        var partial = false
        if case .stopped(let remaining) = outcome {
            let message = "time budget spent after \(trials.count - remaining) of \(trials.count) trials"
            guard context.acceptPartialResults else { throw WorkflowError(phase: name, message) }
            warnings.append(message + "; results are partial")
            partial = true
        }
        let records = try context.store.trials(run: context.runID, phase: name)
        var result = PhaseResult(
            artifacts: try outputs(records: records, trials: trials, skipped: skipped, requested: context.requestedOutputs,
                                   partial: partial, reduced: context.reducedSpace),
            warnings: warnings, partial: partial)
        result.workersUsed = workers
        result.busySeconds = (Date().timeIntervalSince1970 - started) * Double(workers)
        return result
    }

    /// Backtests one trial; failures become a NaN objective with the reason recorded.
    static func evaluate(_ trial: TrialSpec, evaluator: StrategyEvaluator, bars: [BarSeries], objective: Objective) -> TrialRecord {
        let selection = StrategySelection(strategy: trial.strategy, parameters: trial.parameters, trial: trial.index)
        let parameters = JSONValue.object([("strategy", .string(trial.strategy)), ("parameters", selection.parametersJSON)])
        do {
            let result = try evaluator.run(selection, on: bars)
            return TrialRecord(index: trial.index, parameters: parameters.serialized(),
                               objective: objective.value(result.summary),
                               metrics: MetricsJSON.summary(result.summary).serialized())
        } catch {
            return TrialRecord(index: trial.index, parameters: parameters.serialized(), objective: .nan,
                               metrics: JSONValue.object([("error", .string("\(error)"))]).serialized(), status: "failed")
        }
    }
}
