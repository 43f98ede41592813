import Backtest
import Ensembles
import Foundation
import Learning
import Market
import Metrics
import Optimization
import Reports
import Store

/// Everything a model trial reads: the training rows of the phase's segment, their purged
/// splits, the bars and the backtest settings.
struct MLTrainingSet: Sendable {
    var dataset: MLDataset
    var rows: MLRows
    var splits: [PurgedFold]
    var range: Range<Int>
    var bars: [BarSeries]
    var config: BacktestConfig
    var label: LabelRule

    /// The training rows of `range` (labels inside it) and their `folds`-fold purged splits.
    init(dataset: MLDataset, range: Range<Int>, bars: [BarSeries], config: BacktestConfig, folds: Int, embargo: Int) throws {
        self.dataset = dataset
        self.range = range
        self.bars = bars
        self.config = config
        label = LabelRule(config)
        rows = try dataset.rows(range, bars: bars, label: label, labelLimit: range.upperBound)
        guard rows.bars.count >= 2 * folds else {
            let dates = bars.first?.timestamps ?? []
            let span = range.isEmpty || range.upperBound > dates.count ? "\(range)"
                : "\(Timestamps.format(dates[range.lowerBound])) … \(Timestamps.format(dates[range.upperBound - 1]))"
            throw WorkflowError("\(rows.bars.count) bars with every feature and a label in \(span): too few for \(folds)-fold cross-validation (at least \(2 * folds))")
        }
        splits = try rows.folds(folds, horizon: label.horizon, embargo: embargo)
    }

    /// Cross-validates `candidate` and backtests its out-of-fold positions over the range.
    func evaluate(_ candidate: MLCandidate, detail: ResultDetail) throws -> (cv: MLCrossValidated, result: BacktestResult) {
        let cv = try MLEvaluation.crossValidate(candidate, rows: rows, splits: splits)
        var config = self.config
        config.detail = detail
        return (cv, try MLEvaluation.backtest(cv.probabilities, rows: rows, range: range, bars: bars, config: config))
    }
}

extension OptimizationPhase {
    /// The model search: every trial is (model, hyperparameters), scored by purged K-fold
    /// cross-validation on the phase's segment — out-of-fold probabilities become positions
    /// (``MLEvaluation/position(_:)``), backtested with the phase's costs, and the objective
    /// is taken on that backtest. Trials run through ``SearchRunner`` (search `ml`, so worker
    /// processes can take them). `best_models` re-runs the best trials' cross-validation (the
    /// same seeds, so the same models) for permutation importance.
    func runLearning(_ context: PhaseContext, _ learning: MLSearchConfig) throws -> PhaseResult {
        let training = try learningSet(context, learning)
        var sampler = try search.sampler(seed: context.seed, stream: name, reduced: context.reducedSpace,
                                         batchSize: context.executor.batchHint ?? max(8, 2 * context.workers))
        var runner = SearchRunner(phase: name, context: context, objective: objective)
        runner.search = "ml"
        let outcome = try runner.run(&sampler, evaluate: learningEvaluator(training, seed: context.seed))
        var warnings = outcome.warnings
        if outcome.stopped {
            let message = "time budget spent after \(outcome.records.count) of \(outcome.planned) trials"
            guard context.acceptPartialResults else { throw WorkflowError(phase: name, message) }
            warnings.append(message + "; results are partial")
        }
        var artifacts = try outputs(records: outcome.records, planned: search.method.isModelBased ? outcome.records.count : outcome.planned,
                                    skipped: outcome.skipped, requested: context.requestedOutputs.filter { $0 != "best_models" },
                                    partial: outcome.stopped, reduced: context.reducedSpace)
        if context.requestedOutputs.contains("best_models") {
            artifacts.append(Artifact(name: "best_models", kind: .models,
                                      value: try bestModels(outcome.records, training: training, learning: learning, context: context)))
        }
        var result = PhaseResult(artifacts: artifacts, warnings: warnings, partial: outcome.stopped)
        result.workersUsed = outcome.workers
        // The models were chosen on the training segment: its bars are what they have seen.
        result.seen = context.data.range(segment)
        return result
    }

    func learningSet(_ context: PhaseContext, _ learning: MLSearchConfig) throws -> MLTrainingSet {
        guard let input = context.inputs(of: .dataset).first else {
            throw WorkflowError(phase: name, "machine-learning models need a features input")
        }
        let dataset = try MLDataset.load(input.artifact.value, data: context.data, signalDirectory: context.signalDirectory, phase: name)
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        do {
            return try MLTrainingSet(dataset: dataset, range: context.data.range(segment), bars: context.data.full, config: config,
                                     folds: learning.folds, embargo: learning.embargo)
        } catch let error as WorkflowError {
            throw WorkflowError(phase: name, error.message)
        }
    }

