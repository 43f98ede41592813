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
