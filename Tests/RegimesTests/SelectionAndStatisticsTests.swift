import Foundation
import Market
import Regimes
import Testing

@Suite("Model selection")
struct SelectionTests {
    /// Three well-separated Gaussian clusters of 100 points.
    static func threeClusters() -> [[Double]] {
        var rng = SeededGenerator(seed: 9, stream: "clusters")
        let centres: [[Double]] = [[0, 0], [5, 5], [0, 6]]
        return (0..<300).map { i in
            let c = centres[i % 3]
            return [c[0] + 0.6 * rng.nextGaussian(), c[1] + 0.6 * rng.nextGaussian()]
        }
    }

    @Test("silhouette picks 3 regimes on 3 planted clusters; every candidate is scored")
    func silhouettePicksThree() throws {
        let pick = try RegimeSelection.kmeans(Self.threeClusters(), candidates: [4, 2, 3], seed: 1, stream: "sel")
        #expect(pick.regimes == 3)
        #expect(pick.scores.map(\.regimes) == [2, 3, 4])
        #expect(pick.result.centroids.count == 3)
    }

    @Test("BIC picks 3 HMM states on 3 planted clusters")
    func bicPicksThree() throws {
        let pick = try RegimeSelection.hmm(
            Self.threeClusters(), candidates: [2, 3, 4], config: GaussianHMMConfig(states: 2, starts: 2), seed: 1,
            stream: "sel")
        #expect(pick.regimes == 3)
        #expect(pick.scores.count == 3)
        #expect(pick.scores.allSatisfy { $0.score.isFinite })
    }
}

@Suite("Regime statistics")
struct StatisticsTests {
    @Test("empirical transitions, occupancy, run lengths, durations")
    func worked() {
        let s = RegimeStatistics(labels: [0, 0, 1, 1, 1, 0], states: 3)
        #expect(s.transitions[0] == [0.5, 0.5, 0])
        #expect(abs(s.transitions[1][1] - 2.0 / 3.0) < 1e-15)
        #expect(s.transitions[2].allSatisfy { $0.isNaN })
        for row in s.transitions.prefix(2) { #expect(abs(row.reduce(0, +) - 1) < 1e-12) }
        #expect(s.occupancy == [0.5, 0.5, 0])
        #expect(s.meanRunLength[0] == 1.5 && s.meanRunLength[1] == 3 && s.meanRunLength[2].isNaN)
        #expect(s.expectedDuration[0] == 2)
        #expect(abs(s.expectedDuration[1] - 3) < 1e-12)
        #expect(RegimeStatistics.expectedDurations(transitions: [[0.9, 0.1], [0, 1]]).map { $0 } .first.map { abs($0 - 10) < 1e-12 } == true)
        #expect(RegimeStatistics.expectedDurations(transitions: [[0.9, 0.1], [0, 1]])[1] == .infinity)
    }

    @Test("a fitted HMM's transition rows sum to 1 and give finite durations")
    func fitted() throws {
        let x = SelectionTests.threeClusters()
        let model = try GaussianHMM.fit(x, config: GaussianHMMConfig(states: 3, starts: 1), seed: 4, stream: "stat")
        for row in model.transitions { #expect(abs(row.reduce(0, +) - 1) < 1e-9) }
        let post = try model.posteriors(x)
        #expect(post.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-9 })
        let s = RegimeStatistics(labels: try model.viterbi(x), states: 3)
        #expect(abs(s.occupancy.reduce(0, +) - 1) < 1e-12)
    }
}

@Suite("Regime features")
struct FeatureTests {
    @Test("rows start where every feature is defined; standardised columns have mean 0, sd 1")
    func matrix() throws {
        var config = SyntheticMarketConfig.default
        config.symbols = ["AAA", "BBB"]
        config.bars = 400
        let (bars, _) = try SyntheticMarket.generate(config)
        let f = RegimeFeatures.matrix(bars: bars, features: RegimeFeature.allCases, window: 10, periodsPerYear: 252)
        #expect(f.names == ["volatility", "trend", "volume", "correlation"])
        #expect(f.firstRow == 49)
        #expect(f.rows.count == 400 - 49)
        #expect(f.rows.allSatisfy { $0.allSatisfy { $0.isFinite } })
        let corr = f.rows.map { $0[3] }
        #expect(corr.reduce(0, +) / Double(corr.count) > 0.2)  // planted correlation 0.5
        let z = RegimeFeatures.standardized(f).rows
        for j in 0..<4 {
            let col = z.map { $0[j] }
            let mean = col.reduce(0, +) / Double(col.count)
            let sd = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(col.count)).squareRoot()
            #expect(abs(mean) < 1e-12 && abs(sd - 1) < 1e-12)
        }
        // volatility = √252 × std(ddof 1) of the last 10 log returns at bar firstRow.
        let c = bars[0].close
        let t = f.firstRow
        let r = ((t - 9)...t).map { log(c[$0] / c[$0 - 1]) }
        let m = r.reduce(0, +) / 10
        let sd = (r.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 9).squareRoot() * 252.0.squareRoot()
        #expect(abs(f.rows[0][0] - sd) < 1e-12)
    }

    @Test("one symbol: correlation is 0")
    func oneSymbol() throws {
        let (bars, _) = try SyntheticMarket.generate(.default)
        let f = RegimeFeatures.matrix(bars: bars, features: [.correlation], window: 5, periodsPerYear: 252)
        #expect(f.firstRow == 15)
        #expect(f.rows.allSatisfy { $0 == [0] })
    }
}

