import Backtest
import Foundation
import LiveTestSupport
import Market
import Testing
@testable import Live

/// Always long every symbol.
struct AlwaysLong: LiveStrategy {
    var description: String { "always long" }
    func start(symbols: [String]) throws -> LiveDecisions { LiveDecisions { bars in bars.map { _ in 1 } } }
}

@Suite struct LiveSessionTests {
    static let week: Int64 = 7 * 86_400
    static let rollout = AllocationSchedule(stages: [
        .init(from: 0, allocation: 0.1, label: "week_1"), .init(from: week, allocation: 0.25, label: "week_2"),
        .init(from: 3 * week, allocation: 0.5, label: "week_4"), .init(from: 7 * week, allocation: 1, label: "week_8"),
    ])

    /// Daily bars rising gently, then (from `crashAt`) falling 4 % a bar for 8 bars.
    static func adverse(bars: Int, crashAt: Int?) -> BarSeries {
        var close: [Double] = []
        var price = 100.0
        for k in 0..<bars {
            price *= (crashAt.map { k >= $0 && k < $0 + 8 } ?? false) ? 0.96 : 1.001
            close.append(price)
        }
        let open = [100.0] + close.dropLast()
        return BarSeries(symbol: "SPY", timestamps: (0..<bars).map { 1_704_153_600 + Int64($0) * 86_400 }, open: open,
                         high: zip(open, close).map { max($0, $1) }, low: zip(open, close).map { min($0, $1) }, close: close,
                         volume: [Double](repeating: 1e6, count: bars))
    }

    @Test func rolloutFollowsTheScheduleByWeek() throws {
        let series = [Self.adverse(bars: 60, crashAt: nil)]
        let (_, _, record) = try paperSession(series, config: BacktestConfig(), strategy: AlwaysLong(), ppy: 252) {
            $0.schedule = Self.rollout
        }
        #expect(record.changes.map(\.stage) == ["week_1", "week_2", "week_4", "week_8"])
        #expect(record.changes.map(\.to) == [0.1, 0.25, 0.5, 1])
        #expect(record.changes.map(\.step) == [0, 7, 21, 49])
        #expect(record.allocation[6] == 0.1 && record.allocation[7] == 0.25)
        #expect(record.equity == record.expectedEquity)
    }

    @Test func anAdverseFeedStepsTheAllocationBackAndHoldsIt() throws {
        let series = [Self.adverse(bars: 60, crashAt: 30)]
        let (_, _, record) = try paperSession(series, config: BacktestConfig(), strategy: AlwaysLong(), ppy: 252) {
            $0.schedule = Self.rollout
            var rules = RollbackRules()
            rules.maxDrawdown = 0.05
            $0.rollback = rules
        }
        // The strategy keeps losing after each step back (4 % a bar, judged on its own returns
        // whatever the allocation): one stage back at a time, down to flat.
        let rollbacks = record.changes.filter { $0.kind == "rollback" }
        #expect(rollbacks.map(\.from) == [0.5, 0.25, 0.1])
        #expect(rollbacks.map(\.to) == [0.25, 0.1, 0])
        #expect(rollbacks.map(\.stage) == ["week_2", "week_1", "flat"])
        #expect(rollbacks.allSatisfy { $0.reason.contains("drawdown") })
        #expect(Set(rollbacks.map(\.step)).count == 3 && rollbacks[0].step >= 30)
        #expect(record.alerts.filter { $0.kind == .rollback }.count == 3)
        // the schedule never raises a rolled-back allocation again
        #expect(record.allocation.last == 0)
        #expect(!record.changes.contains { $0.kind == "rollout" && $0.stage == "week_8" })
    }

    @Test func rollbackToZeroFlattensEveryPosition() throws {
        let series = [Self.adverse(bars: 60, crashAt: 30)]
        let (_, broker, record) = try paperSession(series, config: BacktestConfig(), strategy: AlwaysLong(), ppy: 252) {
            $0.schedule = Self.rollout
            var rules = RollbackRules()
            rules.maxBarLoss = 0.01
            rules.toZero = true
            $0.rollback = rules
        }
        let rollbacks = record.changes.filter { $0.kind == "rollback" }
        #expect(rollbacks.count == 1)
        #expect(rollbacks.first.map { $0.from == 0.5 && $0.to == 0 && $0.reason.contains("bar loss") } == true)
        #expect(try broker.account().positions.isEmpty)
        #expect(record.allocation.last == 0)
        #expect(record.orders.last?.request.targetWeight == 0 && record.orders.last?.request.reason == "rollback")
    }

    @Test func aPositionAStopClosedIsNotReopenedByTheNextStage() throws {
        let series = [Self.adverse(bars: 40, crashAt: 12)]
        var config = BacktestConfig()
        config.stops = StopRules(stopLoss: 0.02)
        let (_, broker, record) = try paperSession(series, config: config, strategy: AlwaysLong(), ppy: 252) {
            $0.schedule = Self.rollout
        }
        let stopped = try #require(broker.paper.result().trades.first { $0.exitReason == .stopLoss })
        #expect(record.changes.map(\.stage).contains("week_4"))
        #expect(!record.orders.contains { $0.request.decidedAt >= stopped.exitTime })
        #expect(try broker.account().positions.isEmpty)
        #expect(record.equity == record.expectedEquity)
    }

