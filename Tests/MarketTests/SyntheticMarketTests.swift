import Foundation
import Market
import Testing

@Suite struct SyntheticMarketTests {
    static func config(bars: Int = 3_000, symbols: [String] = ["AAA", "BBB"]) -> SyntheticMarketConfig {
        var config = SyntheticMarketConfig.default
        config.bars = bars
        config.symbols = symbols
        return config
    }

    @Test func sameConfigSameMarket() throws {
        let first = try SyntheticMarket.generate(Self.config())
        let second = try SyntheticMarket.generate(Self.config())
        #expect(first.series == second.series)
        #expect(first.regimes == second.regimes)
        var other = Self.config()
        other.seed = 43
        #expect(try SyntheticMarket.generate(other).series != first.series)
    }

    @Test func addingASymbolLeavesOthersUnchanged() throws {
        let one = try SyntheticMarket.generate(Self.config(symbols: ["AAA"]))
        let two = try SyntheticMarket.generate(Self.config(symbols: ["AAA", "BBB"]))
        #expect(one.series[0] == two.series[0])
        #expect(two.series[0].close != two.series[1].close)
    }

    @Test func barsAreConsistent() throws {
        let (series, regimes) = try SyntheticMarket.generate(Self.config())
        #expect(regimes.count == 3_000)
        #expect(Set(regimes).isSubset(of: [0, 1]))
        for bars in series {
            #expect(bars.count == 3_000)
            #expect(bars.open[0] == 100)
            for i in 0..<bars.count {
                #expect(bars.high[i] >= max(bars.open[i], bars.close[i]))
                #expect(bars.low[i] <= min(bars.open[i], bars.close[i]))
                #expect(bars.low[i] > 0)
                #expect(bars.volume[i] >= 1)
            }
            // Weekends are skipped; the calendar is a normal daily one.
            for t in bars.timestamps {
                let weekday = ((t / 86_400) + 4) % 7
                #expect(weekday != 0 && weekday != 6)
            }
            #expect(BarSpacing.infer(timestamps: bars.timestamps).periodsPerYear == 252)
        }
    }

    @Test func regimesShowDifferentRealisedVolatilityAndVolume() throws {
        let (series, regimes) = try SyntheticMarket.generate(Self.config(bars: 6_000))
        let bars = series[0]
        var returns: [[Double]] = [[], []]
        var volumes: [[Double]] = [[], []]
        for i in 1..<bars.count {
            returns[regimes[i]].append(log(bars.close[i] / bars.close[i - 1]))
            volumes[regimes[i]].append(bars.volume[i])
        }
        #expect(returns[0].count > 500)
        #expect(returns[1].count > 500)
        func annualisedVol(_ xs: [Double]) -> Double {
            let mean = xs.reduce(0, +) / Double(xs.count)
            let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count - 1)
            return (variance * 252).squareRoot()
        }
        let calm = annualisedVol(returns[0])
        let turbulent = annualisedVol(returns[1])
        #expect(abs(calm - 0.12) < 0.015, "calm vol \(calm)")
        #expect(abs(turbulent - 0.35) < 0.04, "turbulent vol \(turbulent)")
        let calmVolume = volumes[0].reduce(0, +) / Double(volumes[0].count)
        let turbulentVolume = volumes[1].reduce(0, +) / Double(volumes[1].count)
        #expect(turbulentVolume > 2 * calmVolume)
    }

    @Test func correlationBetweenSymbols() throws {
        var config = Self.config(bars: 5_000)
        config.correlation = 0.6
        let (series, _) = try SyntheticMarket.generate(config)
        let a = (1..<5_000).map { log(series[0].close[$0] / series[0].close[$0 - 1]) }
        let b = (1..<5_000).map { log(series[1].close[$0] / series[1].close[$0 - 1]) }
        let ma = a.reduce(0, +) / Double(a.count)
        let mb = b.reduce(0, +) / Double(b.count)
        var cov = 0.0, va = 0.0, vb = 0.0
        for i in a.indices {
            cov += (a[i] - ma) * (b[i] - mb)
            va += (a[i] - ma) * (a[i] - ma)
            vb += (b[i] - mb) * (b[i] - mb)
        }
        let correlation = cov / (va * vb).squareRoot()
        #expect(abs(correlation - 0.6) < 0.05, "correlation \(correlation)")
    }

    @Test func explicitTransitionMatrixAndIntradayBars() throws {
        var config = Self.config(bars: 2_000, symbols: ["X"])
        config.barSeconds = 300
        config.regimes = [.calm, .turbulent, RegimeSpec(name: "crash", annualDrift: -0.5, annualVolatility: 0.8)]
        config.transition = [[0.99, 0.01, 0], [0.02, 0.97, 0.01], [0, 0.1, 0.9]]
        let (series, regimes) = try SyntheticMarket.generate(config)
        #expect(series[0].timestamps[1] - series[0].timestamps[0] == 300)
        #expect(Set(regimes).isSubset(of: [0, 1, 2]))
        #expect(try config.transitionMatrix() == config.transition)
        // A regime unreachable from the start never appears.
        config.transition = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        #expect(try SyntheticMarket.generate(config).regimes.allSatisfy { $0 == 0 })
    }

    @Test func persistenceBuildsTheMatrix() throws {
        var config = SyntheticMarketConfig.default
        config.persistence = 0.9
        let matrix = try config.transitionMatrix()
        #expect(abs(matrix[0][0] - 0.9) < 1e-15)
        #expect(abs(matrix[0][1] - 0.1) < 1e-12)
    }

    @Test func invalidConfigsThrow() {
        var configs: [SyntheticMarketConfig] = []
        var c = SyntheticMarketConfig.default
        c.symbols = []
        configs.append(c)
        c = .default
        c.symbols = ["A", "A"]
        configs.append(c)
        c = .default
        c.bars = 0
        configs.append(c)
        c = .default
        c.transition = [[0.5, 0.4], [0.1, 0.9]]
        configs.append(c)
        c = .default
        c.transition = [[1]]
        configs.append(c)
        c = .default
        c.correlation = 1.5
        configs.append(c)
        c = .default
        c.regimes = [RegimeSpec(name: "flat", annualDrift: 0, annualVolatility: 0)]
        configs.append(c)
        c = .default
        c.initialRegime = 5
        configs.append(c)
        c = .default
        c.startPrice = -1
        configs.append(c)
        for config in configs {
            #expect(throws: MarketDataError.self) { try SyntheticMarket.generate(config) }
        }
    }
}
