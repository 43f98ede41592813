import ADMFTestSupport
import Foundation
import Testing
import Indicators

/// The shared feature registry: every definition is causal — its value at bar t is the same
/// whether or not later bars exist — NaN before its first defined bar and finite from there,
/// on a seeded random walk with volumes.
@Suite("Feature registry (BarFeature)")
struct BarFeatureTests {
    static let all: [BarFeature] = [
        .returns(5), .oneBarReturn, .volatility(20), .sampleVolatility(20), .logVolatility(20), .rsi(14), .smaRatio(10, 50),
        .priceToSMA(50), .logTrend(50), .volumeZ(20), .volumeZScore(20), .logVolumeZ(50), .returnCorrelation(30),
    ]

    static func series(_ n: Int, seed: UInt64) -> (close: [Double], volume: [Double]) {
        var rng = SplitMix64(seed: seed)
        var close = [100.0], volume: [Double] = []
        for _ in 1..<n { close.append(close[close.count - 1] * (1 + (rng.uniform() - 0.5) * 0.04)) }
        for _ in 0..<n { volume.append(1_000_000 * (0.5 + rng.uniform())) }
        return (close, volume)
    }

    @Test("causal: truncating the bars after t leaves every value up to t unchanged", arguments: all.indices)
    func causal(index: Int) {
        let feature = Self.all[index]
        let (close, volume) = Self.series(400, seed: 7)
        let other = Self.series(400, seed: 8).close
        let full = feature.values(close: close, volume: volume, other: other, periodsPerYear: 252)
        #expect(full.count == close.count)
        for cut in [120, 250, 399] {
            let part = feature.values(close: Array(close[..<cut]), volume: Array(volume[..<cut]), other: Array(other[..<cut]),
                                      periodsPerYear: 252)
            for t in 0..<cut {
                #expect(part[t] == full[t] || (part[t].isNaN && full[t].isNaN), "\(feature) at \(t) with \(cut) bars")
            }
        }
        if let first = feature.firstDefined {
            let warmUp = full[..<first].allSatisfy { $0.isNaN }, defined = full[first...].allSatisfy { $0.isFinite }
            #expect(warmUp, "\(feature) warm-up")
            #expect(defined, "\(feature) defined from \(first)")
        }
    }

    @Test("streamed bar by bar, every definition equals its batch values bit for bit", arguments: all.indices)
    func streamEqualsBatch(index: Int) {
        let feature = Self.all[index]
        var (close, volume) = Self.series(600, seed: 11)
        volume[300] = 0  // an absent volume inside the windows
        let other = Self.series(600, seed: 12).close
        for pair in [other, nil] as [[Double]?] {
            let batch = feature.values(close: close, volume: volume, other: pair, periodsPerYear: 252)
            var stream = BarFeature.Stream(feature, periodsPerYear: 252)
            for t in close.indices {
                let value = stream.update(close: close[t], volume: volume[t], other: pair?[t])
                guard value.bitPattern == batch[t].bitPattern else {
                    Issue.record("\(feature) at bar \(t) (other: \(pair != nil)): stream \(value), batch \(batch[t])")
                    return
                }
            }
        }
    }
}