    @Test func riskLimitBreachIsRejectedAndNeverSent() throws {
        let series = try PaperEqualsBacktestTests.market(["AAA", "BBB"], bars: 60)
        let journal = MemoryJournal()
        let (_, _, record) = try paperSession(series, config: BacktestConfig(), strategy: AlwaysLong(), ppy: 252,
                                              plan: { plan in
            var limits = RiskLimits()
            limits.positionLimits = ["AAA": 0.3]
            limits.source = "test"
            plan.limits = limits
        }, journal: journal)
        let rejected = record.orders.filter { $0.disposition.hasPrefix("rejected") }
        #expect(rejected.map(\.request.symbol) == ["AAA"])
        #expect(rejected[0].disposition.contains("position limit 30.00% for AAA"))
        #expect(!journal.orders.contains { $0.symbol == "AAA" })
        #expect(journal.orders.map(\.symbol) == ["BBB"])
        #expect(record.alerts.contains { $0.kind == .riskLimit })
    }

    @Test func aCrashedSessionResumesFromItsJournalWithoutResendingOrders() throws {
        let series = try PaperEqualsBacktestTests.market(["AAA", "BBB"], bars: 200, seed: 5)
        let full = 0..<series[0].count
        let (_, completeBroker, complete) = try paperSession(series, config: .init(), strategy: MeanCrossStrategy(), ppy: 252)
        let journal = MemoryJournal()
        let crashing = CrashingFeed(ReplayFeed(series: series, range: full, clock: .unpaced, name: "bars"), after: 231)
        #expect(throws: LiveError.self) {
            try paperSession(series, config: .init(), strategy: MeanCrossStrategy(), ppy: 252, journal: journal, feed: crashing)
        }
        let sentBefore = journal.orders.count
        #expect(sentBefore > 0)
        let (_, broker, resumed) = try paperSession(series, config: .init(), strategy: MeanCrossStrategy(), ppy: 252, journal: journal)
        #expect(resumed.equity == complete.equity)
        #expect(resumed.orders.map(\.request) == complete.orders.map(\.request))
        #expect(resumed.orders.map(\.state) == complete.orders.map(\.state))
        #expect(resumed.orders.map(\.filledQuantity) == complete.orders.map(\.filledQuantity))
        #expect(broker.paper.result().trades == completeBroker.paper.result().trades)
        #expect(journal.orders.map(\.clientOrderID) == complete.orders.map(\.request.clientOrderID))
        #expect(Set(journal.orders.map(\.clientOrderID)).count == journal.orders.count)
        #expect(journal.repeats == sentBefore)  // every order of the replayed steps was recognised, none re-sent
    }

    @Test func operatorStopFlattensWhenAsked() throws {
        let series = try PaperEqualsBacktestTests.market(["AAA"], bars: 40)
        let journal = MemoryJournal()
        journal.commands = [.stop]
        let (_, _, record) = try paperSession(series, config: .init(), strategy: AlwaysLong(), ppy: 252,
                                              plan: { $0.onStop = .flatten }, journal: journal)
        #expect(record.ending == "stopped")
        #expect(record.timestamps.isEmpty)
        #expect(journal.status?.state == "stopped")
    }

    @Test func jsonLinesFeedAssemblesSteps() throws {
        let pipe = Pipe()
        let lines = """
        # two symbols, BBB missing on the second day
        {"T":"b","S":"AAA","o":10,"h":11,"l":9,"c":10.5,"v":100,"t":"2024-01-02T00:00:00Z"}
        [{"T":"b","S":"BBB","o":20,"h":21,"l":19,"c":20.5,"v":100,"t":"2024-01-02"}]
        {"T":"b","S":"AAA","o":10.5,"h":11,"l":10,"c":10.8,"v":100,"t":"2024-01-03"}
        {"T":"b","S":"AAA","o":10.8,"h":11,"l":10,"c":10.9,"v":100,"t":"2024-01-04"}
        {"T":"b","S":"BBB","o":20.5,"h":21,"l":20,"c":20.9,"v":100,"t":"2024-01-04"}

        """
        pipe.fileHandleForWriting.write(Data(lines.utf8))
        try pipe.fileHandleForWriting.close()
        let feed = JSONLinesFeed(handle: pipe.fileHandleForReading, name: "test pipe")
        var assembler = StepAssembler(symbols: ["AAA", "BBB"])
        var steps: [MarketStep] = []
        while let bar = try feed.next() {
            for case .step(let step) in try assembler.add(bar) { steps.append(step) }
        }
        #expect(steps.map(\.timestamp) == [1_704_153_600, 1_704_240_000, 1_704_326_400])
        #expect(steps[1].carried == ["BBB"])
        #expect(steps[1].bars[1].close == 20.5 && steps[1].bars[1].volume == 0)
        #expect(steps[2].carried.isEmpty)
    }
}
