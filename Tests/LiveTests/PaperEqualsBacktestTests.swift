import Backtest
import Market
import Testing
@testable import Live

/// A causal test strategy: per symbol, long when the close is above its `period`-bar mean,
/// short (or flat) below — computed from the bars up to the last one only.
struct MeanCrossStrategy: LiveStrategy {
    var period = 10
    var shortSide = -1.0
    var description: String { "close vs \(period)-bar mean" }

    /// Bar by bar: each symbol's last `period` closes.
    func start(symbols: [String]) throws -> LiveDecisions {
        var windows = [[Double]](repeating: [], count: symbols.count)
        return LiveDecisions { bars in
            bars.indices.map { j in
                windows[j].append(bars[j].close)
                if windows[j].count > period { windows[j].removeFirst() }
                return signal(windows[j], at: windows[j].count - 1)
            }
        }
    }

    func signal(_ close: [Double], at t: Int) -> Double {
        guard t + 1 >= period else { return 0 }
        var sum = 0.0
        for k in (t + 1 - period)...t { sum += close[k] }
        return close[t] > sum / Double(period) ? 1 : shortSide
    }

    /// The signal series a backtest over `series` trades.
    func series(_ series: BarSeries) -> SignalSeries {
        SignalSeries(symbol: series.symbol, timestamps: series.timestamps,
                     values: (0..<series.count).map { signal(series.close, at: $0) })
    }
}

/// Feeds `series` through a paper session from its first bar.
func paperSession(_ series: [BarSeries], config: BacktestConfig, strategy: LiveStrategy, ppy: Double,
                  plan edit: (inout SessionPlan) -> Void = { _ in }, journal: SessionJournal = MemoryJournal(),
                  feed: BarFeed? = nil) throws -> (LiveSession, PaperBroker, SessionRecord) {
    var plan = SessionPlan(symbols: series.map(\.symbol), backtest: config, periodsPerYear: ppy,
                           start: series[0].timestamps[0], durationSeconds: nil)
    edit(&plan)
    let broker = try PaperBroker(config: config, symbols: plan.symbols, periodsPerYear: ppy)
    let session = try LiveSession(plan: plan, strategy: strategy, broker: broker, journal: journal,
                                  ids: OrderIDs(run: "test", phase: "paper"), history: [])
    let runner = LiveRunner(session: session,
                            feed: feed ?? ReplayFeed(series: series, range: 0..<series[0].count, clock: .unpaced, name: "test bars"),
                            journal: journal)
    let record = try runner.run()
    return (session, broker, record)
}

@Suite struct PaperEqualsBacktestTests {
    static func market(_ symbols: [String], bars: Int = 400, seed: UInt64 = 7) throws -> [BarSeries] {
        try SyntheticMarket.generate(SyntheticMarketConfig(symbols: symbols, bars: bars, seed: seed)).series
    }

    @discardableResult
    func check(_ series: [BarSeries], _ config: BacktestConfig, strategy: MeanCrossStrategy = MeanCrossStrategy()) throws -> BacktestResult {
        var config = config
        config.periodsPerYear = 252
        let backtest = try BacktestEngine(config: config).run(bars: series, signals: series.map(strategy.series))
        let (_, broker, record) = try paperSession(series, config: config, strategy: strategy, ppy: 252)
        let paper = broker.paper.result()
        #expect(paper.timestamps == backtest.timestamps)
        let firstDifference = zip(paper.equity, backtest.equity).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(firstDifference == nil, "equity differs first at bar \(firstDifference?.offset ?? -1)")
        guard firstDifference == nil else { return backtest }
        #expect(paper.equity == backtest.equity)
        #expect(paper.trades == backtest.trades)
        #expect(paper.summary == backtest.summary)
        #expect(paper.totalCommission == backtest.totalCommission)
        #expect(paper.totalSlippage == backtest.totalSlippage)
        #expect(record.equity == backtest.equity)
        #expect(record.expectedEquity == backtest.equity)
        #expect(record.ending == "completed")
        #expect(!backtest.trades.isEmpty)
        return backtest
    }

    @Test func oneSymbolWithCostsAndImpact() throws {
        var config = BacktestConfig()
        config.costs = CostModel(commissionBps: 1, slippageBps: 2, marketImpact: MarketImpact())
        try check(try Self.market(["AAA"]), config)
    }

    @Test func portfolioUnderTheLeverageCapWithDelayAndCarry() throws {
        var config = BacktestConfig()
        config.costs = CostModel(commissionBps: 2, commissionPerShare: 0.005, slippageBps: 1, marketImpact: MarketImpact())
        config.sizing = .fixedFraction(1.6)
        config.maxLeverage = 1.5
        config.delayBars = 1
        config.borrowRate = 0.01
        config.financingRate = 0.05
        try check(try Self.market(["AAA", "BBB", "CCC"], seed: 11), config)
    }

    @Test func volatilityTargetLongOnly() throws {
        var config = BacktestConfig()
        config.costs = .standard
        config.allowShort = false
        config.sizing = .volatilityTarget(annualVolatility: 0.1, lookback: 20, maxLeverage: 2)
        config.maxLeverage = 2
        try check(try Self.market(["AAA", "BBB"], seed: 3), config)
    }

    @Test func protectiveStopsOnOneSymbolAndAPortfolio() throws {
        var config = BacktestConfig()
        config.costs = CostModel(commissionBps: 1, slippageBps: 2, marketImpact: MarketImpact())
        config.stops = StopRules(stopLoss: 0.02, takeProfit: 0.05, trailingStop: 0.03)
        let one = try check(try Self.market(["AAA"], seed: 21), config)
        config.sizing = .fixedFraction(1.4)
        config.maxLeverage = 1.2
        let two = try check(try Self.market(["AAA", "BBB"], seed: 22), config)
        let exits = Set((one.trades + two.trades).map(\.exitReason))
        #expect(exits.isSuperset(of: [.stopLoss, .takeProfit, .trailingStop]), "\(exits)")
    }

    @Test func closeFillsAreRefusedLive() throws {
        var config = BacktestConfig()
        config.fill = .close
        let series = try Self.market(["AAA"], bars: 30)
        #expect(throws: LiveError.self) { try paperSession(series, config: config, strategy: MeanCrossStrategy(), ppy: 252) }
    }
}
