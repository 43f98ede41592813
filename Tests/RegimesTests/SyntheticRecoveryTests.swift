import Market
import Regimes
import Testing

/// Recovering a planted calm/turbulent regime path from synthetic bars.
@Suite("Synthetic regime recovery")
struct SyntheticRecoveryTests {
    /// 3000 daily bars, calm (12 % vol) vs turbulent (35 % vol), persistence 0.98, seed 2024.
    static func market() throws -> (bars: [BarSeries], truth: [Int], periodsPerYear: Double) {
        var config = SyntheticMarketConfig.default
        config.bars = 3_000
        config.seed = 2024
        let (series, regimes) = try SyntheticMarket.generate(config)
        return (series, regimes, config.periodsPerYear)
    }

    /// Accuracy of `labels` against `truth` under the best relabelling (k ≤ 3: all permutations).
    static func accuracy(_ labels: [Int], _ truth: [Int], states: Int) -> Double {
        func permutations(_ a: [Int]) -> [[Int]] {
            if a.count <= 1 { return [a] }
            return a.indices.flatMap { i -> [[Int]] in
                var rest = a
                let head = rest.remove(at: i)
                return permutations(rest).map { [head] + $0 }
            }
        }
        var best = 0.0
        for p in permutations(Array(0..<states)) {
            let hits = zip(labels, truth).filter { p[$0] == $1 }.count
            best = max(best, Double(hits) / Double(truth.count))
        }
        return best
    }

    @Test("HMM on volatility & trend features recovers ≥ 80 % of the planted path")
    func hmmRecovery() throws {
        let (bars, truth, ppy) = try Self.market()
        let features = RegimeFeatures.matrix(bars: bars, features: [.volatility, .trend], window: 10, periodsPerYear: ppy)
        let x = RegimeFeatures.standardized(features).rows
        let model = try GaussianHMM.fit(x, config: GaussianHMMConfig(states: 2), seed: 7, stream: "recovery")
        let path = try model.viterbi(x)
        let planted = Array(truth[features.firstRow...])
        let accuracy = Self.accuracy(path, planted, states: 2)
        print("HMM synthetic-recovery accuracy: \(accuracy) (n = \(x.count), iterations \(model.iterations))")
        #expect(accuracy >= 0.8)
        // The calm state (lower volatility, canonical state 0) is the calm regime.
        #expect(model.means[0][0] < model.means[1][0])
        let rows = model.transitions.map { $0.reduce(0, +) }
        #expect(rows.allSatisfy { abs($0 - 1) < 1e-9 })
    }

    @Test("HMM forward filter with the whole-sample model: recovery measured and pinned")
    func filteredRecovery() throws {
        let (bars, truth, ppy) = try Self.market()
        let features = RegimeFeatures.matrix(bars: bars, features: [.volatility, .trend], window: 10, periodsPerYear: ppy)
        let x = RegimeFeatures.standardized(features).rows
        let model = try GaussianHMM.fit(x, config: GaussianHMMConfig(states: 2), seed: 7, stream: "recovery")
        let planted = Array(truth[features.firstRow...])
        let viterbi = Self.accuracy(try model.viterbi(x), planted, states: 2)
        let filtered = Self.accuracy(try model.filteredLabels(x), planted, states: 2)
        print("HMM whole-sample model: Viterbi \(viterbi), filtered \(filtered) (n = \(x.count))")
        // Measured: Viterbi 0.9082 (2,680 of 2,951), filtered 0.8855 (2,613 of 2,951).
        #expect(abs(filtered - 0.8855) < 0.001)
        #expect(filtered < viterbi)
    }

    @Test("causal HMM (scaler and model fitted on the first half, filtered labels): recovery measured and pinned")
    func causalRecovery() throws {
        let (bars, truth, ppy) = try Self.market()
        let features = RegimeFeatures.matrix(bars: bars, features: [.volatility, .trend], window: 10, periodsPerYear: ppy)
        let n = features.rows.count
        let fit = 0..<(n / 2)
        let r = try CausalRegimeLabeller.label(
            features.rows, fitRows: fit, method: .hmm, candidates: [2], seed: 7, stream: "recovery")
        let planted = Array(truth[features.firstRow...])
        let test = fit.upperBound..<n
        let causalAll = Self.accuracy(r.causalLabels, planted, states: 2)
        let causalTest = Self.accuracy(Array(r.causalLabels[test]), Array(planted[test]), states: 2)
        let exPostAll = Self.accuracy(r.exPostLabels, planted, states: 2)
        let exPostTest = Self.accuracy(Array(r.exPostLabels[test]), Array(planted[test]), states: 2)
        print("causal HMM (fit rows \(fit)): filtered all \(causalAll), held-out \(causalTest); "
            + "ex-post Viterbi all \(exPostAll), held-out \(exPostTest)")
        // Measured: filtered 0.8828 on all 2,951 rows, 0.8869 on the 1,476 held-out rows;
        // ex-post Viterbi with the same model 0.9105 and 0.9180.
        #expect(abs(causalAll - 0.8828) < 0.001)
        #expect(abs(causalTest - 0.8869) < 0.001)
        #expect(abs(exPostTest - 0.9180) < 0.001)
        #expect(r.regimes == 2)
        if case .hmm(let model) = r.model { #expect(model.means[0][0] < model.means[1][0]) }
    }

    @Test("k-means on the same features also separates the regimes")
    func kmeansRecovery() throws {
        let (bars, truth, ppy) = try Self.market()
        let features = RegimeFeatures.matrix(bars: bars, features: [.volatility], window: 10, periodsPerYear: ppy)
        let x = RegimeFeatures.standardized(features).rows
        let result = try KMeans.fit(x, config: KMeansConfig(clusters: 2), seed: 7, stream: "kmeans")
        let accuracy = Self.accuracy(result.labels, Array(truth[features.firstRow...]), states: 2)
        print("k-means synthetic-recovery accuracy: \(accuracy)")
        #expect(accuracy >= 0.75)
    }
}
