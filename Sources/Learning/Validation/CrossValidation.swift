import Ensembles

/// The scores of one fold of ``CrossValidation/outOfFold(_:x:labels:sampleWeights:folds:)``.
public struct FoldScore: Sendable, Equatable {
    /// The test rows of the fold.
    public var test: Range<Int>
    /// How many rows the model was trained on (after purging and embargo).
    public var trainingRows: Int
    /// Weighted mean log-loss and accuracy on the test rows (``ClassificationMetrics``).
    public var logLoss: Double
    public var accuracy: Double

    public init(test: Range<Int>, trainingRows: Int, logLoss: Double, accuracy: Double) {
        self.test = test
        self.trainingRows = trainingRows
        self.logLoss = logLoss
        self.accuracy = accuracy
    }
}

/// Out-of-fold predictions: every row's P(y = 1 | x) from the model that did not train on it.
public struct OutOfFoldPredictions: Sendable, Equatable {
    /// One probability per row; NaN for a row that no fold tested.
    public var probabilities: [Double]
    /// Per-fold scores, in fold order.
    public var folds: [FoldScore]
}

/// Cross-validated predictions over ``Ensembles/PurgedKFold`` splits: for each fold, fit the
/// classifier on the fold's training ranges (purged and embargoed, so no training label
/// overlaps a test label) and predict its contiguous test rows (López de Prado, *Advances in
/// Financial Machine Learning*, 2018, §7.4).
///
/// Anything fitted from data — the ``Standardizer`` of a ``StandardizedClassifier``, tree
/// splits, network weights — is fitted inside each fold on its training rows only.
///
/// ```swift
/// let folds = try PurgedKFold.split(count: x.rows, folds: 5, horizon: 1, embargo: .bars(5))
/// let gbt = GradientBoostedTrees(.init(estimators: 100, maxDepth: 3))
/// let oof = try CrossValidation.outOfFold(gbt, x: x, labels: y, folds: folds)
/// oof.folds.map(\.accuracy)
/// ```
public enum CrossValidation {
    /// Fits `classifier` once per fold and predicts that fold's test rows.
    ///
    /// - Throws: ``LearningError`` when sizes mismatch, a fold reaches outside the matrix or has
    ///   no training rows, or a fit fails (the error names the fold).
    public static func outOfFold<C: Classifier>(
        _ classifier: C, x: FeatureMatrix, labels: [Int], sampleWeights: [Double]? = nil, folds: [PurgedFold]
    ) throws(LearningError) -> OutOfFoldPredictions {
        let routine = "CrossValidation.outOfFold"
        guard labels.count == x.rows else {
            throw LearningError(routine: routine, reason: "\(labels.count) labels for \(x.rows) observations")
        }
        if let sampleWeights, sampleWeights.count != x.rows {
            throw LearningError(routine: routine, reason: "\(sampleWeights.count) sample weights for \(x.rows) observations")
        }
        var probabilities = [Double](repeating: .nan, count: x.rows)
        var scores: [FoldScore] = []
        for (k, fold) in folds.enumerated() {
            guard fold.test.lowerBound >= 0, fold.test.upperBound <= x.rows else {
                throw LearningError(routine: routine, reason: "fold \(k): test rows \(fold.test) reach outside 0..<\(x.rows)")
            }
            let trainX = try x.selecting(ranges: fold.trainRanges)
            guard trainX.rows > 0 else { throw LearningError(routine: routine, reason: "fold \(k) has no training rows") }
            let trainY = fold.trainRanges.flatMap { labels[$0] }
            let trainW = sampleWeights.map { w in fold.trainRanges.flatMap { w[$0] } }
            let testX = try x.selecting(ranges: [fold.test])
            let testY = Array(labels[fold.test])
            let testW = sampleWeights.map { Array($0[fold.test]) }
            let p: [Double]
            do {
                let model = try classifier.fit(trainX, labels: trainY, sampleWeights: trainW)
                p = try model.probabilities(testX)
            } catch {
                throw LearningError(routine: routine, reason: "fold \(k) (test \(fold.test)): \(error)")
            }
            for (offset, i) in fold.test.enumerated() { probabilities[i] = p[offset] }
            scores.append(
                FoldScore(
                    test: fold.test, trainingRows: trainX.rows,
                    logLoss: try ClassificationMetrics.logLoss(labels: testY, probabilities: p, sampleWeights: testW),
                    accuracy: try ClassificationMetrics.accuracy(labels: testY, probabilities: p, sampleWeights: testW)))
        }
        return OutOfFoldPredictions(probabilities: probabilities, folds: scores)
    }
}
