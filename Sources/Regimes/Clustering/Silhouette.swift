/// Mean silhouette coefficient with Euclidean distance (scikit-learn `silhouette_score`).
///
/// For row i in cluster C: a(i) = mean distance to the other rows of C, b(i) = the
/// lowest mean distance to the rows of another cluster, s(i) = (b − a) / max(a, b),
/// and s(i) = 0 when C holds only i. The score is the mean of s over all rows; it
/// needs 2 ≤ number of distinct labels ≤ n − 1. O(n²) time, O(n·k) memory.
///
/// References: Rousseeuw (1987), J. Comput. Appl. Math. 20:53–65;
/// scikit-learn `sklearn.metrics.silhouette_score` / `silhouette_samples`.
///
/// ```swift
/// let s = try Silhouette.score(x, labels: result.labels)   // in [−1, 1]
/// ```
public enum Silhouette {
    /// The mean silhouette coefficient of `labels` on rows `x`.
    public static func score(_ x: [[Double]], labels: [Int]) throws -> Double {
        let s = try samples(x, labels: labels)
        return s.reduce(0, +) / Double(s.count)
    }

    /// The silhouette coefficient of every row.
    public static func samples(_ x: [[Double]], labels: [Int]) throws -> [Double] {
        let routine = "Silhouette.score"
        let m = try FlatMatrix(validating: x, routine: routine)
        guard labels.count == m.rows else {
            throw RegimeError(routine: routine, reason: "\(labels.count) labels for \(m.rows) rows")
        }
        // Encode labels to 0..<c in sorted order (sklearn LabelEncoder).
        let distinct = Array(Set(labels)).sorted()
        let c = distinct.count
        guard c >= 2, c <= m.rows - 1 else {
            throw RegimeError(routine: routine, reason: "need 2…\(m.rows - 1) distinct labels, got \(c)")
        }
        let code = labels.map { l in binarySearch(distinct, l) }
        var size = [Double](repeating: 0, count: c)
        for l in code { size[l] += 1 }
        let n = m.rows, d = m.cols
        var sums = [Double](repeating: 0, count: c)
        var out = [Double](repeating: 0, count: n)
        m.values.withUnsafeBufferPointer { xs in
            for i in 0..<n {
                for l in 0..<c { sums[l] = 0 }
                for j in 0..<n where j != i {
                    var s = 0.0
                    for f in 0..<d {
                        let e = xs[i * d + f] - xs[j * d + f]
                        s += e * e
                    }
                    sums[code[j]] += s.squareRoot()
                }
                let own = code[i]
                guard size[own] > 1 else {
                    out[i] = 0
                    continue
                }
                let a = sums[own] / (size[own] - 1)
                var b = Double.infinity
                for l in 0..<c where l != own { b = min(b, sums[l] / size[l]) }
                let denominator = max(a, b)
                out[i] = denominator > 0 ? (b - a) / denominator : 0
            }
        }
        return out
    }

    private static func binarySearch(_ sorted: [Int], _ value: Int) -> Int {
        var lo = 0, hi = sorted.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
