/// Settings of ``KMeans/fit(_:config:seed:stream:)`` (scikit-learn `KMeans` defaults).
///
/// ```swift
/// let config = KMeansConfig(clusters: 3)   // n_init 10, max_iter 300, tol 1e-4
/// ```
public struct KMeansConfig: Sendable, Equatable {
    /// k, the number of clusters (≥ 1, ≤ the number of observations).
    public var clusters: Int
    /// Independent k-means++ starts; the lowest inertia wins (sklearn `n_init`, 10).
    public var starts: Int
    /// Lloyd iterations per start (sklearn `max_iter`, 300).
    public var maxIterations: Int
    /// Relative tolerance: stop when Σ‖Δcentroid‖² ≤ tolerance × mean per-feature variance (sklearn `tol`, 1e-4).
    public var tolerance: Double

    public init(clusters: Int, starts: Int = 10, maxIterations: Int = 300, tolerance: Double = 1e-4) {
        self.clusters = clusters
        self.starts = starts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }
}

/// The outcome of k-means: centroids (k × d), one label per row, inertia and iterations.
public struct KMeansResult: Sendable, Equatable {
    /// The cluster centres, k × d.
    public var centroids: [[Double]]
    /// The cluster of each observation (index into `centroids`).
    public var labels: [Int]
    /// Σ of squared Euclidean distances from each observation to its centroid.
    public var inertia: Double
    /// Lloyd iterations of the kept start (sklearn `n_iter_`).
    public var iterations: Int

    public init(centroids: [[Double]], labels: [Int], inertia: Double, iterations: Int) {
        self.centroids = centroids
        self.labels = labels
        self.inertia = inertia
        self.iterations = iterations
    }

    /// The same clustering with clusters renumbered by the centroid's feature 0, ascending.
    public func canonicalized() -> KMeansResult {
        let (order, rank) = Canonical.order(byFirstFeatureOf: centroids)
        return KMeansResult(
            centroids: order.map { centroids[$0] }, labels: labels.map { rank[$0] }, inertia: inertia,
            iterations: iterations)
    }
}

/// k-means clustering by Lloyd's algorithm with greedy k-means++ seeding (scikit-learn `KMeans`).
///
/// **Algorithm.** Seeding: the first centre is a uniformly drawn observation; each
/// further centre is the best (lowest resulting potential) of `2 + ⌊ln k⌋` candidates
/// drawn with probability ∝ D(x)², the squared distance to the nearest chosen centre
/// (Arthur & Vassilvitskii 2007; sklearn's greedy variant). Lloyd: assign every row to
/// its nearest centroid (ties to the lowest index), move each centroid to the mean of its
/// rows; an empty cluster takes the row farthest from its centroid. Stop when the labels
/// repeat or Σ‖Δc‖² ≤ tol × mean(var(X)); if stopped on the shift, labels are reassigned to
/// the final centroids. The data are centred on their mean while iterating, as sklearn does.
///
/// **Determinism.** Start `s` draws from `SeededGenerator(seed:, stream: "\(stream)/init/\(s)")`;
/// the lowest inertia wins (the first on a tie); labels are canonicalised (cluster 0 has the
/// lowest centroid feature 0).
///
/// Input: row-major `[[Double]]`, n observations × d features.
///
/// References: Lloyd (1982), IEEE Trans. Inf. Theory 28(2); Arthur & Vassilvitskii (2007),
/// "k-means++", SODA; scikit-learn `sklearn.cluster.KMeans(algorithm="lloyd")`.
///
/// ```swift
/// let result = try KMeans.fit(x, config: KMeansConfig(clusters: 3), seed: 42, stream: "kmeans")
/// result.labels      // [0, 0, 2, 1, …]
/// result.inertia
/// ```
public enum KMeans {
    /// Best of `config.starts` k-means++ starts, canonicalised.
    public static func fit(_ x: [[Double]], config: KMeansConfig, seed: UInt64, stream: String) throws -> KMeansResult
    {
        let routine = "KMeans.fit"
        let m = try FlatMatrix(validating: x, routine: routine)
        try check(config.clusters, m.rows, routine)
        guard config.starts >= 1, config.maxIterations >= 1 else {
            throw RegimeError(routine: routine, reason: "starts and maxIterations must be ≥ 1")
        }
        let (centred, mean) = centre(m)
        let tol = absoluteTolerance(m, config.tolerance)
        var best: KMeansResult?
        for s in 0..<config.starts {
            var rng = SeededGeneratorBridge.make(seed: seed, stream: "\(stream)/init/\(s)")
            let initial = KMeansPlusPlus.centres(centred, k: config.clusters, using: &rng)
            let result = lloyd(centred, initial: initial, k: config.clusters, maxIterations: config.maxIterations, tol: tol)
            if let current = best, !(result.inertia < current.inertia) { continue }
            best = result
        }
        guard var best else { throw RegimeError(routine: routine, reason: "no start produced a clustering") }
        best.centroids = best.centroids.map { c in zip(c, mean).map { $0 + $1 } }
        return best.canonicalized()
    }

    /// One Lloyd run from the given initial centroids (k × d), keeping their order.
    ///
    /// For reproducibility and tests: equals sklearn
    /// `KMeans(n_clusters=k, init=initial, n_init=1, max_iter=…, tol=…)`.
    public static func fit(
        _ x: [[Double]], initialCentroids: [[Double]], maxIterations: Int = 300, tolerance: Double = 1e-4
    ) throws -> KMeansResult {
        let routine = "KMeans.fit(initialCentroids:)"
        let m = try FlatMatrix(validating: x, routine: routine)
        let k = initialCentroids.count
        try check(k, m.rows, routine)
        guard initialCentroids.allSatisfy({ $0.count == m.cols }) else {
            throw RegimeError(routine: routine, reason: "initial centroids must be \(k)×\(m.cols)")
        }
        let (centred, mean) = centre(m)
        var initial = FlatMatrix(rows: k, cols: m.cols)
        for i in 0..<k { for j in 0..<m.cols { initial[i, j] = initialCentroids[i][j] - mean[j] } }
        var result = lloyd(
            centred, initial: initial, k: k, maxIterations: max(maxIterations, 1), tol: absoluteTolerance(m, tolerance))
        result.centroids = result.centroids.map { c in zip(c, mean).map { $0 + $1 } }
        return result
    }

    private static func check(_ k: Int, _ n: Int, _ routine: String) throws(RegimeError) {
        guard k >= 1, k <= n else {
            throw RegimeError(routine: routine, reason: "clusters must be in 1...\(n) (the number of rows), not \(k)")
        }
    }

    static func absoluteTolerance(_ m: FlatMatrix, _ tol: Double) -> Double {
        if tol == 0 { return 0 }
        let variance = m.columnMeanAndVariance().variance
        return variance.reduce(0, +) / Double(variance.count) * tol
    }

    static func centre(_ m: FlatMatrix) -> (FlatMatrix, [Double]) {
        let mean = m.columnMeanAndVariance().mean
        var c = m
        for i in 0..<m.rows { for j in 0..<m.cols { c.values[i * m.cols + j] -= mean[j] } }
        return (c, mean)
    }
}
