/// Validated training input shared by every classifier: labels as 0/1 doubles and one weight
/// per row, with the checks scikit-learn makes in `fit` (plus: both classes must carry weight).
struct TrainingData {
    let x: FeatureMatrix
    /// yᵢ ∈ {0, 1} as doubles.
    let y: [Double]
    /// sᵢ ≥ 0 (all 1 when the caller passed none).
    let weights: [Double]
    /// Σ sᵢ (> 0).
    let totalWeight: Double
    /// Σ sᵢ over rows labelled 1.
    let positiveWeight: Double
    /// Σ sᵢ over rows labelled 0.
    let negativeWeight: Double

    init(_ x: FeatureMatrix, labels: [Int], sampleWeights: [Double]?, routine: String) throws(LearningError) {
        let n = x.rows
        guard n > 0 else { throw LearningError(routine: routine, reason: "no observations") }
        guard x.columns > 0 else { throw LearningError(routine: routine, reason: "no features") }
        guard labels.count == n else {
            throw LearningError(routine: routine, reason: "\(labels.count) labels for \(n) observations")
        }
        let s = sampleWeights ?? [Double](repeating: 1, count: n)
        guard s.count == n else {
            throw LearningError(routine: routine, reason: "\(s.count) sample weights for \(n) observations")
        }
        var y = [Double](repeating: 0, count: n)
        var total = 0.0
        var positive = 0.0
        var negative = 0.0
        for i in 0..<n {
            guard labels[i] == 0 || labels[i] == 1 else {
                throw LearningError(routine: routine, reason: "label \(labels[i]) at row \(i): labels must be 0 or 1")
            }
            guard s[i] >= 0, s[i].isFinite else {
                throw LearningError(routine: routine, reason: "sample weight \(s[i]) at row \(i) must be ≥ 0 and finite")
            }
            y[i] = Double(labels[i])
            total += s[i]
            if labels[i] == 1 { positive += s[i] } else { negative += s[i] }
        }
        guard positive > 0, negative > 0 else {
            throw LearningError(
                routine: routine,
                reason: "both classes need positive total weight (class 0: \(negative), class 1: \(positive))")
        }
        self.x = x
        self.y = y
        self.weights = s
        self.totalWeight = total
        self.positiveWeight = positive
        self.negativeWeight = negative
    }
}
