import ADMFTestSupport
import Indicators
import Market
import Strategies
import Testing

@Suite("Strategies: declarations, signals and no look-ahead")
struct StrategyTests {
    static let aapl: BarSeries = {
        (try? CSVBarLoader().load(path: RepositoryPaths.dataFile("aapl_daily.csv")))
            ?? BarSeries(symbol: "X", timestamps: [], open: [], high: [], low: [], close: [], volume: [])
    }()
    static let ibm: BarSeries = {
        (try? CSVBarLoader().load(path: RepositoryPaths.dataFile("ibm_daily.csv")))
            ?? BarSeries(symbol: "Y", timestamps: [], open: [], high: [], low: [], close: [], volume: [])
    }()

    func bars(for strategy: StrategyDefinition, count: Int? = nil) -> [BarSeries] {
        let all = strategy.symbolCount == 2 ? [Self.aapl, Self.ibm] : [Self.aapl]
        guard let count else { return all }
        return all.map { $0.slice(0..<count) }
    }

    @Test("the registry has the twelve strategies the spec names")
    func registry() {
        #expect(StrategyRegistry.names == [
            "bollinger_bands", "breakout", "defensive", "ema_crossover", "keltner_bands", "macd_crossover",
            "mean_reversion", "momentum", "pairs_trading", "rsi_bands", "sma_crossover", "volatility_trading",
        ])
    }

    @Test("every strategy's defaults are valid and its signals lie in [-1, 1]", arguments: StrategyRegistry.names)
    func defaultsProduceSignals(name: String) throws {
        #expect(!Self.aapl.isEmpty)
        let strategy = try StrategyRegistry.strategy(named: name)
        let parameters = try strategy.resolve([:])
        let signals = strategy.signals(StrategyContext(bars: bars(for: strategy)), parameters)
        #expect(signals.count == strategy.symbolCount)
        for signal in signals {
            #expect(signal.count == Self.aapl.count)
            #expect(signal.values.allSatisfy { $0 >= -1 && $0 <= 1 })
            #expect(signal.values.contains { $0 != 0 }, "\(name) never takes a position on AAPL")
        }
    }

    @Test("no look-ahead: the signal at bar t is the same when later bars do not exist", arguments: StrategyRegistry.names)
    func truncationInvariance(name: String) throws {
        let strategy = try StrategyRegistry.strategy(named: name)
        let parameters = try strategy.resolve([:])
        let full = strategy.signals(StrategyContext(bars: bars(for: strategy)), parameters)
        for cut in [400, 1000, 2500] {
            let partial = strategy.signals(StrategyContext(bars: bars(for: strategy, count: cut)), parameters)
            for (a, b) in zip(full, partial) {
                #expect(Array(a.values.prefix(cut)) == b.values, "\(name) changes its past signals when bars are added (cut \(cut))")
            }
        }
    }

    @Test("parameter errors name the parameter and suggest the closest")
    func parameterErrors() throws {
        let momentum = try StrategyRegistry.strategy(named: "momentum")
        #expect(throws: StrategyError.self) { try momentum.resolve(["fast_perod": 5]) }
        do {
            _ = try momentum.resolve(["fast_perod": 5])
        } catch {
            #expect("\(error)".contains("did you mean 'fast_period'"))
        }
        do {
            _ = try momentum.resolve(["fast_period": 2.5])
        } catch {
            #expect("\(error)".contains("whole number"))
        }
        do {
            _ = try momentum.resolve(["fast_period": 50, "slow_period": 20])
        } catch {
            #expect("\(error)".contains("fast_period < slow_period"))
        }
        do {
            _ = try StrategyRegistry.strategy(named: "momentun")
        } catch {
            #expect("\(error)".contains("did you mean 'momentum'"))
        }
    }

    @Test("the seed's momentum parameters are declared with their names")
    func seedParameters() throws {
        let momentum = try StrategyRegistry.strategy(named: "momentum")
        #expect(momentum.parameters.map(\.name) == ["fast_period", "slow_period", "signal_threshold"])
        let meanReversion = try StrategyRegistry.strategy(named: "mean_reversion")
        #expect(meanReversion.parameter("lookback_period") != nil)
        let breakout = try StrategyRegistry.strategy(named: "breakout")
        #expect(breakout.parameter("lookback_period")?.kind == .integer)
    }

    @Test("momentum follows its definition bar by bar")
    func momentumDefinition() throws {
        let momentum = try StrategyRegistry.strategy(named: "momentum")
        let p = try momentum.resolve(["fast_period": 5, "slow_period": 20, "signal_threshold": 0.02])
        let signal = momentum.signals(StrategyContext(bars: [Self.aapl]), p)[0].values
        let fast = Indicators.sma(Self.aapl.close, period: 5)
        let slow = Indicators.sma(Self.aapl.close, period: 20)
        for t in 19..<Self.aapl.count {
            let spread = fast[t] / slow[t] - 1
            let expected: Double = spread > 0.02 ? 1 : (spread < -0.02 ? -1 : 0)
            #expect(signal[t] == expected)
        }
        #expect(signal[0..<19].allSatisfy { $0 == 0 })
    }

    @Test("a shared indicator cache gives the same signals as a fresh one")
    func sharedCache() throws {
        let cache = IndicatorCache()
        let strategy = try StrategyRegistry.strategy(named: "sma_crossover")
        let a = strategy.signals(StrategyContext(bars: [Self.aapl], cache: cache), try strategy.resolve(["fast_period": 5, "slow_period": 30]))
        _ = strategy.signals(StrategyContext(bars: [Self.aapl], cache: cache), try strategy.resolve(["fast_period": 5, "slow_period": 40]))
        let b = strategy.signals(StrategyContext(bars: [Self.aapl], cache: cache), try strategy.resolve(["fast_period": 5, "slow_period": 30]))
        let fresh = strategy.signals(StrategyContext(bars: [Self.aapl]), try strategy.resolve(["fast_period": 5, "slow_period": 30]))
        #expect(a == b)
        #expect(a == fresh)
    }
}
