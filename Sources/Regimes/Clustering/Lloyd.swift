extension KMeans {
    /// Lloyd iterations on (centred) data from `initial`, scikit-learn `_kmeans_single_lloyd`.
    static func lloyd(_ x: FlatMatrix, initial: FlatMatrix, k: Int, maxIterations: Int, tol: Double) -> KMeansResult {
        let n = x.rows, d = x.cols
        var centres = initial.values
        var sums = [Double](repeating: 0, count: k * d)
        var weights = [Double](repeating: 0, count: k)
        var labels = [Int](repeating: -1, count: n)
        var previous = labels
        var iterations = 0
        var strict = false
        for iteration in 0..<maxIterations {
            iterations = iteration + 1
            assign(x, centres, k, &labels)
            // New centres: means of the assigned rows.
            for i in 0..<(k * d) { sums[i] = 0 }
            for i in 0..<k { weights[i] = 0 }
            x.values.withUnsafeBufferPointer { xs in
                for t in 0..<n {
                    let c = labels[t]
                    weights[c] += 1
                    for j in 0..<d { sums[c * d + j] += xs[t * d + j] }
                }
            }
            relocateEmpty(x, centres, k, labels, &sums, &weights)
            var shift = 0.0
            for c in 0..<k {
                for j in 0..<d {
                    let updated = weights[c] > 0 ? sums[c * d + j] / weights[c] : centres[c * d + j]
                    let delta = updated - centres[c * d + j]
                    shift += delta * delta
                    sums[c * d + j] = updated
                }
            }
            swap(&centres, &sums)
            if labels == previous {
                strict = true
                break
            }
            if shift <= tol { break }
            previous = labels
        }
        if !strict { assign(x, centres, k, &labels) }
        var inertia = 0.0
        x.values.withUnsafeBufferPointer { xs in
            for t in 0..<n {
                let c = labels[t]
                for j in 0..<d {
                    let e = xs[t * d + j] - centres[c * d + j]
                    inertia += e * e
                }
            }
        }
        let centroids = (0..<k).map { c in Array(centres[(c * d)..<((c + 1) * d)]) }
        return KMeansResult(centroids: centroids, labels: labels, inertia: inertia, iterations: iterations)
    }

    /// Nearest centroid of every row (squared Euclidean; ties to the lowest index).
    static func assign(_ x: FlatMatrix, _ centres: [Double], _ k: Int, _ labels: inout [Int]) {
        let n = x.rows, d = x.cols
        x.values.withUnsafeBufferPointer { xs in
            centres.withUnsafeBufferPointer { c in
                labels.withUnsafeMutableBufferPointer { l in
                    for t in 0..<n {
                        var best = Double.infinity
                        var arg = 0
                        for i in 0..<k {
                            var s = 0.0
                            for j in 0..<d {
                                let e = xs[t * d + j] - c[i * d + j]
                                s += e * e
                            }
                            if s < best {
                                best = s
                                arg = i
                            }
                        }
                        l[t] = arg
                    }
                }
            }
        }
    }

    /// sklearn `_relocate_empty_clusters_dense`: each empty cluster takes one of the rows
    /// farthest from their current centroid (farthest first, ties to the lowest row).
    static func relocateEmpty(
        _ x: FlatMatrix, _ centres: [Double], _ k: Int, _ labels: [Int], _ sums: inout [Double], _ weights: inout [Double]
    ) {
        let empty = (0..<k).filter { weights[$0] == 0 }
        guard !empty.isEmpty else { return }
        let d = x.cols
        var distance = [Double](repeating: 0, count: x.rows)
        for t in 0..<x.rows {
            var s = 0.0
            for j in 0..<d {
                let e = x.values[t * d + j] - centres[labels[t] * d + j]
                s += e * e
            }
            distance[t] = s
        }
        let far = distance.indices.sorted { distance[$0] != distance[$1] ? distance[$0] > distance[$1] : $0 < $1 }
        for (index, cluster) in empty.enumerated() where index < far.count {
            let row = far[index]
            let old = labels[row]
            for j in 0..<d {
                sums[old * d + j] -= x.values[row * d + j]
                sums[cluster * d + j] = x.values[row * d + j]
            }
            weights[cluster] = 1
            weights[old] -= 1
        }
    }
}
