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

extension WalkForwardPhase {
    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let bars = context.data.full
        let n = bars.first?.count ?? 0
        let plan = windows(count: n)
        guard !plan.isEmpty else {
            throw WorkflowError(phase: name, "\(n) bars cannot hold one window of \(train) training + \(test) test bars; shorten the windows")
        }
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let evaluator = StrategyEvaluator(config: config, cache: IndicatorCache())
        let inputs = try context.inputs(of: .parameterSets).flatMap { try ParameterSetsCodec.decode($0.artifact.value) }
        let done = Set(try context.store.trials(run: context.runID, phase: name).map(\.index))
        // The same candidates in every window: the phase's own search, or the distinct input sets.
        let candidates: [StrategySelection]
        if let search {
            candidates = try search.trials(seed: context.seed, stream: "\(name)/candidates", reduced: context.reducedSpace)
                .trials.map { StrategySelection(strategy: $0.strategy, parameters: $0.parameters, trial: $0.index) }
        } else {
            candidates = inputs.distinctSelections { $0 }
                .enumerated().map { StrategySelection(strategy: $1.strategy, parameters: $1.parameters, trial: $0) }
        }
        var warnings: [String] = []
        for window in plan where !done.contains(window.index) {
            if context.budget.timedOut(phase: name, batchesDone: done.count + window.index) {
                guard context.acceptPartialResults else { throw WorkflowError(phase: name, "time budget spent at window \(window.index)") }
                warnings.append("time budget spent: \(window.index) of \(plan.count) windows; results are partial")
                break
            }
            var scores = [Double](repeating: .nan, count: candidates.count)
            let specs = candidates.enumerated().map { TrialSpec(index: $0, strategy: $1.strategy, parameters: $1.parameters) }
            let objective = self.objective
            let trainRange = window.trainRange
            _ = try ParallelEvaluator(workers: context.workers, batchSize: max(16, 8 * context.workers)).run(
                specs,
                evaluate: { trial -> (Int, Double) in
                    let selection = StrategySelection(strategy: trial.strategy, parameters: trial.parameters)
                    let value = (try? evaluator.run(selection, on: bars, range: trainRange)).map { objective.value($0.summary) } ?? .nan
                    return (trial.index, value)
                },
                onBatch: { results in for (index, value) in results { scores[index] = value } })
            let ranked = objective.rank(Array(scores.indices), value: { scores[$0] }, index: { $0 })
            guard let bestIndex = ranked.first else { throw WorkflowError(phase: name, "window \(window.index) has no candidate") }
            let best = candidates[bestIndex]
            let inSample = try evaluator.run(best, on: bars, range: window.trainRange)
            let outOfSample = try evaluator.run(best, on: bars, range: window.testRange)
            let record: JSONValue = .object([
                ("window", .integer(window.index)),
                ("train_start", .string(Timestamps.format(bars[0].timestamps[window.trainRange.lowerBound]))),
                ("train_end", .string(Timestamps.format(bars[0].timestamps[window.trainRange.upperBound - 1]))),
                ("test_start", .string(Timestamps.format(bars[0].timestamps[window.testRange.lowerBound]))),
                ("test_end", .string(Timestamps.format(bars[0].timestamps[window.testRange.upperBound - 1]))),
                ("candidates", .integer(candidates.count)),
                ("strategy", .string(best.strategy)),
                ("parameters", best.parametersJSON),
                ("in_sample_objective", .number(scores[bestIndex])),
                ("candidate_objectives", .array(scores.map { .number($0) })),
                ("in_sample", MetricsJSON.summary(inSample.summary)),
                ("out_of_sample", MetricsJSON.summary(outOfSample.summary)),
                ("out_of_sample_returns", .array(outOfSample.returns.map { .number($0) })),
            ])
            try context.store.saveTrials(run: context.runID, phase: name, [TrialRecord(
                index: window.index, parameters: JSONValue.object([("strategy", .string(best.strategy)), ("parameters", best.parametersJSON)]).serialized(),
                objective: scores[bestIndex], metrics: record.serialized())])
            context.progress.trials(name: name, done: window.index + 1, total: plan.count,
                                    bestObjective: scores[bestIndex], objective: objective.rawValue)
        }
        let records = try context.store.trials(run: context.runID, phase: name).map { try JSONValue.parse($0.metrics) }
        guard !records.isEmpty else { throw WorkflowError(phase: name, "no window was completed") }
        var artifacts = try outputs(records, context: context)
        if context.requestedOutputs.contains("overfitting_statistics") {
            artifacts.append(Artifact(name: "overfitting_statistics", kind: .metrics,
                                      value: try overfitting(records, candidates: candidates, evaluator: evaluator, context: context)))
        }
        var result = PhaseResult(artifacts: artifacts, warnings: warnings, partial: !warnings.isEmpty)
        result.workersUsed = context.workers
        return result
    }

    func outputs(_ windows: [JSONValue], context: PhaseContext) throws -> [Artifact] {
        let ppy = context.data.periodsPerYear
        let stitched = stitchedReturns(windows)
        let stitchedSummary = PerformanceSummary(returns: stitched, periodsPerYear: ppy)
        let inSharpe = windows.map { $0["in_sample"]?["sharpe_ratio"]?.doubleValue ?? .nan }
        let outSharpe = windows.map { $0["out_of_sample"]?["sharpe_ratio"]?.doubleValue ?? .nan }
        let outReturns = windows.map { $0["out_of_sample"]?["total_return"]?.doubleValue ?? .nan }
        func strip(_ window: JSONValue) -> JSONValue {
            .object((window.objectValue ?? []).filter { !["out_of_sample_returns", "candidate_objectives"].contains($0.0) })
        }
        var artifacts: [Artifact] = []
        let finiteOut = outSharpe.filter(\.isFinite), finiteIn = inSharpe.filter(\.isFinite)
        let meanOut = finiteOut.isEmpty ? Double.nan : finiteOut.reduce(0, +) / Double(finiteOut.count)
        let meanIn = finiteIn.isEmpty ? Double.nan : finiteIn.reduce(0, +) / Double(finiteIn.count)
        let sdOut = finiteOut.count > 1
            ? (finiteOut.reduce(0) { $0 + ($1 - meanOut) * ($1 - meanOut) } / Double(finiteOut.count - 1)).squareRoot() : Double.nan
        let consistency: JSONValue = .object([
            ("windows", .integer(windows.count)),
            ("profitable_windows", .number(Double(outReturns.filter { $0 > 0 }.count) / Double(windows.count))),
            ("mean_out_of_sample_sharpe", .number(meanOut)),
            ("std_out_of_sample_sharpe", .number(sdOut)),
            ("mean_in_sample_sharpe", .number(meanIn)),
            ("sharpe_degradation_ratio", .number(meanIn != 0 ? meanOut / meanIn : .nan)),
            ("stitched_sharpe", .number(stitchedSummary.sharpeRatio)),
        ])
        for output in context.requestedOutputs {
            switch output {
            case "walk_forward_results", "results":
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object([
                    ("objective", .string(objective.rawValue)),
                    ("train_bars", .integer(train)), ("test_bars", .integer(test)), ("step_bars", .integer(step)),
                    ("anchored", .bool(anchored)),
                    ("windows", .array(windows.map(strip))),
                    ("stitched_out_of_sample", MetricsJSON.summary(stitchedSummary)),
                ])))
            case "parameter_evolution":
                artifacts.append(Artifact(name: output, kind: .table, value: .object([
                    ("windows", .array(windows.map { window in
                        .object([("window", window["window"] ?? .null), ("test_start", window["test_start"] ?? .null),
                                 ("strategy", window["strategy"] ?? .null), ("parameters", window["parameters"] ?? .null),
                                 ("in_sample_objective", window["in_sample_objective"] ?? .null),
                                 ("out_of_sample_sharpe", window["out_of_sample"]?["sharpe_ratio"] ?? .null)])
                    })),
                ])))
            case "performance_consistency" where metrics.contains(.performanceConsistency):
                artifacts.append(Artifact(name: output, kind: .metrics, value: consistency))
            case "parameter_stability" where metrics.contains(.parameterStability):
                artifacts.append(Artifact(name: output, kind: .table, value: stability(windows)))
            default:
                continue
            }
        }
        var curve = [1.0]
        for r in stitched { curve.append((curve.last ?? 1) * (1 + (r.isFinite ? r : 0))) }
        // Dates of the stitched curve: each completed window's test bars after its first.
        let timestamps = context.data.full.first?.timestamps ?? []
        let planned = self.windows(count: timestamps.count).prefix(windows.count)
        var dates: [String] = planned.first.map { [Timestamps.format(timestamps[$0.testRange.lowerBound])] } ?? []
        for (k, window) in planned.enumerated() {
            let upper = k < planned.count - 1 ? min(window.testRange.upperBound, window.testRange.lowerBound + step) : window.testRange.upperBound
            dates += timestamps[(window.testRange.lowerBound + 1)..<upper].map(Timestamps.format)
        }
        if dates.count != curve.count { dates = curve.indices.map { String($0) } }
        artifacts.append(Artifact(name: ReportData.artifactName, kind: .report, value: .object([
            ("strategy", .object([("strategy", .string("walk-forward (stitched out of sample)"))])),
            ("curves", .object([("dates", .array(dates.map { .string($0) })),
                                ("equity", .array(curve.map { .number($0) })),
                                ("underwater", .array(Self.underwater(curve).map { .number($0) }))])),
        ])))
        return artifacts
    }

    static func underwater(_ curve: [Double]) -> [Double] {
        var peak = -Double.infinity
        return curve.map { value in
            peak = max(peak, value)
            return peak > 0 ? value / peak - 1 : 0
        }
    }

    /// Per parameter: mean, std (ddof 1), coefficient of variation, share of window changes.
    func stability(_ windows: [JSONValue]) -> JSONValue {
        var names: [String] = []
        for window in windows {
            for (key, _) in window["parameters"]?.objectValue ?? [] where !names.contains(key) { names.append(key) }
        }
        let strategies = windows.map { $0["strategy"]?.stringValue ?? "" }
        let strategyChanges = zip(strategies, strategies.dropFirst()).filter { $0 != $1 }.count
        let rows: [JSONValue] = names.map { name in
            let values = windows.compactMap { $0["parameters"]?[name]?.doubleValue }
            let mean = values.isEmpty ? Double.nan : values.reduce(0, +) / Double(values.count)
            let constant = values.allSatisfy { $0 == values.first }
            let sd = values.count > 1
                ? (constant ? 0 : (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot())
                : Double.nan
            let changes = zip(values, values.dropFirst()).filter { $0 != $1 }.count
            return .object([
                ("parameter", .string(name)), ("windows", .integer(values.count)), ("mean", .number(mean)),
                ("std", .number(sd)), ("coefficient_of_variation", .number(mean != 0 ? sd / abs(mean) : .nan)),
                ("change_rate", .number(values.count > 1 ? Double(changes) / Double(values.count - 1) : .nan)),
            ])
        }
        return .object([
            ("strategy_changes", .integer(strategyChanges)),
            ("distinct_strategies", .integer(Set(strategies).count)),
            ("parameters", .array(rows)),
        ])
    }
}

