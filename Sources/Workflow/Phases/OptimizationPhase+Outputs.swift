import Dispatch
import Metrics
import Optimization
import Reports
import Store
import Strategies

extension OptimizationPhase {
    /// One evaluated trial, decoded from the run store.
    struct EvaluatedTrial {
        var index: Int
        var selection: StrategySelection
        var metrics: PerformanceSummary?
        var objective: Double
    }

    static func decode(_ record: TrialRecord) throws -> EvaluatedTrial {
        let parameters = try JSONValue.parse(record.parameters)
        guard let strategy = parameters["strategy"]?.stringValue, let values = parameters["parameters"]?.objectValue else {
            throw WorkflowError("trial \(record.index) has malformed parameters in the run store")
        }
        var dictionary: [String: Double] = [:]
        for (key, value) in values { dictionary[key] = value.doubleValue ?? .nan }
        let metricsJSON = try JSONValue.parse(record.metrics)
        let metrics = metricsJSON["error"] == nil ? MetricsJSON.decodeSummary(metricsJSON) : nil
        return EvaluatedTrial(
            index: record.index,
            selection: StrategySelection(strategy: strategy, parameters: ParameterSet(dictionary),
                                         objective: record.objective, trial: record.index),
            metrics: metrics, objective: record.objective)
    }

    /// Every record decoded, in order, on all cores (decoding is pure; the order is the records').
    static func decodeAll(_ records: [TrialRecord]) throws -> [EvaluatedTrial] {
        var decoded = [Result<EvaluatedTrial, Error>?](repeating: nil, count: records.count)
        let chunk = 512
        let chunks = (records.count + chunk - 1) / chunk
        decoded.withDisjointWrites { out in
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * chunk)..<min(records.count, (c + 1) * chunk) {
                    out[i] = Result { try decode(records[i]) }
                }
            }
        }
        return try decoded.map { try ($0 ?? .failure(WorkflowError("a trial record was not decoded"))).get() }
    }

    func outputs(records: [TrialRecord], planned: Int, skipped: Int, requested: [String],
                 partial: Bool, reduced: Bool) throws -> [Artifact] {
        let evaluated = try Self.decodeAll(records)
        guard !evaluated.isEmpty else { throw WorkflowError(phase: name, "no trial was evaluated") }
        // Distinct parameter sets only: model-based searches may evaluate the same set twice.
        let ranked = objective.rank(evaluated, value: \.objective, index: \.index).distinctSelections(\.selection)
        func sets(_ list: [EvaluatedTrial]) -> JSONValue {
            ParameterSetsCodec.encode(objective: objective.rawValue, ranked: list.map { ($0.selection, $0.metrics) })
        }
        var artifacts: [Artifact] = []
        for output in requested where !Self.ensembleBlockOutputs.contains(output) {
            let value: JSONValue
            if let n = Self.topCount(output) {
                value = sets(Array(ranked.prefix(n)))
            } else {
                switch output {
                case "best_parameters":
                    value = sets(Array(ranked.prefix(1)))
                case "selected_strategies":
                    value = sets(Array(ranked.prefix(10)))
                case "best_strategies":
                    var seen: Set<String> = []
                    value = sets(ranked.filter { seen.insert($0.selection.strategy).inserted })
                case "optimization_history":
                    value = history(evaluated)
                case "optimization_results":
                    value = summary(ranked: ranked, planned: planned, skipped: skipped, partial: partial, reduced: reduced)
                case "parameter_importance":
                    value = importance(evaluated)
                case "performance_distribution":
                    value = distribution(evaluated)
                case "overfitting_statistics":
                    value = .null
                default:
                    throw WorkflowError(phase: name, "cannot produce output '\(output)'")
                }
            }
            guard let kind = Self.outputKind(output) else {
                throw WorkflowError(phase: name, "cannot produce output '\(output)'")
            }
            if output == "overfitting_statistics" { continue }
            artifacts.append(Artifact(name: output, kind: kind, value: value))
        }
        return artifacts
    }

    private func history(_ trials: [EvaluatedTrial]) -> JSONValue {
        .object([
            ("objective", .string(objective.rawValue)),
            ("trials", .array(trials.sorted { $0.index < $1.index }.map { trial in
                .object([
                    ("trial", .integer(trial.index)),
                    ("strategy", .string(trial.selection.strategy)),
                    ("parameters", trial.selection.parametersJSON),
                    ("objective_value", .number(trial.objective)),
                    ("sharpe_ratio", .number(trial.metrics?.sharpeRatio)),
                    ("total_return", .number(trial.metrics?.totalReturn)),
                    ("max_drawdown", .number(trial.metrics?.maxDrawdown)),
                    ("num_trades", trial.metrics.map { .integer($0.numTrades) } ?? .null),
                ])
            })),
        ])
    }

    private func summary(ranked: [EvaluatedTrial], planned: Int, skipped: Int, partial: Bool, reduced: Bool) -> JSONValue {
        let failed = ranked.filter { $0.metrics == nil }.count
        return .object([
            ("method", .string(method.rawValue)),
            ("objective", .string(objective.rawValue)),
            ("strategies", .array(strategies.map { .string($0.name) })),
            ("trials_planned", .integer(planned)),
            ("trials_evaluated", .integer(ranked.count)),
            ("trials_failed", .integer(failed)),
            ("skipped_by_constraints", .integer(skipped)),
            ("reduced_parameter_space", .bool(reduced)),
            ("partial", .bool(partial)),
            ("best", ranked.first.map {
                .object([("trial", .integer($0.index)), ("strategy", .string($0.selection.strategy)),
                         ("parameters", $0.selection.parametersJSON), ("objective_value", .number($0.objective))])
            } ?? .null),
        ])
    }

    private func importance(_ trials: [EvaluatedTrial]) -> JSONValue {
        let names = space.names
        let rows = ParameterImportance.compute(
            names: names, trials: trials.map { ($0.selection.parameters.values, objective.score($0.objective)) })
        return .object([
            ("objective", .string(objective.rawValue)),
            ("method", .string("eta_squared")),
            ("parameters", .array(rows.map {
                .object([("parameter", .string($0.parameter)), ("eta_squared", .number($0.etaSquared)),
                         ("share", .number($0.share)), ("trials", .integer($0.trials))])
            })),
        ])
    }

    private func distribution(_ trials: [EvaluatedTrial]) -> JSONValue {
        func describe(_ values: [Double]) -> JSONValue {
            let d = PerformanceDistribution(values)
            return .object([
                ("count", .integer(d.count)), ("finite", .integer(d.finiteCount)), ("mean", .number(d.mean)),
                ("std", .number(d.standardDeviation)),
                ("quantiles", .object(d.quantiles.map { ("p\(Int(($0.q * 100).rounded()))", .number($0.value)) })),
            ])
        }
        return .object([
            ("objective", .string(objective.rawValue)),
            ("objective_value", describe(trials.map(\.objective))),
            ("sharpe_ratio", describe(trials.map { $0.metrics?.sharpeRatio ?? .nan })),
            ("total_return", describe(trials.map { $0.metrics?.totalReturn ?? .nan })),
            ("max_drawdown", describe(trials.map { $0.metrics?.maxDrawdown ?? .nan })),
            ("objective_histogram", histogram(trials.map(\.objective).filter(\.isFinite), bins: 20)),
        ])
    }

    /// Counts of `values` in `bins` equal-width bins over [min, max]: `{edges, counts}` (null for
    /// fewer than two distinct values).
    private func histogram(_ values: [Double], bins: Int) -> JSONValue {
        guard values.count >= 2, let low = values.min(), let high = values.max(), high > low else { return .null }
        let width = (high - low) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for x in values { counts[min(bins - 1, Int((x - low) / width))] += 1 }
        return .object([("edges", .array((0...bins).map { .number(low + Double($0) * width) })),
                         ("counts", .array(counts.map { .integer($0) }))])
    }
}

