/// Maps PELT segments to a given number of regimes by clustering the segments' mean vectors.
///
/// Each segment is summarised by its mean over every feature; the segment means are
/// clustered with ``KMeans`` (k = `regimes`, one row per segment, unweighted) and
/// every sample takes its segment's cluster. Clusters are canonicalised (regime 0 has
/// the lowest mean of feature 0 among the clusters of segment means).
///
/// **Ex post vs causal.** PELT chooses its breakpoints from the whole signal, so a sample's
/// segment — and ``labels`` — depend on later samples: the segmentation is ex post.
/// ``assign(_:)`` is the per-bar rule: each row takes the regime whose centroid
/// (``regimeCentroids``, the mean feature vector of that regime's samples) is nearest, which
/// needs only that row; with the mapping fitted on earlier rows it is causal.
///
/// ```swift
/// let ends = try PELT.breakpoints(x, penalty: 20)
/// let mapping = try SegmentRegimes.assign(x, breakpoints: ends, regimes: 2, seed: 1, stream: "pelt")
/// mapping.labels          // one regime per sample (ex post)
/// mapping.segmentRegimes  // one regime per segment
/// let live = try mapping.assign(newRows)   // nearest regime centroid, per row
/// ```
public struct SegmentRegimes: Sendable, Equatable {
    /// The regime of every segment.
    public var segmentRegimes: [Int]
    /// The regime of every sample.
    public var labels: [Int]
    /// The mean vector of every segment.
    public var segmentMeans: [[Double]]
    /// The mean feature vector of each regime's samples (k × d): regime r's centroid is
    /// (1/|{t : labels[t] = r}|) Σ_{labels[t] = r} x_t, i.e. its segments' means weighted by length.
    public var regimeCentroids: [[Double]]

    /// Clusters segment means into `regimes` regimes (`regimes` ≤ the number of segments).
    public static func assign(
        _ signal: [[Double]], breakpoints: [Int], regimes: Int, seed: UInt64, stream: String
    ) throws -> SegmentRegimes {
        let routine = "SegmentRegimes.assign"
        let m = try FlatMatrix(validating: signal, routine: routine)
        guard breakpoints.last == m.rows, breakpoints == breakpoints.sorted(), (breakpoints.first ?? 0) > 0 else {
            throw RegimeError(routine: routine, reason: "breakpoints must be increasing segment ends with n last")
        }
        var means: [[Double]] = []
        var start = 0
        for end in breakpoints {
            var mean = [Double](repeating: 0, count: m.cols)
            for t in start..<end { for j in 0..<m.cols { mean[j] += m[t, j] } }
            means.append(mean.map { $0 / Double(end - start) })
            start = end
        }
        guard regimes >= 1, regimes <= means.count else {
            throw RegimeError(routine: routine, reason: "regimes must be in 1...\(means.count) (the segments)")
        }
        let clustering = try KMeans.fit(means, config: KMeansConfig(clusters: regimes), seed: seed, stream: stream)
        let segments = PELT.segmentLabels(breakpoints: breakpoints)
        let labels = segments.map { clustering.labels[$0] }
        // Row-weighted regime centroids; a regime without rows (not produced by k-means, which
        // never leaves a cluster empty) would keep its cluster centre.
        var sums = [[Double]](repeating: [Double](repeating: 0, count: m.cols), count: regimes)
        var counts = [Double](repeating: 0, count: regimes)
        for (t, r) in labels.enumerated() {
            counts[r] += 1
            for j in 0..<m.cols { sums[r][j] += m[t, j] }
        }
        let centroids = (0..<regimes).map { r in
            counts[r] > 0 ? sums[r].map { $0 / counts[r] } : clustering.centroids[r]
        }
        return SegmentRegimes(
            segmentRegimes: clustering.labels, labels: labels, segmentMeans: means, regimeCentroids: centroids)
    }

    /// The regime of every row of `x` by the nearest ``regimeCentroids`` (squared Euclidean,
    /// the lowest regime on ties): a per-row, causal rule, unlike the PELT segmentation.
    public func assign(_ x: [[Double]]) throws -> [Int] {
        try NearestCentroid.labels(x, centroids: regimeCentroids, routine: "SegmentRegimes.assign(_:)")
    }
}
