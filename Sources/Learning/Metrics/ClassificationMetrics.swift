#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scores of predicted probabilities against 0/1 labels, as scikit-learn computes them.
///
/// ```swift
/// ClassificationMetrics.logLoss(labels: [1, 0], probabilities: [0.8, 0.3])   // 0.2899…
/// ClassificationMetrics.accuracy(labels: [1, 0], probabilities: [0.8, 0.6])  // 0.5
/// ```
public enum ClassificationMetrics {
    /// Weighted mean log-loss −Σ sᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] / Σ sᵢ, with pᵢ clipped
    /// to [ε, 1 − ε], ε = 2⁻⁵² (scikit-learn `log_loss`, which clips at the dtype's machine epsilon).
    ///
    /// - Throws: ``LearningError`` on mismatched lengths, labels outside {0, 1}, a probability
    ///   outside [0, 1], negative weights or zero total weight.
    public static func logLoss(labels: [Int], probabilities p: [Double], sampleWeights: [Double]? = nil)
        throws(LearningError) -> Double
    {
        let s = try check(labels, p, sampleWeights, routine: "ClassificationMetrics.logLoss")
        let eps = Double.ulpOfOne
        var loss = 0.0
        var total = 0.0
        for i in 0..<labels.count {
            let q = min(max(p[i], eps), 1 - eps)
            loss -= s[i] * (labels[i] == 1 ? log(q) : log(1 - q))
            total += s[i]
        }
        return loss / total
    }

    /// Weighted share of rows whose predicted class (1 when p > ½) equals the label
    /// (scikit-learn `accuracy_score` of `predict`).
    public static func accuracy(labels: [Int], probabilities p: [Double], sampleWeights: [Double]? = nil)
        throws(LearningError) -> Double
    {
        let s = try check(labels, p, sampleWeights, routine: "ClassificationMetrics.accuracy")
        var hit = 0.0
        var total = 0.0
        for i in 0..<labels.count {
            if (p[i] > 0.5 ? 1 : 0) == labels[i] { hit += s[i] }
            total += s[i]
        }
        return hit / total
    }

    private static func check(_ y: [Int], _ p: [Double], _ weights: [Double]?, routine: String)
        throws(LearningError) -> [Double]
    {
        guard y.count == p.count else {
            throw LearningError(routine: routine, reason: "\(y.count) labels for \(p.count) probabilities")
        }
        let s = weights ?? [Double](repeating: 1, count: y.count)
        guard s.count == y.count else {
            throw LearningError(routine: routine, reason: "\(s.count) sample weights for \(y.count) labels")
        }
        var total = 0.0
        for i in 0..<y.count {
            guard y[i] == 0 || y[i] == 1 else {
                throw LearningError(routine: routine, reason: "label \(y[i]) at row \(i): labels must be 0 or 1")
            }
            guard p[i] >= 0, p[i] <= 1 else {
                throw LearningError(routine: routine, reason: "probability \(p[i]) at row \(i) is outside [0, 1]")
            }
            guard s[i] >= 0, s[i].isFinite else {
                throw LearningError(routine: routine, reason: "sample weight \(s[i]) at row \(i) must be ≥ 0 and finite")
            }
            total += s[i]
        }
        guard total > 0 else { throw LearningError(routine: routine, reason: "total weight is 0") }
        return s
    }
}