extension OptimizationPhase {
    /// Outputs from the trials checkpointed before the phase failed (`partial_results: acceptable`).
    public func salvage(_ context: PhaseContext) throws -> PhaseResult? {
        let records = try context.store.trials(run: context.runID, phase: name)
        guard !records.isEmpty else { return nil }
        let sampler = try search.sampler(seed: context.seed, stream: name, reduced: context.reducedSpace)
        var result = PhaseResult(
            artifacts: try outputs(records: records, planned: sampler.plannedTrials ?? records.count, skipped: 0,
                                   requested: context.requestedOutputs, partial: true, reduced: context.reducedSpace),
            warnings: ["partial results from \(records.count) checkpointed trial(s)"], partial: true)
        result.seen = context.data.range(segment)
        return result
    }
}

extension OptimizationPhase {
    /// Appends `overfitting_statistics` when requested (re-evaluates up to 200 trials for PBO).
    func withOverfitting(_ result: PhaseResult, records: [TrialRecord], context: PhaseContext) throws -> PhaseResult {
        guard context.requestedOutputs.contains("overfitting_statistics") else { return result }
        let evaluated = try records.map(Self.decode).filter { $0.metrics != nil }
        let ranked = objective.rank(evaluated, value: \.objective, index: \.index).distinctSelections(\.selection)
        guard let best = ranked.first else { return result }
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let value = try OverfittingReport.compute(
            selected: best.selection, trials: ranked.map { ($0.selection, $0.metrics?.sharpeRatio ?? .nan) },
            objective: objective, bars: context.data.bars(segment), config: config,
            periodsPerYear: context.data.periodsPerYear, workers: context.workers, meter: context.meter)
        // Failed trials are not part of DSR's trial count or PBO's candidates: say how many and why.
        let failed = records.filter { $0.status == "failed" }
        var pairs = value.objectValue ?? []
        if !failed.isEmpty {
            pairs.append(("failed_trials", .integer(failed.count)))
            pairs.append(("failed_trial_reasons", .array(failed.prefix(20).map { record in
                .object([("trial", .integer(record.index)),
                         ("reason", .string((try? JSONValue.parse(record.metrics))?["error"]?.stringValue ?? "unknown"))])
            })))
        }
        var updated = result
        updated.artifacts.append(Artifact(name: "overfitting_statistics", kind: .metrics, value: .object(pairs)))
        return updated
    }
}
