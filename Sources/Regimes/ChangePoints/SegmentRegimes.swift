/// Maps PELT segments to a given number of regimes by clustering the segments' mean vectors.
///
/// Each segment is summarised by its mean over every feature; the segment means are
/// clustered with ``KMeans`` (k = `regimes`, one row per segment, unweighted) and
/// every sample takes its segment's cluster. Clusters are canonicalised (regime 0 has
/// the lowest mean of feature 0).
///
/// ```swift
/// let ends = try PELT.breakpoints(x, penalty: 20)
/// let mapping = try SegmentRegimes.assign(x, breakpoints: ends, regimes: 2, seed: 1, stream: "pelt")
/// mapping.labels          // one regime per sample
/// mapping.segmentRegimes  // one regime per segment
/// ```
public struct SegmentRegimes: Sendable, Equatable {
    /// The regime of every segment.
    public var segmentRegimes: [Int]
    /// The regime of every sample.
    public var labels: [Int]
    /// The mean vector of every segment.
    public var segmentMeans: [[Double]]

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
        return SegmentRegimes(
            segmentRegimes: clustering.labels, labels: segments.map { clustering.labels[$0] }, segmentMeans: means)
    }
}
