#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fitted binary logistic regression: `P(y = 1 | x) = σ(x·w + b)`, σ(z) = 1 / (1 + e^(−z)).
///
/// Produced by ``LogisticRegression/fit(x:y:sampleWeights:config:)``; the scikit-learn
/// counterparts are `coef_[0]`, `intercept_[0]`, `decision_function` and
/// `predict_proba(X)[:, 1]`.
public struct LogisticModel: Sendable, Equatable {
    /// w, one coefficient per feature.
    public var coefficients: [Double]
    /// b (0 when the model was fitted without an intercept).
    public var intercept: Double
    /// Newton iterations taken by the solver.
    public var iterations: Int
    /// max |∂F/∂θ| of the penalised objective at the returned parameters.
    public var gradientNorm: Double

    public init(coefficients: [Double], intercept: Double, iterations: Int = 0, gradientNorm: Double = 0) {
        self.coefficients = coefficients
        self.intercept = intercept
        self.iterations = iterations
        self.gradientNorm = gradientNorm
    }

    /// The decision value z = x·w + b of one observation (`x.count` must equal the feature count).
    public func decision(_ x: [Double]) throws(EnsembleError) -> Double {
        guard x.count == coefficients.count else {
            throw EnsembleError(
                routine: "LogisticModel.decision",
                reason: "observation has \(x.count) features, the model \(coefficients.count)")
        }
        var z = intercept
        for j in 0..<x.count { z += x[j] * coefficients[j] }
        return z
    }

    /// z = x·w + b for every row of `x` (sklearn `decision_function`).
    public func decisionFunction(_ x: SignalMatrix) throws(EnsembleError) -> [Double] {
        let d = coefficients.count
        guard x.members == d else {
            throw EnsembleError(
                routine: "LogisticModel.decisionFunction",
                reason: "matrix has \(x.members) features, the model \(d)")
        }
        var out = [Double](repeating: intercept, count: x.bars)
        x.values.withUnsafeBufferPointer { xb in
            coefficients.withUnsafeBufferPointer { wb in
                out.withUnsafeMutableBufferPointer { ob in
                    for i in 0..<x.bars {
                        var z = ob[i]
                        for j in 0..<d { z += xb[i * d + j] * wb[j] }
                        ob[i] = z
                    }
                }
            }
        }
        return out
    }

    /// P(y = 1 | x) = σ(x·w + b) for every row (sklearn `predict_proba(X)[:, 1]`).
    public func predictProbability(_ x: SignalMatrix) throws(EnsembleError) -> [Double] {
        try decisionFunction(x).map(Logistic.sigmoid)
    }

    /// The predicted class, 1 when z > 0 and 0 otherwise (sklearn `predict`: ties go to class 0).
    public func predict(_ x: SignalMatrix) throws(EnsembleError) -> [Int] {
        try decisionFunction(x).map { $0 > 0 ? 1 : 0 }
    }
}

/// Numerically stable logistic functions.
enum Logistic {
    /// σ(z) = 1 / (1 + e^(−z)), evaluated without overflow for either sign of z.
    static func sigmoid(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z)
        return e / (1 + e)
    }

    /// log(1 + e^z) without overflow.
    static func softplus(_ z: Double) -> Double {
        z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
    }
}
