/// Column standardisation with statistics fitted on chosen rows (scikit-learn `StandardScaler`).
///
/// **Formula.** Fitted on rows x_1 … x_m: μ_j = (1/m) Σ_t x_tj and
/// σ_j = √((1/m) Σ_t (x_tj − μ_j)²) (population deviation, ddof 0, two-pass).
/// ``transform(_:)`` maps any row to z_tj = (x_tj − μ_j) / σ_j, and to 0 where σ_j = 0
/// (a column constant on the fitting rows stays 0 on every row, fitted or not).
///
/// Fit on the training rows only and transform every row with those statistics, so a
/// standardised value at bar t never depends on bars outside the fitting rows — the
/// whole-sample ``RegimeFeatures/standardize(_:)`` uses every bar, later ones included.
///
/// Reference: scikit-learn `sklearn.preprocessing.StandardScaler` (`with_mean`, `with_std`;
/// a zero variance is treated as scale 1 there, giving 0 after centring — the same result).
///
/// ```swift
/// let scaler = try FeatureScaler.fit(Array(features.rows[0..<1_000]))   // training rows
/// let z = try scaler.transform(features.rows)                            // every row
/// ```
public struct FeatureScaler: Sendable, Equatable {
    /// μ_j, the column means of the fitting rows.
    public var means: [Double]
    /// σ_j, the column population standard deviations (ddof 0) of the fitting rows.
    public var deviations: [Double]

    public init(means: [Double], deviations: [Double]) {
        self.means = means
        self.deviations = deviations
    }

    /// Fits means and deviations on `rows` (rectangular, finite, at least one row).
    public static func fit(_ rows: [[Double]]) throws -> FeatureScaler {
        _ = try FlatMatrix(validating: rows, routine: "FeatureScaler.fit")
        return FeatureScaler(unchecked: rows)
    }

    /// The number of features.
    public var features: Int { means.count }

    /// Standardises `rows` (rectangular, finite, ``features`` columns) with the fitted statistics.
    public func transform(_ rows: [[Double]]) throws -> [[Double]] {
        let routine = "FeatureScaler.transform"
        guard !rows.isEmpty else { return [] }
        let m = try FlatMatrix(validating: rows, routine: routine)
        guard m.cols == features, deviations.count == features else {
            throw RegimeError(
                routine: routine,
                reason: "rows have \(m.cols) features, the scaler \(features) means and \(deviations.count) deviations")
        }
        return transformUnchecked(rows)
    }

    /// Fits without validation: the arithmetic of the original whole-sample standardisation.
    init(unchecked rows: [[Double]]) {
        guard let d = rows.first?.count, d > 0 else {
            self.init(means: [], deviations: [])
            return
        }
        let n = Double(rows.count)
        var mean = [Double](repeating: 0, count: d)
        for r in rows { for j in 0..<d { mean[j] += r[j] } }
        for j in 0..<d { mean[j] /= n }
        var variance = [Double](repeating: 0, count: d)
        for r in rows {
            for j in 0..<d {
                let e = r[j] - mean[j]
                variance[j] += e * e
            }
        }
        self.init(means: mean, deviations: variance.map { ($0 / n).squareRoot() })
    }

    /// Transforms without validation (rows must have ``features`` columns).
    func transformUnchecked(_ rows: [[Double]]) -> [[Double]] {
        let d = features
        return rows.map { r in (0..<d).map { j in deviations[j] > 0 ? (r[j] - means[j]) / deviations[j] : 0 } }
    }
}
