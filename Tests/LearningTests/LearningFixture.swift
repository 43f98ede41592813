import ADMFTestSupport
import Foundation
import Learning

/// Reads `Tests/Fixtures/learning/*.json` (written by `Tests/Fixtures/generate_learning.py`).
let LearningFixture = FixtureFolder("learning")

/// One dataset of `datasets.json`: training and test rows, labels, optional training weights, and
/// scikit-learn's standardised logistic-regression baseline on it.
struct LearningDataset {
    let name: String
    let train: FeatureMatrix
    let yTrain: [Int]
    let test: FeatureMatrix
    let yTest: [Int]
    let weights: [Double]?
    let logistic: [String: Any]

    /// Every dataset by name (parsed once per call; the file is ~0.5 MB).
    static func all() throws -> [String: LearningDataset] {
        let object = try LearningFixture.object("datasets.json")
        var out: [String: LearningDataset] = [:]
        for d in try LearningFixture.cases(object, "datasets") {
            guard let name = d["name"] as? String, let columns = d["columns"] as? [String] else {
                throw LearningFixture.malformed("name/columns")
            }
            let weights: [Double]? =
                d["sample_weight_train"] is NSNull ? nil : try LearningFixture.vector(d["sample_weight_train"], "sample_weight_train")
            out[name] = LearningDataset(
                name: name,
                train: try FeatureMatrix(rows: LearningFixture.matrix(d["x_train"], "x_train"), columnNames: columns),
                yTrain: try LearningFixture.ints(d["y_train"], "y_train"),
                test: try FeatureMatrix(rows: LearningFixture.matrix(d["x_test"], "x_test"), columnNames: columns),
                yTest: try LearningFixture.ints(d["y_test"], "y_test"),
                weights: weights,
                logistic: try LearningFixture.dict(d["logistic"], "logistic"))
        }
        return out
    }
}

/// The largest |a − b| over two equally long series (∞ when the lengths differ).
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    var m = 0.0
    for i in a.indices { m = max(m, abs(a[i] - b[i])) }
    return m
}

func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(v.count, 1)) }
