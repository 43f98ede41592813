#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ADMFTestSupport
import Analysis
import Market
import Metrics
import Testing

@Suite("Market conditions")
struct MarketConditionsTests {
    /// 100, 101, 100, 101, … : no trend, constant volatility.
    static func zigzag(_ count: Int) -> [Double] {
        (0..<count).map { $0 % 2 == 0 ? 100 : 101 }
    }

    @Test("a zigzag ranges: hand-checked volatility and trend strength")
    func zigzagRanges() {
        let close = Self.zigzag(200)
        let window = 63
        let conditions = MarketConditionAnalysis.assess(
            bars: [TestData.bars(symbol: "Z", close: close)], window: window, periodsPerYear: 252)
        let last = Array(TestData.simpleReturns(close).suffix(window))
        #expect(conditions.volatility == AnnualVolatility.compute(last, periodsPerYear: 252))
        // The last 63 log returns (bars 137…199) are 32 of +ln 1.01 (odd bars) and 31 of
        // −ln 1.01: the sum is ln 1.01 and the strength ≈ 1/√63.
        let logs = (137..<200).map { log(close[$0] / close[$0 - 1]) }
        #expect(logs.filter { $0 > 0 }.count == 32)
        let sigma = AnnualVolatility.compute(logs, periodsPerYear: 1)
        let expected = abs(logs.reduce(0, +)) / (sigma * Double(window).squareRoot())
        #expect(Tolerance.agree(conditions.trendStrength, expected, relative: 1e-12))
        #expect(Tolerance.agree(logs.reduce(0, +), log(1.01), relative: 1e-9))
        #expect(conditions.trendStrength < 0.2)
        #expect(conditions.trendRegime == "ranging")
        #expect(conditions.volatilityRegime == "normal")
        #expect(conditions.averageCorrelation.isNaN)
        #expect(conditions.recommendedStrategyTypes == ["mean_reversion", "bollinger_bands", "rsi_bands"])
    }

    @Test("a steady drift trends")
    func drifting() {
        let returns = TestData.gaussianReturns(count: 300, mean: 0.01, deviation: 0.002, seed: 4, stream: "drift")
        let bars = TestData.bars(symbol: "UP", close: TestData.closes(from: returns))
        let conditions = MarketConditionAnalysis.assess(bars: [bars], periodsPerYear: 252)
        #expect(conditions.trendStrength > 10)
        #expect(conditions.trendRegime == "trending")
        #expect(conditions.recommendedStrategyTypes == ["momentum", "breakout", "sma_crossover"])
    }

    @Test("recent volatility far above the sample's is high; far below is low")
    func volatilityRegimes() {
        let calm = TestData.gaussianReturns(count: 500, mean: 0, deviation: 0.005, seed: 6, stream: "calm")
        let wild = TestData.gaussianReturns(count: 63, mean: 0, deviation: 0.03, seed: 6, stream: "wild")
        let spiking = MarketConditionAnalysis.assess(
            bars: [TestData.bars(symbol: "A", close: TestData.closes(from: calm + wild))], periodsPerYear: 252)
        #expect(spiking.volatilityRegime == "high")
        #expect(Array(spiking.recommendedStrategyTypes.prefix(2)) == ["defensive", "volatility_trading"])
        #expect(spiking.recommendedStrategyTypes.count == 5)

        let quietEnd = Array(calm.prefix(63))
        let settling = MarketConditionAnalysis.assess(
            bars: [TestData.bars(symbol: "B", close: TestData.closes(from: wild + wild + quietEnd))],
            periodsPerYear: 252)
        #expect(settling.volatilityRegime == "low")
        #expect(!settling.recommendedStrategyTypes.contains("defensive"))
    }

    @Test("average correlation over aligned symbols; volatility averaged across symbols")
    func severalSymbols() {
        let a = TestData.closes(
            from: TestData.gaussianReturns(count: 120, mean: 0, deviation: 0.01, seed: 1, stream: "a"))
        let b = TestData.closes(
            from: TestData.gaussianReturns(count: 120, mean: 0, deviation: 0.02, seed: 1, stream: "b"))
        let barsA = TestData.bars(symbol: "A", close: a)
        let barsB = TestData.bars(symbol: "B", close: b)
        let same = MarketConditionAnalysis.assess(bars: [barsA, barsA], window: 30, periodsPerYear: 252)
        #expect(Tolerance.agree(same.averageCorrelation, 1))

        let pair = MarketConditionAnalysis.assess(bars: [barsA, barsB], window: 30, periodsPerYear: 252)
        let ra = Array(TestData.simpleReturns(a).suffix(30))
        let rb = Array(TestData.simpleReturns(b).suffix(30))
        #expect(pair.averageCorrelation == Correlation.pearson(ra, rb))
        let volatility = (AnnualVolatility.compute(ra, periodsPerYear: 252)
            + AnnualVolatility.compute(rb, periodsPerYear: 252)) / 2
        #expect(Tolerance.agree(pair.volatility, volatility, relative: 1e-14))

        // B shifted by one day: only the common timestamps are correlated.
        var shifted = barsB
        shifted.timestamps = shifted.timestamps.map { $0 + 86_400 }
        let aligned = MarketConditionAnalysis.assess(bars: [barsA, shifted], window: 30, periodsPerYear: 252)
        let commonA = Array(TestData.simpleReturns(Array(a.dropFirst())).suffix(30))
        let commonB = Array(TestData.simpleReturns(Array(b.dropLast())).suffix(30))
        #expect(aligned.averageCorrelation == Correlation.pearson(commonA, commonB))
    }

    @Test("the recommendation rule")
    func rule() {
        #expect(MarketConditionAnalysis.recommendations(volatilityRegime: "high", trendRegime: "trending")
            == ["defensive", "volatility_trading", "momentum", "breakout", "sma_crossover"])
        #expect(MarketConditionAnalysis.recommendations(volatilityRegime: "low", trendRegime: "ranging")
            == ["mean_reversion", "bollinger_bands", "rsi_bands"])
        #expect(MarketConditionAnalysis.recommendations(volatilityRegime: "unknown", trendRegime: "unknown").isEmpty)
    }

    @Test("no usable bars give NaN numbers and unknown regimes")
    func degenerate() {
        let empty = MarketConditionAnalysis.assess(bars: [], periodsPerYear: 252)
        #expect(empty.volatility.isNaN && empty.trendStrength.isNaN && empty.averageCorrelation.isNaN)
        #expect(empty.volatilityRegime == "unknown" && empty.trendRegime == "unknown")
        #expect(empty.recommendedStrategyTypes.isEmpty)
        let short = MarketConditionAnalysis.assess(
            bars: [TestData.bars(symbol: "S", close: [1, 2, 3])], window: 63, periodsPerYear: 252)
        #expect(short == empty)
        let badWindow = MarketConditionAnalysis.assess(
            bars: [TestData.bars(symbol: "S", close: Self.zigzag(100))], window: 1, periodsPerYear: 252)
        #expect(badWindow == empty)
        let noAnnualisation = MarketConditionAnalysis.assess(
            bars: [TestData.bars(symbol: "S", close: Self.zigzag(100))], window: 20, periodsPerYear: 0)
        #expect(noAnnualisation.volatility.isNaN && noAnnualisation.volatilityRegime == "unknown")
        #expect(noAnnualisation.trendRegime == "ranging")
    }
}
