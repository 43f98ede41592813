import Backtest
import Ensembles
import Learning
import Market
import Metrics
import Reports

/// One model with concrete hyperparameters, evaluated by purged K-fold cross-validation.
struct MLCandidate: Sendable {
    var model: MLModel
    var values: [String: Double]
    /// Seeds the fit (derived from the workflow seed and the trial's or window's stream).
    var seed: UInt64

    init(model: MLModel, values: [String: Double], seed: UInt64, stream: String) {
        self.model = model
        self.values = values
        var generator = SeededGenerator(seed: seed, stream: stream)
        self.seed = generator.next()
    }
}

/// What cross-validating one candidate gives: every row's out-of-fold P(y = 1), per-fold scores
/// and the fold models (for permutation importance on their validation rows).
struct MLCrossValidated: Sendable {
    var probabilities: [Double]
    var folds: [FoldScore]
    var models: [FittedModel]
    var splits: [PurgedFold]
}

enum MLEvaluation {
    /// Fits `candidate` on each fold's purged, embargoed training rows and predicts the fold's
    /// validation rows (López de Prado, *Advances in Financial Machine Learning*, 2018, §7.4).
    static func crossValidate(_ candidate: MLCandidate, rows: MLRows, splits: [PurgedFold]) throws -> MLCrossValidated {
        var probabilities = [Double](repeating: .nan, count: rows.x.rows)
        var scores: [FoldScore] = [], models: [FittedModel] = []
        for (k, split) in splits.enumerated() {
            let trainX = try rows.x.selecting(ranges: split.trainRanges)
            let trainY = split.trainRanges.flatMap { rows.labels[$0] }
            let testX = try rows.x.selecting(ranges: [split.test])
            let testY = Array(rows.labels[split.test])
            let model: FittedModel
            let p: [Double]
            do {
                model = try candidate.model.fit(trainX, labels: trainY, values: candidate.values, seed: candidate.seed)
                p = try model.predict(testX)
            } catch {
                throw WorkflowError("fold \(k) (validation rows \(split.test)): \(error)")
            }
            for (offset, i) in split.test.enumerated() { probabilities[i] = p[offset] }
            models.append(model)
            scores.append(FoldScore(test: split.test, trainingRows: trainX.rows,
                                    logLoss: try ClassificationMetrics.logLoss(labels: testY, probabilities: p),
                                    accuracy: try ClassificationMetrics.accuracy(labels: testY, probabilities: p)))
        }
        return MLCrossValidated(probabilities: probabilities, folds: scores, models: models, splits: splits)
    }

    /// The position a probability asks for: long (+1) when p > ½, short (−1) when p < ½ (the
    /// backtester holds it flat instead when the phase does not allow shorting), flat at ½ or
    /// without a prediction.
    static func position(_ p: Double) -> Double {
        guard p.isFinite else { return 0 }
        return p > 0.5 ? 1 : (p < 0.5 ? -1 : 0)
    }

    /// Backtests the positions of `probabilities` (one per row of `rows`) on the bars in
    /// `range`: bars without a prediction are flat; the engine fills and charges costs as for
    /// any strategy.
    static func backtest(_ probabilities: [Double], rows: MLRows, range: Range<Int>, bars: [BarSeries],
                         config: BacktestConfig) throws -> BacktestResult {
        var positions = [[Double]](repeating: [Double](repeating: 0, count: range.count), count: bars.count)
        for (i, p) in probabilities.enumerated() {
            let t = rows.bar(ofRow: i)
            guard range.contains(t) else { continue }
            positions[i % rows.symbols][t - range.lowerBound] = position(p)
        }
        let sliced = bars.map { $0.slice(range) }
        let signals = zip(sliced, positions).map { SignalSeries(symbol: $0.symbol, timestamps: $0.timestamps, values: $1) }
        return try BacktestEngine(config: config).run(bars: sliced, signals: signals)
    }

    /// The per-fold scores as JSON.
    static func foldsJSON(_ folds: [FoldScore], rows: MLRows, dates: [Int64]) -> JSONValue {
        .array(folds.enumerated().map { k, fold in
            .object([
                ("fold", .integer(k)),
                ("validation_start", .string(Timestamps.format(dates[rows.bar(ofRow: fold.test.lowerBound)]))),
                ("validation_end", .string(Timestamps.format(dates[rows.bar(ofRow: fold.test.upperBound - 1)]))),
                ("validation_rows", .integer(fold.test.count)), ("training_rows", .integer(fold.trainingRows)),
                ("log_loss", .number(fold.logLoss)), ("accuracy", .number(fold.accuracy)),
            ])
        })
    }

    /// Permutation importance on the validation folds (Breiman, "Random forests", *Machine
    /// Learning* 45, 2001, §10; scikit-learn `permutation_importance`): for feature j and fold f,
    /// the fold model's log-loss on its validation rows with column j shuffled, minus its
    /// log-loss on them as they are. Importance = the mean of that increase over folds (with its
    /// standard deviation, ddof 0). Shuffles come from ``SeededGenerator``(seed,
    /// "`stream`/feature/j/fold/f"). Model-agnostic: only predictions are used.
    static func permutationImportance(_ cv: MLCrossValidated, rows: MLRows, seed: UInt64, stream: String) throws -> [(mean: Double, std: Double)] {
        let d = rows.x.columns
        var increases = [[Double]](repeating: [], count: d)
        for (f, split) in cv.splits.enumerated() {
            let test = try rows.x.selecting(ranges: [split.test])
            let y = Array(rows.labels[split.test])
            let base = try ClassificationMetrics.logLoss(labels: y, probabilities: try cv.models[f].predict(test))
            for j in 0..<d {
                var generator = SeededGenerator(seed: seed, stream: "\(stream)/feature/\(j)/fold/\(f)")
                var column = test.column(j)
                column.shuffle(using: &generator)
                var values = test.values
                for i in 0..<test.rows { values[i * d + j] = column[i] }
                let permuted = try FeatureMatrix(rows: test.rows, columns: d, values: values, columnNames: test.columnNames)
                let loss = try ClassificationMetrics.logLoss(labels: y, probabilities: try cv.models[f].predict(permuted))
                increases[j].append(loss - base)
            }
        }
        return increases.map { values in
            let mean = values.reduce(0, +) / Double(max(1, values.count))
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, values.count))
            return (mean, variance.squareRoot())
        }
    }
}
