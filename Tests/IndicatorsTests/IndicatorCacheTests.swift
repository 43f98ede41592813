import Foundation
import Testing
import Indicators

@Suite("IndicatorCache")
struct IndicatorCacheTests {
    @Test("computes each key once and returns the stored array")
    func memoises() {
        let cache = IndicatorCache()
        let x = (0..<100).map { Double($0) }
        var computations = 0
        let key = IndicatorKey(name: "sma", source: "close", parameters: [20])
        let first = cache.value(for: key) { computations += 1; return Indicators.sma(x, period: 20) }
        let second = cache.value(for: key) { computations += 1; return [] }
        #expect(computations == 1)
        #expect(first.count == 100)
        #expect(first.elementsEqual(second) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        let other = cache.value(for: IndicatorKey(name: "sma", source: "close", parameters: [21])) {
            computations += 1
            return Indicators.sma(x, period: 21)
        }
        #expect(computations == 2)
        #expect(other[20] == 10)
        #expect(cache.count == 2)
        #expect(cache.statistics.hits == 1 && cache.statistics.misses == 2)
        #expect(cache.cachedValue(for: IndicatorKey(name: "ema", source: "close", parameters: [20])) == nil)
        cache.removeAll()
        #expect(cache.count == 0)
    }

    @Test("keys differ by name, source and parameters")
    func keys() {
        let a = IndicatorKey(name: "sma", source: "close", parameters: [20])
        #expect(a == IndicatorKey(name: "sma", source: "close", parameters: [20.0]))
        #expect(a != IndicatorKey(name: "ema", source: "close", parameters: [20]))
        #expect(a != IndicatorKey(name: "sma", source: "open", parameters: [20]))
        #expect(a != IndicatorKey(name: "sma", source: "close", parameters: [20, 2]))
    }

    @Test("a compute closure may use the cache itself")
    func reentrant() {
        let cache = IndicatorCache()
        let x = (0..<50).map { Double($0 % 7) }
        let outer = cache.value(for: IndicatorKey(name: "ema_of_sma", source: "x", parameters: [5, 3])) {
            let inner = cache.value(for: IndicatorKey(name: "sma", source: "x", parameters: [5])) {
                Indicators.sma(x, period: 5)
            }
            return Indicators.ema(inner, period: 3)
        }
        #expect(outer.count == 50)
        #expect(cache.count == 2)
    }

    @Test("concurrent callers all get the same series")
    func concurrent() async {
        let cache = IndicatorCache()
        let x = (0..<2_000).map { 100 + sin(Double($0) / 10) }
        let periods = [5, 10, 20, 50]
        let results = await withTaskGroup(of: (Int, [Double]).self) { group in
            for task in 0..<64 {
                let period = periods[task % periods.count]
                group.addTask {
                    let key = IndicatorKey(name: "sma", source: "x", parameters: [Double(period)])
                    return (period, cache.value(for: key) { Indicators.sma(x, period: period) })
                }
            }
            var collected: [(Int, [Double])] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 64)
        for (period, series) in results {
            let expected = Indicators.sma(x, period: period)
            #expect(series.elementsEqual(expected) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
        #expect(cache.count == periods.count)
    }
}

@Suite("IndicatorCache memory bound")
struct IndicatorCacheBoundTests {
    @Test("a byte budget evicts the least recently used series and stays within it")
    func leastRecentlyUsed() throws {
        let series = [Double](repeating: 1, count: 1_000)  // 8,000 bytes each
        let cache = IndicatorCache(capacityBytes: 3 * 8_000)
        func key(_ k: Int) -> IndicatorKey { IndicatorKey(name: "x", source: "s", parameters: [Double(k)]) }
        var computed = 0
        for k in 0..<3 { _ = cache.value(for: key(k)) { computed += 1; return series } }
        _ = cache.value(for: key(0)) { computed += 1; return series }   // a hit: 0 is now the most recent
        _ = cache.value(for: key(3)) { computed += 1; return series }   // evicts 1, the least recent
        #expect(computed == 4)
        #expect(cache.count == 3 && cache.bytes <= 3 * 8_000 && cache.evictions == 1)
        #expect(cache.cachedValue(for: key(1)) == nil && cache.cachedValue(for: key(0)) != nil)
        // 10,000 new keys (a random search over real values): memory stays at the budget.
        for k in 10..<10_010 { _ = cache.value(for: key(k)) { series } }
        #expect(cache.bytes <= 3 * 8_000 && cache.count == 3)
        // An evicted series is recomputed with the same values.
        #expect(cache.value(for: key(1)) { series } == series)
    }

    @Test("several series of one computation are computed once and cached together")
    func multiSeries() throws {
        let cache = IndicatorCache()
        var runs = 0
        let keys = ["a", "b"].map { IndicatorKey(name: $0, source: "s", parameters: [1]) }
        for _ in 0..<5 { _ = cache.values(for: keys) { runs += 1; return [[1], [2]] } }
        #expect(runs == 1)
        #expect(cache.cachedValue(for: keys[1]) == [2])
    }
}
