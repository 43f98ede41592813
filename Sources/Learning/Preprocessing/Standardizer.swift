/// Per-feature standardisation `z = (x − μⱼ) / σⱼ`, fitted on training rows only and applied
/// to any rows (scikit-learn `StandardScaler`): μⱼ is the column mean, σⱼ the population
/// standard deviation (divisor n), and σⱼ = 1 for a column that is constant up to rounding
/// (sklearn's `_is_constant_feature`: var ≤ n·ε·var + (n·μ·ε)²), so such a column becomes 0.
///
/// The variance is the corrected two-pass sum Σ(x − x̄)² − (Σ(x − x̄))²/n (Chan, Golub &
/// LeVeque, *Am. Statist.* 37(3), 1983), as sklearn computes it.
///
/// Fit it on the training rows of each fold, never on the whole sample: test rows must not
/// leak into the scaling (``StandardizedClassifier`` and ``CrossValidation`` do this).
///
/// ```swift
/// let scaler = try Standardizer.fit(train)
/// let zTrain = try scaler.transform(train)
/// let zTest = try scaler.transform(test)     // with the training means and scales
/// ```
public struct Standardizer: Sendable, Equatable {
    /// μⱼ per column (sklearn `mean_`).
    public let means: [Double]
    /// σⱼ per column, 1 for constant columns (sklearn `scale_`).
    public let scales: [Double]

    /// A scaler with given means and (positive, finite) scales.
    public init(means: [Double], scales: [Double]) throws(LearningError) {
        guard means.count == scales.count else {
            throw LearningError(routine: "Standardizer", reason: "\(means.count) means for \(scales.count) scales")
        }
        guard means.allSatisfy(\.isFinite), scales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw LearningError(routine: "Standardizer", reason: "means must be finite and scales positive and finite")
        }
        self.means = means
        self.scales = scales
    }

    /// Fits μ and σ on every row of `x`.
    ///
    /// - Throws: ``LearningError`` when `x` has no rows.
    public static func fit(_ x: FeatureMatrix) throws(LearningError) -> Standardizer {
        try fit(x, rows: [0..<x.rows])
    }

    /// Fits μ and σ on the rows in `ranges` only (e.g. a ``Ensembles/PurgedFold``'s `trainRanges`).
    ///
    /// - Throws: ``LearningError`` when the ranges hold no row or reach outside the matrix.
    public static func fit(_ x: FeatureMatrix, rows ranges: [Range<Int>]) throws(LearningError) -> Standardizer {
        let routine = "Standardizer.fit"
        var count = 0
        for r in ranges {
            guard r.lowerBound >= 0, r.upperBound <= x.rows else {
                throw LearningError(routine: routine, reason: "rows \(r) reach outside 0..<\(x.rows)")
            }
            count += r.count
        }
        guard count > 0 else { throw LearningError(routine: routine, reason: "no rows to fit on") }
        let d = x.columns
        let n = Double(count)
        var sum = [Double](repeating: 0, count: d)
        var correction = [Double](repeating: 0, count: d)
        var squares = [Double](repeating: 0, count: d)
        x.values.withUnsafeBufferPointer { v in
            for r in ranges {
                for i in r {
                    for j in 0..<d { sum[j] += v[i * d + j] }
                }
            }
            let mean = sum.map { $0 / n }
            for r in ranges {
                for i in r {
                    for j in 0..<d {
                        let t = v[i * d + j] - mean[j]
                        correction[j] += t
                        squares[j] += t * t
                    }
                }
            }
        }
        var means = [Double](repeating: 0, count: d)
        var scales = [Double](repeating: 1, count: d)
        let eps = Double.ulpOfOne
        for j in 0..<d {
            let mean = sum[j] / n
            let variance = (squares[j] - correction[j] * correction[j] / n) / n
            means[j] = mean
            let constant = variance <= n * eps * variance + (n * mean * eps) * (n * mean * eps)
            scales[j] = constant ? 1 : variance.squareRoot()
        }
        return Standardizer(unchecked: means, scales)
    }

    init(unchecked means: [Double], _ scales: [Double]) {
        self.means = means
        self.scales = scales
    }

    /// (x − μ) / σ for every row of `x`.
    ///
    /// - Throws: ``LearningError`` when `x` does not have one column per mean.
    public func transform(_ x: FeatureMatrix) throws(LearningError) -> FeatureMatrix {
        let d = means.count
        guard x.columns == d else {
            throw LearningError(routine: "Standardizer.transform", reason: "matrix has \(x.columns) features, the scaler \(d)")
        }
        var out = x.values
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<x.rows {
                for j in 0..<d { o[i * d + j] = (o[i * d + j] - means[j]) / scales[j] }
            }
        }
        return FeatureMatrix(unchecked: x.rows, d, out, x.columnNames)
    }
}
