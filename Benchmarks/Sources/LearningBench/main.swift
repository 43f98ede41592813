// Fit times of the Learning classifiers on a few thousand rows (run in release):
//
//     swift run -c release --package-path Benchmarks LearningBench
//
// Data: the synthetic fixture's generator shape (n rows × d standard-normal features, a
// non-linear label), drawn here from SeededGenerator so the benchmark needs no file. Each
// figure is the median of 5 fits of a fresh model, wall-clock, single-threaded.
import Dispatch
import Ensembles
import Foundation
import Learning
import Market

func dataset(rows n: Int, features d: Int, seed: UInt64) throws -> (FeatureMatrix, [Int]) {
    var rng = SeededGenerator(seed: seed, stream: "LearningBench")
    var values = [Double](repeating: 0, count: n * d)
    var labels = [Int](repeating: 0, count: n)
    for i in 0..<n {
        for j in 0..<d { values[i * d + j] = rng.nextGaussian() }
        let x = values[(i * d)..<(i * d + d)].map { $0 }
        let z = 2.5 * tanh(2 * x[0] * x[1]) + 1.5 * (x[2] * x[2] - 1) - x[3] + 0.5 * x[4]
        labels[i] = rng.nextDouble() < 1 / (1 + exp(-z)) ? 1 : 0
    }
    return (try FeatureMatrix(rows: n, columns: d, values: values), labels)
}

func median(_ v: [Double]) -> Double {
    let s = v.sorted()
    return s[s.count / 2]
}

func time<C: Classifier>(_ name: String, _ classifier: C, _ x: FeatureMatrix, _ y: [Int]) throws {
    var seconds: [Double] = []
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try classifier.fit(x, labels: y)
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let padded = name.padding(toLength: 62, withPad: " ", startingAt: 0)
    print("\(padded) \(x.rows) × \(x.columns)   \(String(format: "%.3f", median(seconds))) s")
}

for (n, d) in [(2000, 8), (3000, 30)] {
    let (x, y) = try dataset(rows: n, features: d, seed: 1)
    try time("LogisticClassifier (standardised, C=1)", StandardizedClassifier(LogisticClassifier(.init(c: 1))), x, y)
    try time("GradientBoostedTrees 100 trees, depth 3", GradientBoostedTrees(.init(estimators: 100, maxDepth: 3)), x, y)
    try time("GradientBoostedTrees 100 trees, depth 3, subsample 0.7",
             GradientBoostedTrees(.init(estimators: 100, maxDepth: 3, subsample: 0.7)), x, y)
    try time("MultilayerPerceptron [16], alpha 3, ≤ 500 L-BFGS iterations",
             StandardizedClassifier(MultilayerPerceptron(.init(hiddenLayerSizes: [16], alpha: 3, maxIterations: 500))), x, y)
    try time("MultilayerPerceptron [32, 16], alpha 10, ≤ 500 L-BFGS iterations",
             StandardizedClassifier(MultilayerPerceptron(.init(hiddenLayerSizes: [32, 16], alpha: 10, maxIterations: 500))), x, y)
}

// Solver effort (one fit each).
for (n, d) in [(2000, 8), (3000, 30)] {
    let (x, y) = try dataset(rows: n, features: d, seed: 1)
    for hidden in [[16], [32, 16]] {
        let model = try StandardizedClassifier(MultilayerPerceptron(.init(hiddenLayerSizes: hidden, alpha: 3, maxIterations: 500)))
            .fit(x, labels: y).model
        print("MLP \(hidden) on \(n) × \(d): \(model.iterations) iterations, \(model.functionEvaluations) evaluations, stop: \(model.stop.map(\.rawValue) ?? "-")")
    }
}
