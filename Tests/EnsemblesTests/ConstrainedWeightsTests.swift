import ADMFTestSupport
import Ensembles
import Testing

@Suite("Constrained ensemble weights")
struct ConstrainedWeightsTests {
    /// Brute-force Euclidean projection onto {Σw = s, lo ≤ w ≤ hi}: every assignment of each
    /// coordinate to {at lo, at hi, free}; the free ones share one shift τ; keep the consistent
    /// assignment closest to x.
    static func bruteForce(_ x: [Double], sum s: Double, lo: Double, hi: Double) -> [Double]? {
        let n = x.count
        var best: [Double]? = nil
        var bestDistance = Double.infinity
        var total = 1
        for _ in 0..<n { total *= 3 }
        for code in 0..<total {
            var c = code
            var state = [Int](repeating: 0, count: n)
            for i in 0..<n {
                state[i] = c % 3
                c /= 3
            }
            var fixed = 0.0
            var freeSum = 0.0
            var freeCount = 0
            for i in 0..<n {
                switch state[i] {
                case 0: fixed += lo
                case 1: fixed += hi
                default:
                    freeSum += x[i]
                    freeCount += 1
                }
            }
            var w = [Double](repeating: 0, count: n)
            if freeCount == 0 {
                guard abs(fixed - s) < 1e-12 else { continue }
                for i in 0..<n { w[i] = state[i] == 0 ? lo : hi }
            } else {
                let tau = (freeSum + fixed - s) / Double(freeCount)
                var consistent = true
                for i in 0..<n {
                    switch state[i] {
                    case 0: w[i] = lo; consistent = consistent && x[i] - tau <= lo + 1e-12
                    case 1: w[i] = hi; consistent = consistent && x[i] - tau >= hi - 1e-12
                    default:
                        w[i] = x[i] - tau
                        consistent = consistent && w[i] >= lo - 1e-12 && w[i] <= hi + 1e-12
                    }
                }
                guard consistent else { continue }
            }
            var d = 0.0
            for i in 0..<n { d += (w[i] - x[i]) * (w[i] - x[i]) }
            if d < bestDistance {
                bestDistance = d
                best = w
            }
        }
        return best
    }

    @Test("capped-simplex projection equals the brute-force reference")
    func projectionReference() throws {
        var rng = SplitMix64(seed: 11)
        for trial in 0..<300 {
            let n = 1 + rng.int(6)
            let lo = trial % 3 == 0 ? -0.2 : 0
            let hi = max(lo + 0.05, rng.uniform(0.2, 1.0))
            let s = rng.uniform(Double(n) * lo, Double(n) * hi)
            let x = (0..<n).map { _ in rng.normal() }
            let ours = try ConstrainedWeights.projectOntoCappedSimplex(x, sum: s, lower: lo, upper: hi)
            guard let reference = Self.bruteForce(x, sum: s, lo: lo, hi: hi) else {
                Issue.record("no brute-force solution for trial \(trial)")
                continue
            }
            for i in 0..<n {
                #expect(abs(ours[i] - reference[i]) < 1e-12, "trial \(trial) i \(i): \(ours[i]) vs \(reference[i])")
                #expect(ours[i] >= lo && ours[i] <= hi)
            }
            #expect(abs(ours.reduce(0, +) - s) < 1e-12)
        }
    }

    @Test("random raw vectors map to feasible weights; feasible vectors are fixed points")
    func feasibilityAndIdempotence() throws {
        var rng = SplitMix64(seed: 5)
        for trial in 0..<400 {
            let n = 2 + rng.int(12)
            let hi = rng.uniform(max(1.0 / Double(n), 0.1), 1.0)
            let lo = trial % 2 == 0 ? 0 : rng.uniform(0, min(hi, 1.0 / Double(n)))
            // A random correlation-like symmetric matrix in [−1, 1].
            var corr = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0..<n {
                corr[i][i] = 1
                for j in 0..<i {
                    let r = rng.uniform(-1, 1)
                    corr[i][j] = r
                    corr[j][i] = r
                }
            }
            let rho: Double? = trial % 3 == 0 ? 0.95 : nil
            let constraints = WeightConstraints(sum: 1, minWeight: lo, maxWeight: hi, maxCorrelation: rho)
            let raw = (0..<n).map { _ in rng.normal() * 2 }
            let w: [Double]
            do {
                w = try ConstrainedWeights.project(raw, constraints: constraints, correlation: corr)
            } catch {
                // Only correlation exclusions can make these constraints infeasible.
                #expect(rho != nil, "trial \(trial): \(error)")
                continue
            }
            #expect(constraints.violation(of: w, correlation: corr) == nil, "trial \(trial): \(constraints.violation(of: w, correlation: corr) ?? "")")
            let again = try ConstrainedWeights.project(w, constraints: constraints, correlation: corr)
            #expect(again == w, "trial \(trial): projection is not idempotent")
        }
    }

