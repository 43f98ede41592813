import ADMFTestSupport
import Foundation
import Market
import Regimes
import Testing

/// The HMM forward filter P(s_t | x_0…x_t) against a naive scaled recursion and hmmlearn 0.3.3.
@Suite("HMM forward filter")
struct ForwardFilterTests {
    /// The scaled forward algorithm in probability space (Rabiner 1989 §V.A), written directly:
    /// p_0(i) ∝ π_i b_i(x_0); p_t(j) ∝ (Σ_i p_{t−1}(i) A_ij) b_j(x_t).
    static func naive(_ p: GaussianHMMParameters, _ x: [[Double]]) -> [[Double]] {
        func density(_ i: Int, _ row: [Double]) -> Double {
            var v = 1.0
            for j in row.indices {
                let s2 = p.variances[i][j]
                let e = row[j] - p.means[i][j]
                v *= exp(-e * e / (2 * s2)) / (2 * Double.pi * s2).squareRoot()
            }
            return v
        }
        func normalised(_ v: [Double]) -> [Double] {
            let s = v.reduce(0, +)
            return v.map { $0 / s }
        }
        let k = p.states
        var out: [[Double]] = []
        var previous: [Double] = []
        for (t, row) in x.enumerated() {
            let prior = t == 0
                ? p.startProbabilities
                : (0..<k).map { j in (0..<k).reduce(0.0) { $0 + previous[$1] * p.transitions[$1][j] } }
            previous = normalised((0..<k).map { prior[$0] * density($0, row) })
            out.append(previous)
        }
        return out
    }

    static func randomCase() -> (GaussianHMMParameters, [[Double]]) {
        var rng = SeededGenerator(seed: 31, stream: "filter-naive")
        let p = GaussianHMMParameters(
            startProbabilities: [0.2, 0.5, 0.3],
            transitions: [[0.8, 0.15, 0.05], [0.1, 0.85, 0.05], [0.2, 0.2, 0.6]],
            means: [[-1, 0.5], [0.3, -0.4], [1.4, 1.0]], variances: [[0.6, 1.2], [0.9, 0.5], [1.5, 0.8]])
        var state = 0
        let x: [[Double]] = (0..<400).map { _ in
            if rng.nextDouble() > 0.9 { state = (state + 1) % 3 }
            return [p.means[state][0] + rng.nextGaussian() * p.variances[state][0].squareRoot(),
                    p.means[state][1] + rng.nextGaussian() * p.variances[state][1].squareRoot()]
        }
        return (p, x)
    }

    static func model(_ p: GaussianHMMParameters) -> GaussianHMMModel {
        GaussianHMMModel(parameters: p, logLikelihood: .nan, iterations: 0, converged: false)
    }

    @Test("log-space filter equals the naive scaled recursion (1e-12); rows sum to 1; labels are the argmax")
    func naiveAgreement() throws {
        let (p, x) = Self.randomCase()
        let model = Self.model(p)
        let ours = try model.filtered(x)
        let ref = Self.naive(p, x)
        #expect(RegimesFixture.mismatch(ours, ref, relative: 1e-10, absolute: 1e-12, label: "filtered") == nil)
        #expect(ours.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-12 })
        let labels = try model.filteredLabels(x)
        for (row, label) in zip(ours, labels) { #expect(row[label] == row.max()) }
    }

    @Test("hmmlearn forward_log lattice, rows normalised (1e-9); last row = smoothed last row", arguments: [
        "two_state", "three_state", "three_state_sparse",
    ])
    func hmmlearn(name: String) throws {
        let cases = try RegimesFixture.cases(RegimesFixture.object("hmm_filter.json"))
        guard let c = cases.first(where: { ($0["name"] as? String) == name }) else {
            throw RegimesFixture.malformed(name)
        }
        let x = try RegimesFixture.matrix(c["x"], "x")
        let p = try HMMFixtureTests.parameters(RegimesFixture.dict(c["parameters"], "parameters"))
        let model = Self.model(p)
        let ours = try model.filtered(x)
        let ref = try RegimesFixture.matrix(c["filtered"], "filtered")
        #expect(RegimesFixture.mismatch(ours, ref, relative: 1e-9, absolute: 1e-12, label: "\(name) filtered") == nil)
        #expect(try model.filteredLabels(x) == RegimesFixture.ints(c["labels"], "labels"))
        let score = try RegimesFixture.number(c["score"], "score")
        #expect(Tolerance.agree(try model.score(x), score, relative: 1e-9))
        // At the last row filtering and smoothing condition on the same data.
        let last = try #require(ours.last)
        let smoothed = try #require(try model.posteriors(x).last)
        #expect(Tolerance.firstMismatch(last, smoothed, relative: 1e-9, absolute: 1e-12, label: "last row") == nil)
        let refLast = try RegimesFixture.vector(c["posteriors_last"], "posteriors_last")
        #expect(Tolerance.firstMismatch(last, refLast, relative: 1e-9, absolute: 1e-12, label: "hmmlearn last") == nil)
    }

    @Test("row t depends on rows 0…t only: a prefix filters to the same rows, bit for bit")
    func prefix() throws {
        let (p, x) = Self.randomCase()
        let model = Self.model(p)
        let full = try model.filtered(x)
        for t in [0, 1, 57, 250] {
            #expect(try model.filtered(Array(x[0...t])) == Array(full[0...t]))
        }
    }

    @Test("ties go to the lowest state; impossible observations and wrong widths throw")
    func edges() throws {
        let twin = GaussianHMMParameters(
            startProbabilities: [0.5, 0.5], transitions: [[0.5, 0.5], [0.5, 0.5]], means: [[0], [0]],
            variances: [[1], [1]])
        #expect(try Self.model(twin).filteredLabels([[0.3], [-2], [5]]) == [0, 0, 0])
        let dead = GaussianHMMParameters(
            startProbabilities: [0, 0], transitions: [[1, 0], [0, 1]], means: [[0], [1]], variances: [[1], [1]])
        #expect(throws: RegimeError.self) { try Self.model(dead).filtered([[0.0]]) }
        #expect(throws: RegimeError.self) { try Self.model(twin).filtered([[0.0, 1.0]]) }
    }
}