extension WalkForwardPhase {
    func overfitting(_ windows: [JSONValue], candidates: [StrategySelection], evaluator: StrategyEvaluator,
                     context: PhaseContext) throws -> JSONValue {
        let stitched = stitchedReturns(windows)
        let scale = context.data.periodsPerYear.squareRoot()
        var pairs: [(String, JSONValue)] = [
            ("windows", .integer(windows.count)), ("candidates", .integer(candidates.count)),
            ("stitched_observations", .integer(stitched.count)),
            ("psr", .number(ProbabilisticSharpeRatio.compute(returns: stitched, benchmark: 0))),
        ]
        if objective == .sharpeRatio {
            let trialSharpes = windows.flatMap { $0["candidate_objectives"]?.arrayValue?.compactMap(\.doubleValue) ?? [] }
                .filter(\.isFinite).map { $0 / scale }
            let dsr = DeflatedSharpeRatio.compute(returns: stitched, trialSharpes: trialSharpes, effectiveTrials: candidates.count)
            pairs += [("dsr", .number(dsr.dsr)), ("expected_max_sharpe_per_bar", .number(dsr.expectedMaxSharpe)),
                      ("sharpe_per_bar", .number(dsr.observedSharpe))]
        } else {
            pairs.append(("dsr", .null))
            pairs.append(("dsr_note", .string("DSR needs the Sharpe ratio as the objective")))
        }
        let degradation = SharpeDegradation(
            inSample: windows.map { $0["in_sample"]?["sharpe_ratio"]?.doubleValue ?? .nan },
            outOfSample: windows.map { $0["out_of_sample"]?["sharpe_ratio"]?.doubleValue ?? .nan })
        pairs += [("oos_is_sharpe_ratio", .number(degradation.ratio)), ("oos_minus_is_sharpe", .number(degradation.meanDifference)),
                  ("fraction_positive_oos_sharpe", .number(degradation.fractionPositiveOOS)),
                  ("oos_on_is_slope", .number(degradation.slope))]
        pairs += try OverfittingReport.pbo(candidates, evaluator: evaluator, bars: context.data.full, workers: context.workers)
        return .object(pairs)
    }
}

extension WalkForwardPhase {
    /// The out-of-sample returns stitched in time order. When windows overlap
    /// (`step_days < test_period_days`) each window but the last contributes only its first
    /// `step` bars, so no bar is counted twice. Each window's backtest starts flat, so the
    /// return between one window's last bar and the next window's first bar is not included.
    func stitchedReturns(_ windows: [JSONValue]) -> [Double] {
        var stitched: [Double] = []
        for (k, window) in windows.enumerated() {
            let returns = window["out_of_sample_returns"]?.arrayValue?.map { $0.doubleValue ?? .nan } ?? []
            stitched += k < windows.count - 1 && step < test ? Array(returns.prefix(step - 1)) : returns
        }
        return stitched
    }
}
