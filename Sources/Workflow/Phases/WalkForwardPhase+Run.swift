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
        if search == nil, let input = context.inputs(of: .ensembleWeights).first { return try runEnsemble(context, input: input) }
        if search == nil, let input = context.inputs(of: .models).first { return try runModels(context, input: input) }
        let bars = context.data.full
        let n = bars.first?.count ?? 0
        // The lineage rule: input candidates were chosen on bars up to `seenEnd`, so the first
        // test window starts after them (unless the user accepts in-sample figures).
        let firstTest = firstTestBar(context)
        let plan = windows(count: n, firstTest: firstTest)
        guard !plan.isEmpty else {
            let after = firstTest > 0
                ? " after \(context.data.date(firstTest - 1)), the last bar its input candidates were chosen on (\(n - firstTest) bars remain)"
                : ""
            throw WorkflowError(phase: name, "\(n) bars cannot hold one window of \(train) training + \(test) test bars\(after); shorten the windows\(firstTest > 0 ? ", choose the candidates on less data, or set allow_in_sample_inputs: true" : "")")
        }
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let evaluator = StrategyEvaluator(config: config, cache: IndicatorCache())
        let inputs = try context.inputs(of: .parameterSets).flatMap { try ParameterSetsCodec.decode($0.artifact.value) }
        let done = Set(try context.store.trials(run: context.runID, phase: name).map(\.index))
        // Input candidates: the same distinct sets in every window.
        let listed: [StrategySelection] = search != nil ? [] : inputs.distinctSelections { $0 }
            .enumerated().map { StrategySelection(strategy: $1.strategy, parameters: $1.parameters, trial: $0) }
        var warnings: [String] = []
        var workers = context.workers
        for window in plan where !done.contains(window.index) {
            try Interruption.check()
            if try budgetSpent(at: window, of: plan.count, done: done.count, context: context, warnings: &warnings) { break }
            try context.checkMemory(phase: name, workers: &workers, warnings: &warnings)
            var windowContext = context
            windowContext.workers = workers
            let (records, candidateCount) = try selectionSearch(window, listed: listed, evaluator: evaluator, context: windowContext)
            let scores = records.map(\.objective)
            let ranked = objective.rank(Array(records.indices), value: { records[$0].objective }, index: { records[$0].index })
            guard let bestPosition = ranked.first(where: { records[$0].status == "ok" }) else {
                throw WorkflowError(phase: name, "window \(window.index): no candidate could be backtested on its training bars (first failure: \(records.first.map(\.metrics) ?? "none"))")
            }
            let best = try OptimizationPhase.decode(records[bestPosition]).selection
            let inSample = try evaluator.run(best, on: bars, range: window.trainRange)
            let outOfSample = try evaluator.run(best, on: bars, range: window.testRange)
            let sample = try context.sampleLabel(evaluating: window.testRange, allowInSample: allowInSample,
                                                 what: "window \(window.index)")
            try storeWindow(window, context: context, sample: sample, candidates: candidateCount, strategy: best.strategy,
                            parameters: best.parametersJSON, inSampleObjective: records[bestPosition].objective,
                            candidateObjectives: scores, inSample: inSample, outOfSample: outOfSample)
            context.progress.trials(name: name, done: window.index + 1, total: plan.count,
                                    bestObjective: records[bestPosition].objective, objective: objective.rawValue)
        }
        return try storedWindowsResult(plan: plan, warnings: warnings, workers: workers, context: context) { records in
            try overfitting(records, listed: listed, evaluator: evaluator, seenEnd: firstTest, context: context)
        }
    }

    /// Whether the time budget is spent before `window` (partial results acceptable: a warning
    /// is added; otherwise the phase fails).
    func budgetSpent(at window: Window, of total: Int, done: Int, context: PhaseContext, warnings: inout [String]) throws -> Bool {
        guard context.budget.timedOut(phase: name, batchesDone: done + window.index) else { return false }
        guard context.acceptPartialResults else { throw WorkflowError(phase: name, "time budget spent at window \(window.index)") }
        warnings.append("time budget spent: \(window.index) of \(total) windows; results are partial")
        return true
    }

    /// The windows of a walk-forward over an input (ensemble weights, models), starting after
    /// the bars `inputs` describes (the lineage rule), unless in-sample inputs are allowed.
    func plannedWindows(_ context: PhaseContext, inputs: String) throws -> [Window] {
        let n = context.data.full.first?.count ?? 0
        let firstTest = firstTestBar(context)
        let plan = windows(count: n, firstTest: firstTest)
        guard !plan.isEmpty else {
            throw WorkflowError(phase: name, "\(n) bars cannot hold one window of \(train) training + \(test) test bars after \(firstTest > 0 ? context.data.date(firstTest - 1) : "the start"), the last bar \(inputs); shorten the windows or set allow_in_sample_inputs: true")
        }
        return plan
    }

    /// The phase's result from its stored windows: the usual outputs, `overfitting_statistics`
    /// when asked for (and `overfitting` can compute it), the bars seen and the sample label.
    func storedWindowsResult(plan: [Window], warnings: [String], workers: Int, context: PhaseContext,
                             overfitting: (([JSONValue]) throws -> JSONValue)?) throws -> PhaseResult {
        let n = context.data.full.first?.count ?? 0
        let records = try context.store.trials(run: context.runID, phase: name).map { try JSONValue.parse($0.metrics) }
        guard !records.isEmpty else { throw WorkflowError(phase: name, "no window was completed") }
        var artifacts = try outputs(records, context: context)
        if context.requestedOutputs.contains("overfitting_statistics"), let overfitting {
            artifacts.append(Artifact(name: "overfitting_statistics", kind: .metrics, value: try overfitting(records)))
        }
        var result = PhaseResult(artifacts: artifacts, warnings: warnings, partial: !warnings.isEmpty)
        result.workersUsed = workers
        let completed = plan.prefix(records.count)
        result.seen = (completed.first?.trainRange.lowerBound ?? 0)..<(completed.last?.testRange.upperBound ?? n)
        let label = records.allSatisfy { $0["sample"]?.stringValue == "out_of_sample" } ? "out_of_sample" : "in_sample"
        for artifact in artifacts { result.sampleByOutput[artifact.name] = label }
        return result
    }

    /// The candidates of one window scored on its training bars: the input sets, or the
    /// phase's own search (any method, through the shared sampler interface). Returns the
    /// trial records (objective, status) in index order and the number of candidates.
    func selectionSearch(_ window: Window, listed: [StrategySelection], evaluator: StrategyEvaluator,
                         context: PhaseContext) throws -> (records: [TrialRecord], candidates: Int) {
        var sampler: any TrialSampler
        if let search {
            sampler = try search.sampler(seed: context.seed, stream: "\(name)/candidates", reduced: context.reducedSpace,
                                         batchSize: max(16, 8 * context.workers))
        } else {
            sampler = ListSampler(listed.enumerated().map { TrialSpec(index: $0, strategy: $1.strategy, parameters: $1.parameters) },
                                  batchSize: max(16, 8 * context.workers))
        }
        var runner = SearchRunner(phase: name, context: context, objective: objective, nested: true)
        runner.search = "window-\(window.index)"
        let outcome = try runner.run(&sampler, evaluate: windowEvaluator(window, evaluator: evaluator, bars: context.data.full))
        return (outcome.records, outcome.records.count)
    }

    /// The first bar a test window may hold: after every bar the input candidates were chosen
    /// on (the lineage rule), unless the user accepts in-sample figures.
    func firstTestBar(_ context: PhaseContext) -> Int {
        allowInSample ? 0 : (search == nil ? context.inputsSeenEnd : 0)
    }

    /// A candidate of `window` scored on the window's training bars.
    func windowEvaluator(_ window: Window, evaluator: StrategyEvaluator, bars: [BarSeries]) -> @Sendable (TrialSpec) -> TrialRecord {
        let objective = self.objective
        let range = window.trainRange
        return { trial in
            let selection = StrategySelection(strategy: trial.strategy, parameters: trial.parameters)
            let parameters = SearchRunner.parametersText(trial)
            do {
                let result = try evaluator.run(selection, on: bars, range: range)
                return TrialRecord(index: trial.index, parameters: parameters, objective: objective.value(result.summary),
                                   metrics: MetricsJSON.summary(result.summary).serialized())
            } catch {
                return TrialRecord(index: trial.index, parameters: parameters, objective: .nan,
                                   metrics: JSONValue.object([("error", .string("\(error)"))]).serialized(), status: "failed")
            }
        }
    }

    /// The content of the one output `name` (nil when it is not produced).
    func outputs(_ windows: [JSONValue], context: PhaseContext, only name: String) throws -> JSONValue? {
        var narrowed = context
        narrowed.requestedOutputs = [name]
        return try outputs(windows, context: narrowed).first?.value
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
                    ("stitched_out_of_sample_returns", stitchedSeries(windows, context: context)),
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
        let firstTest = windows.first?["test_start"]?.stringValue.flatMap { start in
            timestamps.firstIndex { Timestamps.format($0) == start }
        } ?? 0
        let planned = self.windows(count: timestamps.count, firstTest: firstTest).prefix(windows.count)
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
    /// Overfitting statistics of the walk-forward. PBO needs one fixed candidate set: the input
    /// sets or a grid/random search's trials (the same in every window); for a model-based
    /// search, whose candidates differ per window, the distinct sets the windows selected.
    /// PBO is computed on bars the input candidates never saw (from `seenEnd`).
    func overfitting(_ windows: [JSONValue], listed: [StrategySelection], evaluator: StrategyEvaluator, seenEnd: Int,
                     context: PhaseContext) throws -> JSONValue {
        let stitched = stitchedReturns(windows)
        let scale = context.data.periodsPerYear.squareRoot()
        let candidatesPerWindow = windows.compactMap { $0["candidates"]?.intValue }.max() ?? listed.count
        var pairs: [(String, JSONValue)] = [
            ("windows", .integer(windows.count)), ("candidates", .integer(candidatesPerWindow)),
            ("stitched_observations", .integer(stitched.count)),
            ("psr", .number(ProbabilisticSharpeRatio.compute(returns: stitched, benchmark: 0))),
        ]
        if objective == .sharpeRatio {
            let trialSharpes = windows.flatMap { $0["candidate_objectives"]?.arrayValue?.compactMap(\.doubleValue) ?? [] }
                .filter(\.isFinite).map { $0 / scale }
            let dsr = DeflatedSharpeRatio.compute(returns: stitched, trialSharpes: trialSharpes, effectiveTrials: candidatesPerWindow)
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
        var candidates = listed
        var basis = search == nil ? "input candidates" : "search candidates"
        if let search {
            if search.method.isModelBased {
                basis = "distinct parameter sets selected by the windows"
                candidates = windows.compactMap { window -> StrategySelection? in
                    guard let strategy = window["strategy"]?.stringValue, let values = window["parameters"]?.objectValue else { return nil }
                    var dictionary: [String: Double] = [:]
                    for (key, value) in values { dictionary[key] = value.doubleValue ?? .nan }
                    return StrategySelection(strategy: strategy, parameters: ParameterSet(dictionary))
                }.distinctSelections { $0 }
            } else {
                var sampler = try search.sampler(seed: context.seed, stream: "\(name)/candidates", reduced: context.reducedSpace)
                while case let batch = try sampler.ask(), !batch.isEmpty, candidates.count < OverfittingReport.maximumTrials {
                    candidates += batch.map { StrategySelection(strategy: $0.trial.strategy, parameters: $0.trial.parameters) }
                    sampler.tell(batch.map { _ in 0 })
                }
            }
        }
        let n = context.data.full.first?.count ?? 0
        let range = min(seenEnd, n)..<n
        pairs.append(("pbo_basis", .string("\(basis), on \(context.data.date(range.lowerBound)) … \(context.data.date(range.upperBound - 1))")))
        pairs += try OverfittingReport.pbo(candidates, evaluator: evaluator, bars: context.data.full, range: range, workers: context.workers,
                                           meter: context.meter)
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

extension WalkForwardPhase {
    /// Stores one finished window as its trial: the record layout every walk-forward window
    /// shares (strategy and ensemble windows), with `extra` fields after the common ones.
    func storeWindow(_ window: Window, context: PhaseContext, sample: String, candidates: Int, strategy: String,
                     parameters: JSONValue, inSampleObjective: Double, candidateObjectives: [Double],
                     inSample: BacktestResult, outOfSample: BacktestResult, extra: [(String, JSONValue)] = []) throws {
        let record: JSONValue = .object([
            ("window", .integer(window.index)),
            ("train_start", .string(context.data.date(window.trainRange.lowerBound))),
            ("train_end", .string(context.data.date(window.trainRange.upperBound - 1))),
            ("test_start", .string(context.data.date(window.testRange.lowerBound))),
            ("test_end", .string(context.data.date(window.testRange.upperBound - 1))),
            ("sample", .string(sample)),
            ("candidates", .integer(candidates)),
            ("strategy", .string(strategy)),
            ("parameters", parameters),
            ("in_sample_objective", .number(inSampleObjective)),
            ("candidate_objectives", .array(candidateObjectives.map { .number($0) })),
            ("in_sample", MetricsJSON.summary(inSample.summary)),
            ("out_of_sample", MetricsJSON.summary(outOfSample.summary)),
            ("out_of_sample_returns", .array(outOfSample.returns.map { .number($0) })),
        ] + extra)
        try context.store.saveTrials(run: context.runID, phase: name, [TrialRecord(
            index: window.index, parameters: JSONValue.object([("strategy", .string(strategy)), ("parameters", parameters)]).serialized(),
            objective: inSampleObjective, metrics: record.serialized())])
    }
}

extension WalkForwardPhase: ShardableSearch {
    /// `window-W`: the candidate search of window W on its training bars (the same windows the
    /// coordinator plans: from the bars, the phase's settings and its inputs' lineage) — over
    /// strategy candidates, over ensemble weights when the input is searched weights, or over
    /// the candidate models of a `best_models` input (each cross-validated on the window's
    /// training rows).
    public func shardEvaluator(search key: String, context: PhaseContext) throws -> @Sendable (TrialSpec) -> TrialRecord {
        guard key.hasPrefix("window-"), let index = Int(key.dropFirst("window-".count)) else {
            throw WorkflowError(phase: name, "no search '\(key)' to run in a worker")
        }
        if search == nil, let input = context.inputs(of: .ensembleWeights).first {
            return try ensembleWindowEvaluator(key, index: index, context: context, input: input)
        }
        if search == nil, let input = context.inputs(of: .models).first {
            let shared = try ModelWindows(input, phase: self, context: context)
            guard let window = try plannedWindows(context, inputs: "the input models were chosen on").first(where: { $0.index == index }) else {
                throw WorkflowError(phase: name, "no search '\(key)' to run in a worker")
            }
            return shared.evaluator(window, training: try shared.training(window))
        }
        guard let window = windows(count: context.data.full.first?.count ?? 0, firstTest: firstTestBar(context))
                .first(where: { $0.index == index }) else {
            throw WorkflowError(phase: name, "no search '\(key)' to run in a worker")
        }
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        return windowEvaluator(window, evaluator: StrategyEvaluator(config: config, cache: IndicatorCache()), bars: context.data.full)
    }
}