    @Test("with minWeight 0 and no correlation limit, the result is the exact projection")
    func plainBoxIsProjection() throws {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<100 {
            let n = 1 + rng.int(6)
            let hi = max(1.0 / Double(n), rng.uniform(0.2, 1))
            let x = (0..<n).map { _ in rng.normal() }
            let w = try ConstrainedWeights.project(x, constraints: .init(sum: 1, minWeight: 0, maxWeight: hi))
            guard let reference = Self.bruteForce(x, sum: 1, lo: 0, hi: hi) else { continue }
            for i in 0..<n { #expect(abs(w[i] - reference[i]) < 1e-12) }
        }
    }

    @Test("minimum weight: members below it are dropped, else all held at ≥ min; doc example")
    func minimumWeight() throws {
        let w = try ConstrainedWeights.project(
            [0.9, 0.5, -0.2, 0.1], constraints: .init(sum: 1, minWeight: 0.1, maxWeight: 0.6))
        #expect(abs(w[0] - 0.6) < 1e-15 && abs(w[1] - 0.4) < 1e-15 && w[2] == 0 && w[3] == 0)
        // Projection onto [0, 1] gives (0.55, 0.45 − ε, …) style small weights: they must vanish.
        let small = try ConstrainedWeights.project(
            [1.0, 0.98, 0.2, 0.19], constraints: .init(sum: 1, minWeight: 0.2, maxWeight: 1))
        #expect(small[2] == 0 && small[3] == 0)
        #expect(abs(small[0] - 0.51) < 1e-12 && abs(small[1] - 0.49) < 1e-12)
        // Four members, max 0.25: no member can be dropped, so all are held in [min, max].
        let held = try ConstrainedWeights.project(
            [1.0, 0.5, 0.2, -3], constraints: .init(sum: 1, minWeight: 0.1, maxWeight: 0.25))
        #expect(held == [0.25, 0.25, 0.25, 0.25])
        let heldLoose = try ConstrainedWeights.project(
            [1.0, 0.5, 0.2, -3], constraints: .init(sum: 1, minWeight: 0.1, maxWeight: 0.4))
        #expect(WeightConstraints(sum: 1, minWeight: 0.1, maxWeight: 0.4).violation(of: heldLoose) == nil)
    }

    @Test("correlation limit keeps the larger raw weight, ties the lower index")
    func correlation() throws {
        let corr: [[Double]] = [[1, 0.95, 0.1], [0.95, 1, 0.2], [0.1, 0.2, 1]]
        let constraints = WeightConstraints(sum: 1, minWeight: 0, maxWeight: 0.7, maxCorrelation: 0.9)
        let w = try ConstrainedWeights.project([0.3, 0.6, 0.3], constraints: constraints, correlation: corr)
        #expect(w[0] == 0 && w[1] > 0 && w[2] > 0)
        #expect(try CorrelationFilter.excluded(raw: [0.5, 0.5, 0.1], correlation: corr, maxCorrelation: 0.9) == [false, true, false])
        #expect(try CorrelationFilter.excluded(raw: [0.5, 0.5, 0.1], correlation: corr, maxCorrelation: 0.96) == [false, false, false])
        #expect(throws: EnsembleError.self) { try ConstrainedWeights.project([0.3, 0.6, 0.3], constraints: constraints) }
    }

    @Test("typed errors for infeasible or invalid constraints")
    func errors() {
        #expect(throws: EnsembleError.self) {
            try ConstrainedWeights.project([1, 2, 3], constraints: .init(sum: 1, maxWeight: 0.3))
        }
        #expect(throws: EnsembleError.self) {
            try ConstrainedWeights.project([1, 2], constraints: .init(sum: 1, minWeight: 0.6, maxWeight: 0.55))
        }
        // k* = ⌈1 / 0.4⌉ = 3 members needed, but 3 × 0.35 > 1.
        #expect(throws: EnsembleError.self) {
            try ConstrainedWeights.project([1, 2, 3, 4], constraints: .init(sum: 1, minWeight: 0.35, maxWeight: 0.4))
        }
        #expect(throws: EnsembleError.self) { try ConstrainedWeights.project([], constraints: .init()) }
        #expect(throws: EnsembleError.self) { try ConstrainedWeights.project([.nan], constraints: .init()) }
        #expect(throws: EnsembleError.self) { try ConstrainedWeights.project([1], constraints: .init(sum: 0)) }
        // Exclusions leave one member that cannot hold more than 0.6.
        let corr: [[Double]] = [[1, 0.99], [0.99, 1]]
        #expect(throws: EnsembleError.self) {
            try ConstrainedWeights.project(
                [1, 2], constraints: .init(sum: 1, maxWeight: 0.6, maxCorrelation: 0.5), correlation: corr)
        }
    }
}
