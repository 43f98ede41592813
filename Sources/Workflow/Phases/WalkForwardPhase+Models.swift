import Backtest
import Foundation
import Market
import Optimization
import Reports
import Store
import Strategies

extension WalkForwardPhase {
    /// Walk-forward over machine-learning models (a `best_models` input).
    ///
    /// In every window, on its training bars only:
    /// 1. the training rows are the bars with every feature whose label (``LabelRule``) lies
    ///    inside the training window — the last h bars of it have none, which purges the
    ///    boundary with the test window;
    /// 2. each of the input's candidate models (model + hyperparameters, as the optimisation
    ///    ranked them) is cross-validated by purged K-fold with the input's `cv_folds` and
    ///    `embargo_bars`; its out-of-fold positions are backtested on the training bars and the
    ///    best by the phase's objective is chosen (the candidates are fixed: only the choice
    ///    among them and the fitted weights are re-made per window) — a search of the run's
    ///    executor (`window-W`: threads, worker processes or Slurm, see ``ModelWindows``);
    /// 3. the chosen candidate is refitted on every training row and predicts the test bars
    ///    from their features (causal: each reads bars up to its own), and the positions
    ///    (long above ½, short below, flat at ½ or without features) are backtested on the test
    ///    bars with the phase's costs.
    ///
    /// Windows are stored as strategy windows are (``storeWindow(_:context:sample:candidates:strategy:parameters:inSampleObjective:candidateObjectives:inSample:outOfSample:extra:)``):
    /// `strategy` is the model, `parameters` its hyperparameters, `in_sample` the chosen
    /// candidate's out-of-fold backtest; extra fields: `training_rows`, the chosen candidate's
    /// `folds` and `test_probabilities` (P(up) per test bar and symbol). Training time is a
    /// measurement, different on every run, so it goes to the progress notes only, never into
    /// a stored output (outputs stay byte-identical across runs and worker counts).
    func runModels(_ context: PhaseContext, input: PhaseInput) throws -> PhaseResult {
        let shared = try ModelWindows(input, phase: self, context: context)
        let candidates = shared.candidates
        let dataset = shared.dataset
        let plan = try plannedWindows(context, inputs: "the input models were chosen on")
        let bars = context.data.full
        let n = bars.first?.count ?? 0
        let config = shared.config
        let done = Set(try context.store.trials(run: context.runID, phase: name).map(\.index))
        var warnings: [String] = []
        for window in plan where !done.contains(window.index) {
            try Interruption.check()
            if try budgetSpent(at: window, of: plan.count, done: done.count, context: context, warnings: &warnings) { break }
            let started = Date()
            let training = try shared.training(window)
            // The candidates scored on the training rows: a search of the run's executor.
            var sampler = ListSampler(candidates.enumerated().map { c, entry in
                TrialSpec(index: c, strategy: entry.model.rawValue, parameters: ParameterSet(entry.values))
            })
            var runner = SearchRunner(phase: name, context: context, objective: objective, nested: true)
            runner.search = "window-\(window.index)"
            let records = try runner.run(&sampler, evaluate: shared.evaluator(window, training: training)).records
            let ranked = objective.rank(Array(records.indices), value: { records[$0].objective }, index: { records[$0].index })
            guard let chosen = ranked.first(where: { records[$0].status == "ok" }).map({ records[$0].index }) else {
                throw WorkflowError(phase: name, "window \(window.index): no candidate model could be evaluated on its training rows (first failure: \(records.first.map(\.metrics) ?? "none"))")
            }
            // the chosen candidate once more here (deterministic: the same numbers the search scored)
            let candidate = shared.candidate(chosen, window: window)
            let (cv, inSample) = try training.evaluate(candidate, detail: .summary)
            let best = (candidate: candidate, cv: cv, result: inSample, objective: objective.value(inSample.summary))
            let scored = records.map { (objective: $0.objective, index: $0.index) }
            let fitted = try best.candidate.model.fit(training.rows.x, labels: training.rows.labels, values: best.candidate.values,
                                                      seed: best.candidate.seed)
            let testRows = try dataset.rows(window.testRange, bars: bars, label: nil, labelLimit: n)
            let probabilities = try fitted.predict(testRows.x)
            var full = config
            full.detail = .full
            let outOfSample = try MLEvaluation.backtest(probabilities, rows: testRows, range: window.testRange, bars: bars, config: full)
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            context.progress.note("  \(name): window \(window.index) trained and tested in \(seconds) s (\(training.rows.x.rows) training rows, \(candidates.count) candidate model(s))")
            let sample = try context.sampleLabel(evaluating: window.testRange, allowInSample: allowInSample, what: "window \(window.index)")
            let hyperparameters = JSONValue.object(best.candidate.values.keys.sorted().map { ($0, .number(best.candidate.values[$0] ?? .nan)) })
            try storeWindow(window, context: context, sample: sample, candidates: candidates.count, strategy: best.candidate.model.rawValue,
                            parameters: hyperparameters, inSampleObjective: best.objective, candidateObjectives: scored.map(\.objective),
                            inSample: best.result, outOfSample: outOfSample, extra: [
                                ("training_rows", .integer(training.rows.x.rows)),
                                ("folds", MLEvaluation.foldsJSON(best.cv.folds, rows: training.rows, dates: bars[0].timestamps)),
                                ("test_probabilities", .array(testRows.bars.indices.map { k in
                                    .object([("date", .string(context.data.date(testRows.bars[k]))),
                                             ("p_up", .array((0..<testRows.symbols).map { .number(probabilities[k * testRows.symbols + $0]) }))])
                                })),
                            ])
            context.progress.trials(name: name, done: window.index + 1, total: plan.count, bestObjective: best.objective,
                                    objective: objective.rawValue)
        }
        return try storedWindowsResult(plan: plan, warnings: warnings, workers: 1, context: context, overfitting: nil)
    }
}

