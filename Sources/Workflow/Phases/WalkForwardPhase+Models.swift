import Backtest
import Foundation
import Market
import Reports

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
    ///    among them and the fitted weights are re-made per window);
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
        let value = input.artifact.value
        let candidates: [(model: MLModel, values: [String: Double])] = try (value["models"]?.arrayValue ?? []).map { entry in
            guard let model = entry["model"]?.stringValue.flatMap(MLModel.init(rawValue:)),
                  let hyperparameters = entry["hyperparameters"]?.objectValue else {
                throw WorkflowError(phase: name, "\(input.reference.text) holds a model entry without a model name and hyperparameters")
            }
            var values: [String: Double] = [:]
            for (key, number) in hyperparameters { values[key] = number.doubleValue ?? .nan }
            return (model, values)
        }
        guard !candidates.isEmpty else { throw WorkflowError(phase: name, "\(input.reference.text) lists no models") }
        let folds = value["cv_folds"]?.intValue ?? 5, embargo = value["embargo_bars"]?.intValue ?? 5
        let dataset = try MLDataset.load(value, data: context.data, signalDirectory: context.signalDirectory, phase: name)
        let plan = try inProcessWindows(context, work: "the model windows", inputs: "the input models were chosen on")
        let bars = context.data.full
        let n = bars.first?.count ?? 0
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let done = Set(try context.store.trials(run: context.runID, phase: name).map(\.index))
        var warnings: [String] = []
        for window in plan where !done.contains(window.index) {
            try Interruption.check()
            if try budgetSpent(at: window, of: plan.count, done: done.count, context: context, warnings: &warnings) { break }
            let started = Date()
            let training: MLTrainingSet
            do {
                training = try MLTrainingSet(dataset: dataset, range: window.trainRange, bars: bars, config: config, folds: folds, embargo: embargo)
            } catch let error as WorkflowError {
                throw WorkflowError(phase: name, "window \(window.index): \(error.message)")
            }
            var scored: [(candidate: MLCandidate, cv: MLCrossValidated, result: BacktestResult, objective: Double)] = []
            for (c, entry) in candidates.enumerated() {
                let candidate = MLCandidate(model: entry.model, values: entry.values, seed: context.seed,
                                            stream: "\(name)/window/\(window.index)/candidate/\(c)")
                let (cv, result) = try training.evaluate(candidate, detail: .summary)
                scored.append((candidate, cv, result, objective.value(result.summary)))
            }
            let ranked = objective.rank(Array(scored.indices), value: { scored[$0].objective }, index: { $0 })
            guard let best = ranked.first.map({ scored[$0] }) else { continue }
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
