import ADMFTestSupport
@testable import Analysis
import Market
import Metrics
import Testing

@Suite("Monte Carlo bootstrap")
struct MonteCarloTests {
    static let returns = TestData.gaussianReturns(
        count: 250, mean: 0.0005, deviation: 0.012, seed: 5, stream: "mc-input")

    @Test("same seed and stream give identical results")
    func reproducible() {
        let config = MonteCarloConfig(paths: 300, blockSize: 5, seed: 42, stream: "test")
        let first = MonteCarloSimulation.bootstrap(returns: Self.returns, config: config)
        let second = MonteCarloSimulation.bootstrap(returns: Self.returns, config: config)
        #expect(first == second)
        #expect(first.paths == 300 && first.horizon == 250)
    }

    @Test("a different stream or seed gives a different result")
    func streamsDiffer() {
        let base = MonteCarloConfig(paths: 300, seed: 42, stream: "a")
        var other = base
        other.stream = "b"
        var reseeded = base
        reseeded.seed = 43
        let a = MonteCarloSimulation.bootstrap(returns: Self.returns, config: base)
        let b = MonteCarloSimulation.bootstrap(returns: Self.returns, config: other)
        let c = MonteCarloSimulation.bootstrap(returns: Self.returns, config: reseeded)
        #expect(a != b)
        #expect(a != c)
        #expect(a.expectedFinalReturn != b.expectedFinalReturn)
    }