    /// One model trial: cross-validate, backtest, score; a failure becomes a NaN objective with
    /// its reason. Metrics: the backtest summary, `folds` (per-fold log-loss, accuracy and
    /// training rows) and `rows`.
    func learningEvaluator(_ training: MLTrainingSet, seed: UInt64) -> @Sendable (TrialSpec) -> TrialRecord {
        let objective = self.objective, stream = name
        return { trial in
            let selection = StrategySelection(strategy: trial.strategy, parameters: trial.parameters, trial: trial.index)
            let parameters = JSONValue.object([("strategy", .string(trial.strategy)), ("parameters", selection.parametersJSON)])
            do {
                guard let model = MLModel(rawValue: trial.strategy) else { throw WorkflowError("unknown model '\(trial.strategy)'") }
                let candidate = MLCandidate(model: model, values: trial.parameters.values, seed: seed, stream: "\(stream)/ml/\(trial.index)")
                let (cv, result) = try training.evaluate(candidate, detail: .summary)
                let metrics = (MetricsJSON.summary(result.summary).objectValue ?? [])
                    + [("rows", .integer(training.rows.x.rows)),
                       ("folds", MLEvaluation.foldsJSON(cv.folds, rows: training.rows, dates: training.bars[0].timestamps))]
                return TrialRecord(index: trial.index, parameters: parameters.serialized(), objective: objective.value(result.summary),
                                   metrics: JSONValue.object(metrics).serialized())
            } catch {
                return TrialRecord(index: trial.index, parameters: parameters.serialized(), objective: .nan,
                                   metrics: JSONValue.object([("error", .string("\(error)"))]).serialized(), status: "failed")
            }
        }
    }

    /// `best_models`: the `top_models` best distinct trials with their per-fold scores,
    /// permutation importance on the validation folds and, for logistic regression, the
    /// coefficients on standardised features (fitted on every training row).
    func bestModels(_ records: [TrialRecord], training: MLTrainingSet, learning: MLSearchConfig, context: PhaseContext) throws -> JSONValue {
        let evaluated = try Self.decodeAll(records.filter { $0.status == "ok" })
        let ranked = Array(objective.rank(evaluated, value: \.objective, index: \.index).distinctSelections(\.selection).prefix(learning.topModels))
        let names = training.dataset.featureNames
        let models: [JSONValue] = try ranked.enumerated().map { rank, trial in
            guard let model = MLModel(rawValue: trial.selection.strategy),
                  let record = records.first(where: { $0.index == trial.index }) else {
                throw WorkflowError(phase: name, "trial \(trial.index) names no model")
            }
            let stream = "\(name)/ml/\(trial.index)"
            let candidate = MLCandidate(model: model, values: trial.selection.parameters.values, seed: context.seed, stream: stream)
            let cv = try MLEvaluation.crossValidate(candidate, rows: training.rows, splits: training.splits)
            let importance = try MLEvaluation.permutationImportance(cv, rows: training.rows, seed: context.seed, stream: "\(stream)/importance")
            let order = importance.indices.sorted { importance[$0].mean != importance[$1].mean ? importance[$0].mean > importance[$1].mean : $0 < $1 }
            let metrics = try JSONValue.parse(record.metrics)
            var entry: [(String, JSONValue)] = [
                ("rank", .integer(rank + 1)), ("trial", .integer(trial.index)), ("model", .string(model.rawValue)),
                ("mapped_from", learning.alias(of: model.rawValue).map { .string($0) } ?? .null),
                ("hyperparameters", trial.selection.parametersJSON), ("objective", .number(trial.objective)),
                ("mean_log_loss", .number(cv.folds.map(\.logLoss).reduce(0, +) / Double(cv.folds.count))),
                ("mean_accuracy", .number(cv.folds.map(\.accuracy).reduce(0, +) / Double(cv.folds.count))),
                ("folds", metrics["folds"] ?? .null),
                ("metrics", trial.metrics.map(MetricsJSON.summary) ?? .null),
                ("feature_importance", .array(order.map { j in
                    .object([("feature", .string(names[j])), ("importance", .number(importance[j].mean)), ("std", .number(importance[j].std))])
                })),
            ]
            if model == .logisticRegression {
                let fitted = try model.fit(training.rows.x, labels: training.rows.labels, values: candidate.values, seed: candidate.seed)
                entry.append(("standardized_coefficients", .array(zip(names, fitted.coefficients ?? []).map {
                    .object([("feature", .string($0)), ("coefficient", .number($1))])
                })))
            }
            return .object(entry)
        }
        let input = context.inputs(of: .dataset).first
        return .object([
            ("objective", .string(objective.rawValue)),
            ("sample", .string("in_sample")),
            ("note", .string("chosen and scored by purged \(learning.folds)-fold cross-validation on \(context.data.date(training.range.lowerBound)) … \(context.data.date(training.range.upperBound - 1)); out-of-fold, but the choice among trials saw every one of these bars")),
            ("label", .string(training.label.description)),
            ("label_horizon_bars", .integer(training.label.horizon)),
            ("positions", .string("long when P(up) > 0.5, short when P(up) < 0.5 (flat when the phase does not allow shorting), flat at 0.5 and on bars without every feature")),
            ("cv_folds", .integer(learning.folds)), ("embargo_bars", .integer(learning.embargo)),
            ("training", .object([("start", .string(context.data.date(training.range.lowerBound))),
                                  ("end", .string(context.data.date(training.range.upperBound - 1))),
                                  ("bars", .integer(training.rows.bars.count)), ("rows", .integer(training.rows.x.rows))])),
            ("features_from", input.map { .string($0.reference.text) } ?? .null),
            ("feature_names", .array(names.map { .string($0) })),
            ("feature_files", training.dataset.files),
            ("count", .integer(models.count)),
            ("models", .array(models)),
        ])
    }
}
