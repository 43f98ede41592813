import ADMFTestSupport
import Analysis
import Testing

@Suite("Regime labels")
struct RegimeLabelTests {
    @Test("volatility terciles on a hand-built series with rising volatility")
    func volatilityHandChecked() {
        // Window 2: σ_t ∝ |r_{t−1} − r_t|: 0.01, 0.02, 0.03, 0.05, 0.06 (strictly rising).
        let close = TestData.closes(from: [0, 0.01, -0.01, 0.02, -0.03, 0.03])
        let labels = VolatilityRegime.labels(close: close, window: 2, periodsPerYear: 1)
        #expect(labels == [nil, nil, 0, 0, 1, 2, 2])
        #expect(VolatilityRegime.names == ["low_volatility", "normal_volatility", "high_volatility"])
    }

    @Test("planted calm / normal / volatile thirds are recovered")
    func plantedSplit() {
        let calm = TestData.gaussianReturns(count: 200, mean: 0, deviation: 0.004, seed: 11, stream: "calm")
        let normal = TestData.gaussianReturns(count: 200, mean: 0, deviation: 0.012, seed: 11, stream: "normal")
        let wild = TestData.gaussianReturns(count: 200, mean: 0, deviation: 0.036, seed: 11, stream: "wild")
        let close = TestData.closes(from: calm + normal + wild)  // 601 closes; return i is into bar i + 1
        let window = 20
        let labels = VolatilityRegime.labels(close: close, window: window, periodsPerYear: 252)
        #expect(labels.count == close.count)
        #expect(labels[0..<window].allSatisfy { $0 == nil })
        #expect(labels[window...].allSatisfy { $0 != nil })

        // Bars whose whole window lies inside one segment.
        let calmBars = (window + 1)...200
        let normalBars = (200 + window + 1)...400
        let wildBars = (400 + window + 1)...600
        #expect(calmBars.allSatisfy { labels[$0] != 2 })
        #expect(wildBars.allSatisfy { labels[$0] != 0 })
        func share(_ bars: ClosedRange<Int>, _ label: Int) -> Double {
            Double(bars.filter { labels[$0] == label }.count) / Double(bars.count)
        }
        #expect(share(calmBars, 0) > 0.95)
        #expect(share(normalBars, 1) > 0.9)
        #expect(share(wildBars, 2) > 0.95)
        // Terciles of the sample: each label holds about a third of the labelled bars.
        let labelled = labels.compactMap { $0 }
        for label in 0...2 {
            let fraction = Double(labelled.filter { $0 == label }.count) / Double(labelled.count)
            #expect(abs(fraction - 1.0 / 3.0) < 0.01)
        }
    }

    @Test("volatility degenerate inputs give all nil")
    func volatilityDegenerate() {
        let close: [Double] = [100, 101, 102, 101, 100]
        #expect(VolatilityRegime.labels(close: close, window: 1, periodsPerYear: 252).allSatisfy { $0 == nil })
        #expect(VolatilityRegime.labels(close: close, window: 5, periodsPerYear: 252) == [nil, nil, nil, nil, nil])
        #expect(VolatilityRegime.labels(close: close, window: 2, periodsPerYear: .nan).allSatisfy { $0 == nil })
        #expect(VolatilityRegime.labels(close: [], window: 2, periodsPerYear: 252).isEmpty)
    }

    @Test("trend: close above its SMA is up, on or below is down")
    func trendHandChecked() {
        #expect(TrendRegime.labels(close: [1, 2, 3, 2, 1, 5], window: 3) == [nil, nil, 1, 0, 0, 1])
        #expect(TrendRegime.labels(close: [1, 1, 1], window: 3) == [nil, nil, 0])
        #expect(TrendRegime.labels(close: [1, 2], window: 1) == [0, 0])
        #expect(TrendRegime.names == ["downtrend", "uptrend"])
    }

    @Test("trend degenerate inputs give nil")
    func trendDegenerate() {
        #expect(TrendRegime.labels(close: [1, 2, 3], window: 0) == [nil, nil, nil])
        #expect(TrendRegime.labels(close: [1, 2], window: 3) == [nil, nil])
        #expect(TrendRegime.labels(close: [1, .nan, 3, 4, 5], window: 2) == [nil, nil, nil, 1, 1])
    }

    @Test("trend on AAPL: default 200-bar warm-up, both regimes present")
    func trendOnRealData() throws {
        let close = try TestData.aapl().close
        let labels = TrendRegime.labels(close: close)
        #expect(labels[0..<199].allSatisfy { $0 == nil })
        #expect(labels[199...].allSatisfy { $0 != nil })
        #expect(labels.contains(0) && labels.contains(1))
    }
}
