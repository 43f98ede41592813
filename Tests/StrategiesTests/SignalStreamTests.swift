import ADMFTestSupport
import Market
import Strategies
import Testing

/// Every strategy bar by bar (``SignalStream``, what a live session runs) against its batch
/// rule over the whole series: equal bit for bit at every bar, for the defaults and for random
/// parameter sets (periods drawn short enough that the rules trade).
@Suite("Strategies: streamed signals equal the batch signals bit for bit")
struct SignalStreamTests {
    static func parameterSets(_ strategy: StrategyDefinition, count: Int, seed: UInt64) -> [ParameterSet] {
        var rng = SplitMix64(seed: seed)
        var sets: [ParameterSet] = []
        if let defaults = try? strategy.resolve([:]) { sets.append(defaults) }
        var attempts = 0
        while sets.count < count + 1, attempts < 50 * count {
            attempts += 1
            var values: [String: Double] = [:]
            for spec in strategy.parameters {
                let upper = spec.kind == .integer ? min(spec.range.upperBound, 120) : spec.range.upperBound
                let x = rng.uniform(spec.range.lowerBound, upper)
                values[spec.name] = spec.kind == .integer ? x.rounded() : x
            }
            if let resolved = try? strategy.resolve(values) { sets.append(resolved) }
        }
        return sets
    }

    @Test("stream == batch at every bar", arguments: StrategyRegistry.names)
    func streamEqualsBatch(name: String) throws {
        let strategy = try StrategyRegistry.strategy(named: name)
        let series = strategy.symbolCount == 2 ? [StrategyTests.aapl, StrategyTests.ibm] : [StrategyTests.aapl]
        let n = series.map(\.count).min() ?? 0
        #expect(n > 1000)
        let bars = series.map { $0.slice(0..<n) }
        let sets = Self.parameterSets(strategy, count: 12, seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        #expect(sets.count == 13)
        var active = 0
        for parameters in sets {
            let batch = strategy.signals(StrategyContext(bars: bars), parameters).map(\.values)
            let stream = strategy.stream(parameters)
            for t in 0..<n {
                let points = bars.map { BarPoint(open: $0.open[t], high: $0.high[t], low: $0.low[t], close: $0.close[t], volume: $0.volume[t]) }
                let values = stream.next(points)
                for j in bars.indices where values[j].bitPattern != batch[j][t].bitPattern {
                    Issue.record("\(name) \(parameters) symbol \(j) bar \(t): stream \(values[j]) batch \(batch[j][t])")
                    return
                }
            }
            if batch[0].contains(where: { $0 != 0 }) { active += 1 }
        }
        #expect(active > 0, "no parameter set of \(name) ever took a position")
    }
}