    @Test("iid bootstrap of a constant series is degenerate at its compounded value")
    func constantSeries() {
        let constant = Array(repeating: 0.01, count: 50)
        let result = MonteCarloSimulation.bootstrap(
            returns: constant, config: MonteCarloConfig(paths: 200, seed: 1, stream: "constant"))
        var growth = 1.0
        var curve: [Double] = []
        for _ in 0..<50 {
            growth *= 1.01
            curve.append(growth)
        }
        #expect(result.finalReturnQuantiles.map(\.value) == Array(repeating: growth - 1, count: 5))
        #expect(result.finalReturnQuantiles.map(\.probability) == [0.05, 0.25, 0.5, 0.75, 0.95])
        #expect(result.maxDrawdownQuantiles.allSatisfy { $0.value == 0 })
        #expect(result.probabilityOfLoss == 0)
        #expect(Tolerance.agree(result.expectedFinalReturn, growth - 1, relative: 1e-13))
        #expect(result.fanSteps == Array(1...50))
        #expect(result.fan.count == 5)
        for band in result.fan { #expect(band == curve) }
    }

    @Test("fan steps: all steps up to 100, else 100 evenly spaced ending at the horizon")
    func fanSteps() {
        #expect(MonteCarloSimulation.fanSteps(horizon: 3) == [1, 2, 3])
        let long = MonteCarloSimulation.fanSteps(horizon: 250)
        #expect(long.count == 100 && long.first == 2 && long.last == 250)
        #expect(zip(long, long.dropFirst()).allSatisfy { $0 < $1 })
        #expect(MonteCarloSimulation.fanSteps(horizon: 0).isEmpty)
        let result = MonteCarloSimulation.bootstrap(
            returns: Self.returns, config: MonteCarloConfig(paths: 50, horizon: 500, seed: 3, stream: "h"))
        #expect(result.horizon == 500 && result.fanSteps.count == 100 && result.fanSteps.last == 500)
        for k in result.fanSteps.indices {
            let column = result.fan.map { $0[k] }
            #expect(zip(column, column.dropFirst()).allSatisfy { $0 <= $1 })
        }
    }

    @Test("path p draws from stream \"<stream>/path/<p>\"")
    func perPathStreams() {
        let config = MonteCarloConfig(paths: 1, horizon: 40, blockSize: 3, seed: 9, stream: "wfo")
        let result = MonteCarloSimulation.bootstrap(returns: Self.returns, config: config)
        var generator = SeededGenerator(seed: 9, stream: "wfo/path/0")
        var path = [Double](repeating: 0, count: 40)
        MonteCarloSimulation.fill(&path, from: Self.returns, block: 3, using: &generator)
        let total = path.reduce(1.0) { $0 * (1 + $1) } - 1
        #expect(result.finalReturnQuantiles.allSatisfy { $0.value == total })
        #expect(result.maxDrawdownQuantiles[2].value == MaxDrawdown.compute(path))
    }

    @Test("blocks are consecutive, wrapping around the end")
    func circularBlocks() {
        let returns = (0..<10).map { Double($0) / 100 }
        var generator = SeededGenerator(seed: 1, stream: "blocks")
        var path = [Double](repeating: 0, count: 95)
        MonteCarloSimulation.fill(&path, from: returns, block: 4, using: &generator)
        for blockStart in stride(from: 0, to: 95, by: 4) {
            let block = path[blockStart..<min(blockStart + 4, 95)]
            for (a, b) in zip(block, block.dropFirst()) {
                #expect(Int((b * 100).rounded()) == (Int((a * 100).rounded()) + 1) % 10)
            }
        }
    }

    @Test("a block of the whole series rotates it: every path has the series' total return")
    func wholeSeriesBlocks() {
        let result = MonteCarloSimulation.bootstrap(
            returns: Self.returns, config: MonteCarloConfig(paths: 20, blockSize: 1000, seed: 2, stream: "rot"))
        let total = TotalReturn.compute(Self.returns)
        for point in result.finalReturnQuantiles {
            #expect(Tolerance.agree(point.value, total, relative: 1e-12))
        }
    }

    @Test("quantiles are ordered and the probability of loss is a share")
    func sanity() {
        let result = MonteCarloSimulation.bootstrap(
            returns: Self.returns, config: MonteCarloConfig(paths: 400, seed: 8, stream: "s"))
        let finals = result.finalReturnQuantiles.map(\.value)
        #expect(zip(finals, finals.dropFirst()).allSatisfy { $0 <= $1 })
        let drawdowns = result.maxDrawdownQuantiles.map(\.value)
        #expect(zip(drawdowns, drawdowns.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(drawdowns.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(result.probabilityOfLoss > 0 && result.probabilityOfLoss < 1)
        #expect(Tolerance.agree(result.fan[2].last ?? .nan, 1 + finals[2], relative: 1e-12))
    }

    @Test("degenerate inputs give NaN quantiles and an empty fan")
    func degenerate() {
        let cases: [([Double], MonteCarloConfig)] = [
            ([], MonteCarloConfig(seed: 1)),
            ([0.01, .nan], MonteCarloConfig(seed: 1)),
            ([0.01], MonteCarloConfig(paths: 0, seed: 1)),
            ([0.01], MonteCarloConfig(horizon: 0, seed: 1)),
            ([0.01], MonteCarloConfig(blockSize: 0, seed: 1)),
        ]
        for (returns, config) in cases {
            let result = MonteCarloSimulation.bootstrap(returns: returns, config: config)
            #expect(result.finalReturnQuantiles.count == 5)
            #expect(result.finalReturnQuantiles.allSatisfy { $0.value.isNaN })
            #expect(result.maxDrawdownQuantiles.allSatisfy { $0.value.isNaN })
            #expect(result.probabilityOfLoss.isNaN && result.expectedFinalReturn.isNaN)
            #expect(result.fan.isEmpty && result.fanSteps.isEmpty)
            #expect(result == MonteCarloSimulation.bootstrap(returns: returns, config: config))
        }
    }

    @Test("random indices are in range, reproducible and roughly uniform")
    func randomIndex() {
        var first = SeededGenerator(seed: 3, stream: "index")
        var second = SeededGenerator(seed: 3, stream: "index")
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 {
            let i = RandomIndex.index(below: 7, using: &first)
            #expect(i == RandomIndex.index(below: 7, using: &second))
            counts[i] += 1
        }
        #expect(counts.allSatisfy { abs($0 - 1000) < 150 })
        #expect(RandomIndex.index(below: 1, using: &first) == 0)
        #expect(RandomIndex.index(below: 0, using: &first) == 0)
    }
}
