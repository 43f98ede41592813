import ADMFTestSupport
import Foundation
import Ensembles
import Testing

/// LogisticRegression against scikit-learn 1.9.1 (`Tests/Fixtures/ensembles/logistic.json`).
@Suite("L2 logistic regression agrees with scikit-learn")
struct LogisticRegressionTests {
    @Test("coefficients, intercept, decision function and probabilities for C ∈ {0.1, 1, 10}")
    func fixtures() throws {
        let object = try EnsemblesFixture.object("logistic.json")
        var checked = 0
        for c in try EnsemblesFixture.cases(object) {
            let name = c["name"] as? String ?? "?"
            let x = try SignalMatrix(rows: EnsemblesFixture.matrix(c["x"], "x"))
            let y = try EnsemblesFixture.ints(c["y"], "y")
            let weights: [Double]? = c["sample_weight"] is NSNull ? nil : try EnsemblesFixture.vector(c["sample_weight"], "sample_weight")
            let intercept = c["fit_intercept"] as? Bool ?? true
            for fit in try EnsemblesFixture.cases(c, "fits") {
                let cValue = try EnsemblesFixture.number(fit["C"], "C")
                let label = "\(name) C=\(cValue)"
                let model = try LogisticRegression.fit(
                    x: x, y: y, sampleWeights: weights, config: .init(c: cValue, fitIntercept: intercept))
                checked += 1
                #expect(model.gradientNorm < 1e-8 * max(1, cValue * Double(x.bars)), "\(label) gradient \(model.gradientNorm)")
                // The exact optimum: scikit-learn's newton-cholesky (tol 1e-12); we agree to ~1e-14.
                let exactCoef = try EnsemblesFixture.vector(fit["coef_newton_cholesky"], "coef_newton_cholesky")
                let exactB = try EnsemblesFixture.number(fit["intercept_newton_cholesky"], "intercept_newton_cholesky")
                #expect(Tolerance.firstMismatch(model.coefficients, exactCoef, relative: 1e-11, absolute: 1e-12, label: label) == nil)
                #expect(Tolerance.agree(model.intercept, exactB, relative: 1e-11, absolute: 1e-12), "\(label) b \(model.intercept) vs \(exactB)")
                // The lbfgs answer (stops on its ftol; at most 2.2e-7 from the optimum in this fixture).
                let coef = try EnsemblesFixture.vector(fit["coef"], "coef")
                let b = try EnsemblesFixture.number(fit["intercept"], "intercept")
                #expect(Tolerance.firstMismatch(model.coefficients, coef, relative: 0, absolute: 1e-6, label: label) == nil)
                #expect(Tolerance.agree(model.intercept, b, relative: 0, absolute: 1e-6), "\(label) b \(model.intercept) vs \(b)")
                let shown = try EnsemblesFixture.vector(fit["decision_function"], "decision_function").count
                let head = try x.selecting(rows: Array(0..<shown))
                let z = try EnsemblesFixture.vector(fit["decision_function"], "decision_function")
                let p = try EnsemblesFixture.vector(fit["probability"], "probability")
                #expect(Tolerance.firstMismatch(try model.decisionFunction(head), z, relative: 0, absolute: 1e-6, label: label) == nil)
                #expect(Tolerance.firstMismatch(try model.predictProbability(head), p, relative: 0, absolute: 1e-7, label: label) == nil)
            }
        }
        #expect(checked == 12)
    }

    @Test("integer sample weights equal duplicated rows")
    func weightsAreDuplicates() throws {
        var rng = SplitMix64(seed: 7)
        var rows: [[Double]] = []
        var y: [Int] = []
        var weights: [Double] = []
        for _ in 0..<60 {
            let row = [rng.normal(), rng.normal()]
            rows.append(row)
            y.append(rng.uniform() < 1 / (1 + exp(-(row[0] - row[1]))) ? 1 : 0)
            weights.append(Double(1 + rng.int(3)))
        }
        var duplicatedRows: [[Double]] = []
        var duplicatedY: [Int] = []
        for i in rows.indices {
            for _ in 0..<Int(weights[i]) {
                duplicatedRows.append(rows[i])
                duplicatedY.append(y[i])
            }
        }
        let weighted = try LogisticRegression.fit(x: rows, y: y, sampleWeights: weights, config: .init(c: 2))
        let duplicated = try LogisticRegression.fit(x: duplicatedRows, y: duplicatedY, config: .init(c: 2))
        #expect(Tolerance.firstMismatch(weighted.coefficients, duplicated.coefficients, relative: 1e-10, absolute: 1e-12) == nil)
        #expect(Tolerance.agree(weighted.intercept, duplicated.intercept, relative: 1e-10, absolute: 1e-12))
    }

    @Test("separable data still gives a finite, unique optimum")
    func separable() throws {
        let x: [[Double]] = [[-2], [-1], [1], [2]]
        let model = try LogisticRegression.fit(x: x, y: [0, 0, 1, 1], config: .init(c: 100))
        #expect(model.coefficients[0].isFinite && model.coefficients[0] > 0)
        #expect(abs(model.intercept) < 1e-9)  // symmetric data
    }

    @Test("typed errors for bad input")
    func errors() {
        #expect(throws: EnsembleError.self) { try LogisticRegression.fit(x: [[1.0], [2.0]], y: [1, 1]) }
        #expect(throws: EnsembleError.self) { try LogisticRegression.fit(x: [[1.0], [2.0]], y: [0, 2]) }
        #expect(throws: EnsembleError.self) { try LogisticRegression.fit(x: [[1.0], [2.0]], y: [0]) }
        #expect(throws: EnsembleError.self) { try LogisticRegression.fit(x: [[1.0], [2.0]], y: [0, 1], config: .init(c: 0)) }
        #expect(throws: EnsembleError.self) {
            try LogisticRegression.fit(x: [[1.0], [2.0]], y: [0, 1], sampleWeights: [1, -1])
        }
        #expect(throws: EnsembleError.self) { try LogisticRegression.fit(x: [[1.0], [2.0, 3.0]], y: [0, 1]) }
        #expect(throws: EnsembleError.self) { try LogisticRegression.fit(x: [[Double.nan], [2.0]], y: [0, 1]) }
        // Without an intercept a single class is fine (the penalty bounds w).
        #expect(throws: Never.self) {
            try LogisticRegression.fit(x: [[1.0], [2.0]], y: [1, 1], config: .init(fitIntercept: false))
        }
    }
}
