#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Market

/// Makes the generator for a named stream (one place, so every draw is traceable to seed + label).
enum SeededGeneratorBridge {
    static func make(seed: UInt64, stream: String) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: stream)
    }
}

/// Greedy k-means++ seeding (scikit-learn `_kmeans_plusplus`): 2 + ⌊ln k⌋ local trials per centre.
enum KMeansPlusPlus {
    static func centres(_ x: FlatMatrix, k: Int, using rng: inout SeededGenerator) -> FlatMatrix {
        let n = x.rows, d = x.cols
        var out = FlatMatrix(rows: k, cols: d)
        let trials = 2 + Int(log(Double(k)))
        let first = min(Int(rng.nextDouble() * Double(n)), n - 1)
        for j in 0..<d { out[0, j] = x[first, j] }
        var closest = distances(x, row: first)
        var potential = closest.reduce(0, +)
        var candidate = [Double](repeating: 0, count: n)
        var bestCandidate = [Double](repeating: 0, count: n)
        var cumulative = [Double](repeating: 0, count: n)
        for c in 1..<max(k, 1) {
            var running = 0.0
            for t in 0..<n {
                running += closest[t]
                cumulative[t] = running
            }
            var bestPotential = Double.infinity
            var bestRow = 0
            for _ in 0..<trials {
                let target = rng.nextDouble() * potential
                let row = min(searchSorted(cumulative, target), n - 1)
                var pot = 0.0
                for t in 0..<n {
                    var s = 0.0
                    for j in 0..<d {
                        let e = x.values[t * d + j] - x.values[row * d + j]
                        s += e * e
                    }
                    candidate[t] = min(closest[t], s)
                    pot += candidate[t]
                }
                if pot < bestPotential {
                    bestPotential = pot
                    bestRow = row
                    swap(&candidate, &bestCandidate)
                }
            }
            potential = bestPotential
            swap(&closest, &bestCandidate)
            for j in 0..<d { out[c, j] = x[bestRow, j] }
        }
        return out
    }

    /// Squared distances of every row to row `r`.
    static func distances(_ x: FlatMatrix, row r: Int) -> [Double] {
        (0..<x.rows).map { t in
            var s = 0.0
            for j in 0..<x.cols {
                let e = x[t, j] - x[r, j]
                s += e * e
            }
            return s
        }
    }

    /// The first index whose cumulative value is ≥ `target` (numpy `searchsorted`, side left).
    static func searchSorted(_ cumulative: [Double], _ target: Double) -> Int {
        var lo = 0, hi = cumulative.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