/// What every window of a walk-forward over models shares — the input's candidate models, the
/// features, cross-validation settings and backtest settings — built by the coordinator and by
/// each worker process (search `window-W`: the candidates cross-validated on window W's
/// training rows).
struct ModelWindows: Sendable {
    let phase: String
    let candidates: [(model: MLModel, values: [String: Double])]
    let folds: Int
    let embargo: Int
    let dataset: MLDataset
    let config: BacktestConfig
    let bars: [BarSeries]
    let seed: UInt64
    let objective: Objective

    init(_ input: PhaseInput, phase: WalkForwardPhase, context: PhaseContext) throws {
        let value = input.artifact.value
        candidates = try (value["models"]?.arrayValue ?? []).map { entry in
            guard let model = entry["model"]?.stringValue.flatMap(MLModel.init(rawValue:)),
                  let hyperparameters = entry["hyperparameters"]?.objectValue else {
                throw WorkflowError(phase: phase.name, "\(input.reference.text) holds a model entry without a model name and hyperparameters")
            }
            var values: [String: Double] = [:]
            for (key, number) in hyperparameters { values[key] = number.doubleValue ?? .nan }
            return (model, values)
        }
        guard !candidates.isEmpty else { throw WorkflowError(phase: phase.name, "\(input.reference.text) lists no models") }
        folds = value["cv_folds"]?.intValue ?? 5
        embargo = value["embargo_bars"]?.intValue ?? 5
        dataset = try MLDataset.load(value, data: context.data, signalDirectory: context.signalDirectory, phase: phase.name)
        var config = phase.backtest
        config.periodsPerYear = context.data.periodsPerYear
        self.config = config
        bars = context.data.full
        seed = context.seed
        objective = phase.objective
        self.phase = phase.name
    }

    /// The training rows of `window` (labels inside it) and their purged splits.
    func training(_ window: WalkForwardPhase.Window) throws -> MLTrainingSet {
        do {
            return try MLTrainingSet(dataset: dataset, range: window.trainRange, bars: bars, config: config, folds: folds, embargo: embargo)
        } catch let error as WorkflowError {
            throw WorkflowError(phase: phase, "window \(window.index): \(error.message)")
        }
    }

    /// Candidate `c` of `window`, seeded by the window and the candidate.
    func candidate(_ c: Int, window: WalkForwardPhase.Window) -> MLCandidate {
        MLCandidate(model: candidates[c].model, values: candidates[c].values, seed: seed, stream: "\(phase)/window/\(window.index)/candidate/\(c)")
    }

    /// A candidate (trial index c) cross-validated on the window's training rows: its
    /// out-of-fold positions backtested there, scored by the phase's objective.
    func evaluator(_ window: WalkForwardPhase.Window, training: MLTrainingSet) -> @Sendable (TrialSpec) -> TrialRecord {
        let shared = self
        return { trial in
            let parameters = SearchRunner.parametersText(trial)
            do {
                guard shared.candidates.indices.contains(trial.index) else { throw WorkflowError("no candidate model \(trial.index)") }
                let (_, result) = try training.evaluate(shared.candidate(trial.index, window: window), detail: .summary)
                return TrialRecord(index: trial.index, parameters: parameters, objective: shared.objective.value(result.summary),
                                   metrics: MetricsJSON.summary(result.summary).serialized())
            } catch {
                return TrialRecord(index: trial.index, parameters: parameters, objective: .nan,
                                   metrics: JSONValue.object([("error", .string("\(error)"))]).serialized(), status: "failed")
            }
        }
    }
}
