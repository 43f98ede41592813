import ADMFTestSupport
import Ensembles
import Foundation
import Learning
import Testing

@Suite("Classifier protocol, logistic adapter, purged cross-validation")
struct ClassifierTests {
    /// The Ensembles logistic regression behind the protocol, with standardisation fitted on the
    /// training rows, against sklearn `StandardScaler` + `LogisticRegression(C=1, newton-cholesky)`.
    /// Both are exact solvers of the same strictly convex problem: observed agreement ~1e-15; asserted 1e-10.
    @Test("standardised logistic regression matches sklearn's on both datasets")
    func logisticAdapter() throws {
        for data in try LearningDataset.all().values {
            let model = try StandardizedClassifier(LogisticClassifier(.init(c: 1))).fit(data.train, labels: data.yTrain)
            let coef = try LearningFixture.vector(data.logistic["coef"], "coef")
            #expect(Tolerance.firstMismatch(model.model.model.coefficients, coef, relative: 1e-9, absolute: 1e-10, label: data.name) == nil)
            let p = try model.probabilities(data.test)
            let dp = maxAbsDifference(p, try LearningFixture.vector(data.logistic["proba_test"], "proba_test"))
            #expect(dp <= 1e-10, "\(data.name): max |Δ predict_proba| = \(dp)")
        }
    }

    /// The synthetic labels depend on x0·x1 and x2²: invisible to a linear model. Trees and the MLP
    /// must beat logistic regression clearly on the held-out rows (sklearn: 0.607 vs 0.75–0.79).
    @Test("on the non-linear synthetic data trees and the MLP beat logistic regression")
    func nonlinearBeatsLinear() throws {
        let data = try #require(try LearningDataset.all()["synthetic"])
        func accuracy<C: Classifier>(_ c: C) throws -> Double {
            let p = try c.fit(data.train, labels: data.yTrain).probabilities(data.test)
            return try ClassificationMetrics.accuracy(labels: data.yTest, probabilities: p)
        }
        let linear = try accuracy(StandardizedClassifier(LogisticClassifier()))
        let trees = try accuracy(GradientBoostedTrees(.init(estimators: 100, maxDepth: 3, minSamplesLeaf: 5)))
        let mlp = try accuracy(StandardizedClassifier(MultilayerPerceptron(.init(hiddenLayerSizes: [16], alpha: 3, maxIterations: 300))))
        #expect(linear < 0.65)
        #expect(trees > linear + 0.1, "trees \(trees) vs logistic \(linear)")
        #expect(mlp > linear + 0.1, "MLP \(mlp) vs logistic \(linear)")
    }

    /// Out-of-fold predictions over PurgedKFold: every row predicted once, by a model fitted (with
    /// its own standardisation) on exactly the fold's purged training rows.
    @Test("purged K-fold out-of-fold predictions")
    func crossValidation() throws {
        let data = try #require(try LearningDataset.all()["spy_daily"])
        let x = data.train
        let folds = try PurgedKFold.split(count: x.rows, folds: 4, horizon: 1, embargo: .bars(5))
        let classifier = StandardizedClassifier(LogisticClassifier(.init(c: 0.5)))
        let oof = try CrossValidation.outOfFold(classifier, x: x, labels: data.yTrain, folds: folds)
        #expect(oof.probabilities.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(oof.folds.count == 4)
        for (k, fold) in folds.enumerated() {
            let trainRows = fold.trainIndices
            #expect(oof.folds[k].trainingRows == trainRows.count)
            #expect(!trainRows.contains { $0 >= fold.test.lowerBound - 1 && $0 < fold.test.upperBound + 1 + 5 })
            let direct = try classifier.fit(x.selecting(rows: trainRows), labels: trainRows.map { data.yTrain[$0] })
            let p = try direct.probabilities(x.selecting(rows: Array(fold.test)))
            #expect(Array(oof.probabilities[fold.test]) == p)
            // The scaler saw the training rows only.
            #expect(direct.standardizer == (try Standardizer.fit(x, rows: fold.trainRanges)))
        }
        let weighted = try CrossValidation.outOfFold(
            GradientBoostedTrees(.init(estimators: 5)), x: x, labels: data.yTrain,
            sampleWeights: [Double](repeating: 2, count: x.rows), folds: folds)
        let unweighted = try CrossValidation.outOfFold(GradientBoostedTrees(.init(estimators: 5)), x: x, labels: data.yTrain, folds: folds)
        #expect(maxAbsDifference(weighted.probabilities, unweighted.probabilities) < 1e-12)
        #expect(throws: LearningError.self) {
            try CrossValidation.outOfFold(classifier, x: x, labels: Array(data.yTrain.dropLast()), folds: folds)
        }
    }

    @Test("feature matrix: shapes, names, selections, errors")
    func featureMatrix() throws {
        let x = try FeatureMatrix(rows: [[1, 2], [3, 4], [5, 6]], columnNames: ["a", "b"])
        #expect(x.rows == 3 && x.columns == 2 && x[2, 1] == 6)
        #expect(x.column(1) == [2, 4, 6])
        #expect(x.row(1) == [3, 4])
        #expect(try x.selecting(rows: [2, 0]).values == [5, 6, 1, 2])
        #expect(try x.selecting(ranges: [0..<1, 2..<3]).values == [1, 2, 5, 6])
        #expect(try x.selecting(ranges: [0..<1, 2..<3]).columnNames == ["a", "b"])
        #expect(try FeatureMatrix(rows: [[1.0]]).columnNames == ["x0"])
        #expect(throws: LearningError.self) { try FeatureMatrix(rows: [[1, 2], [3]]) }
        #expect(throws: LearningError.self) { try FeatureMatrix(rows: [[.nan]]) }
        #expect(throws: LearningError.self) { try FeatureMatrix(rows: [[1, 2]], columnNames: ["a", "a"]) }
        #expect(throws: LearningError.self) { try FeatureMatrix(rows: 2, columns: 2, values: [1, 2, 3]) }
        #expect(throws: LearningError.self) { try x.selecting(rows: [3]) }
        #expect(throws: LearningError.self) { try x.selecting(ranges: [2..<4]) }
        let scaler = try Standardizer.fit(try FeatureMatrix(rows: [[1, 7], [3, 7]]))
        #expect(scaler.means == [2, 7] && scaler.scales == [1, 1])  // σ = 1 for the first, 1 (constant) for the second
        #expect(try scaler.transform(try FeatureMatrix(rows: [[4, 7]])).values == [2, 0])
        #expect(throws: LearningError.self) { try ClassificationMetrics.logLoss(labels: [1], probabilities: [1.5]) }
        #expect(try ClassificationMetrics.logLoss(labels: [1, 0], probabilities: [1, 0]) < 1e-15)
    }
}
