import ADMFTestSupport
import Foundation
import Market
import Signals
import Strategies
import Testing

@Suite("Compression on real signals, and encode/decode speed")
struct CompressionTests {
    @Test("SMA-crossover signals on the bundled daily data take a small fraction of dense storage")
    func smaCrossover() throws {
        let root = try SignalsTestSupport.temporaryRoot()
        let store = DirectorySignalStore(root: root)
        let strategy = try StrategyRegistry.strategy(named: "sma_crossover")
        var keys: [SignalKey] = []
        for file in ["aapl_daily.csv", "msft_daily.csv", "ibm_daily.csv"] {
            let bars = try CSVBarLoader().load(path: RepositoryPaths.dataFile(file))
            let fingerprint = BarsFingerprint.sha256(bars)
            for (fast, slow, short) in [(10.0, 30.0, 0.0), (20, 50, 1), (50, 200, 0)] {
                let parameters = try strategy.resolve(["fast_period": fast, "slow_period": slow, "allow_short": short])
                let series = try #require(strategy.signals(StrategyContext(bars: [bars]), parameters).first)
                let key = SignalKey(strategy: strategy.name, parameters: parameters, symbol: bars.symbol,
                                    barsFingerprint: fingerprint, codeVersion: "test-1")
                let frame = try SignalFrame(series)
                try store.put(key, frame)
                #expect(try store.get(key)?.signalSeries(symbol: bars.symbol) == series)
                keys.append(key)
            }
        }
        let statistics = try store.statistics()
        print(statistics.report)
        #expect(statistics.entries.count == 9)
        #expect(Set(statistics.entries.map(\.key)) == Set(keys))
        for entry in statistics.entries {
            #expect(entry.summary.rows > 3000)
            #expect(entry.valueRatio > 20, "\(entry.key): \(entry.valueRatio)")
            #expect(entry.summary.columns.first?.encoding.layout == .runs)
        }
        #expect(statistics.valueRatio > 30)
        #expect(statistics.fileRatio > 10)
        #expect(statistics.fileBytes == (try store.list()).reduce(0) { $0 + $1.bytes })
    }

    @Test("a million values: encode and decode in (debug-build) milliseconds, sparse and dense")
    func speed() throws {
        var rng = SeededGenerator(seed: 1)
        let n = 1_000_000
        let timestamps = (0..<Int64(n)).map { 1_600_000_000 + 60 * $0 }
        for (label, values) in [("sparse", SignalsTestSupport.sparse(n, changeRate: 0.001, using: &rng)),
                                ("dense random", SignalsTestSupport.randomBits(n, using: &rng))] {
            let frame = try SignalFrame(timestamps: timestamps, columns: [.float64("signal", values)])
            let clock = ContinuousClock()
            var bytes: [UInt8] = []
            let encode = clock.measure { bytes = SignalFile.encode(frame) }
            var decoded: SignalFrame?
            let decode = try clock.measure { decoded = try SignalFile.decode(bytes).frame }
            #expect(decoded == frame)
            print("signals \(label): \(n) values, \(bytes.count) bytes, encode \(encode), decode \(decode)")
            #expect(decode < .seconds(5))  // generous: debug builds, shared cores
        }
    }
}
