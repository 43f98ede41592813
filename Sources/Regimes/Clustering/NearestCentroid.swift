/// Nearest-centroid assignment: row t takes argmin_i ‖x_t − c_i‖² (squared Euclidean,
/// the lowest index on ties) — the k-means assignment step (Lloyd 1982), applied to new rows.
///
/// Each row's label depends on that row and the centroids only, so with centroids
/// fitted on earlier data it is a causal, per-bar rule.
enum NearestCentroid {
    /// The nearest centroid of every row of `x`; validates shapes (k ≥ 1, d columns everywhere).
    static func labels(_ x: [[Double]], centroids: [[Double]], routine: String) throws(RegimeError) -> [Int] {
        guard !x.isEmpty else { return [] }
        let m = try FlatMatrix(validating: x, routine: routine)
        guard !centroids.isEmpty else { throw RegimeError(routine: routine, reason: "there are no centroids") }
        guard centroids.allSatisfy({ $0.count == m.cols }) else {
            throw RegimeError(
                routine: routine,
                reason: "rows have \(m.cols) features, the centroids \(centroids.first?.count ?? 0)")
        }
        var labels = [Int](repeating: 0, count: m.rows)
        KMeans.assign(m, centroids.flatMap { $0 }, centroids.count, &labels)
        return labels
    }
}

extension KMeansResult {
    /// The nearest centroid of every row of `x` (squared Euclidean, the lowest index on ties):
    /// a per-row rule, causal when the centroids were fitted on earlier rows.
    ///
    /// On the fitting rows this reproduces ``labels`` except, rarely, where two centroids are
    /// equidistant up to round-off (the fit assigns on mean-centred data).
    ///
    /// ```swift
    /// let km = try KMeans.fit(train, config: KMeansConfig(clusters: 3), seed: 1, stream: "km")
    /// let live = try km.assign(newRows)
    /// ```
    public func assign(_ x: [[Double]]) throws -> [Int] {
        try NearestCentroid.labels(x, centroids: centroids, routine: "KMeansResult.assign")
    }
}

/// Labels rows with a fitted regime model's centroids, for models carried outside the process
/// that fitted them (a deployment configuration).
public enum CentroidAssignment {
    /// The nearest centroid of every row (squared Euclidean, the lowest index on ties).
    public static func labels(_ x: [[Double]], centroids: [[Double]]) throws -> [Int] {
        try NearestCentroid.labels(x, centroids: centroids, routine: "CentroidAssignment.labels")
    }
}
