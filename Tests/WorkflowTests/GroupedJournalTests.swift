import ADMFTestSupport
import Backtest
import Foundation
import Live
import LiveTestSupport
import Market
import Store
import Strategies
import Testing
@testable import Workflow

/// A paper session replaying bars with its steps journaled in groups (``StoreJournal/grouped``):
/// a crash loses the steps not yet committed, the restarted session (a new journal on the same
/// store, as after SIGKILL) replays what was committed, re-reads the rest from the feed, and
/// ends exactly where an uninterrupted session ends — orders journaled once each.
@Suite("grouped live journal: a crash loses only bars still in the file")
struct GroupedJournalTests {
    func session(_ series: [BarSeries], store: RunStore, crashAfter: Int?) throws -> (SessionRecord, PaperBroker, StoreJournal) {
        var config = BacktestConfig()
        config.costs = CostModel(commissionBps: 1, slippageBps: 2, marketImpact: MarketImpact())
        config.periodsPerYear = 252
        let strategy = GateStrategy(kind: .single(StrategySelection(strategy: "sma_crossover",
                                                                    parameters: ParameterSet(["fast_period": 10, "slow_period": 40]))),
                                    source: "test")
        let plan = SessionPlan(symbols: series.map(\.symbol), backtest: config, periodsPerYear: 252, start: series[0].timestamps[0],
                               durationSeconds: nil)
        let broker = try PaperBroker(config: config, symbols: plan.symbols, periodsPerYear: 252)
        let journal = StoreJournal(store: store, run: "run", phase: "paper")
        journal.grouped = true
        let live = try LiveSession(plan: plan, strategy: ResearchLiveStrategy(strategy, periodsPerYear: 252), broker: broker,
                                   journal: journal, ids: OrderIDs(run: "run", phase: "paper"), history: [])
        let replay = ReplayFeed(series: series, range: 0..<series[0].count, clock: .unpaced, name: "bars")
        let feed: BarFeed = crashAfter.map { CrashingFeed(replay, after: $0) } ?? replay
        let record = try LiveRunner(session: live, feed: feed, journal: journal).run()
        return (record, broker, journal)
    }

    @Test("killed at several points, resumed: equal to the uninterrupted session, each order journaled once")
    func crashAndResume() throws {
        let series = try SyntheticMarket.generate(SyntheticMarketConfig(symbols: ["AAA"], bars: 3_000, seed: 9)).series
        let (complete, completeBroker, _) = try session(series, store: try RunStore(inMemory: "complete"), crashAfter: nil)
        #expect(complete.orders.count > 20)
        for crash in [150, 1_234, 2_999] {
            let store = try RunStore(inMemory: "crash-\(crash)")
            #expect(throws: LiveError.self) { try session(series, store: store, crashAfter: crash) }
            let committed = try store.liveRecords(run: "run", phase: "paper").count
            #expect(committed < crash, "some steps were still uncommitted at the crash (\(committed) of \(crash))")
            let (resumed, broker, _) = try session(series, store: store, crashAfter: nil)
            #expect(resumed.equity == complete.equity)
            #expect(resumed.orders.map(\.request) == complete.orders.map(\.request))
            #expect(broker.paper.result().trades == completeBroker.paper.result().trades)
            let orders = try store.liveOrders(run: "run", phase: "paper").map(\.clientID)
            #expect(orders == complete.orders.map(\.request.clientOrderID))
            #expect(try store.liveRecords(run: "run", phase: "paper").count == series[0].count)
        }
    }
}
