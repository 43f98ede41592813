import Backtest
import Foundation
import Live
import Market
import Testing
@testable import LiveConnectors

/// A live session on Alpaca's wire formats end to end: bars from the WebSocket stream, orders to
/// the trading API (both loopback servers replaying the documented messages).
@Suite struct AlpacaSessionTests {
    struct AlwaysLong: LiveStrategy {
        var description: String { "always long" }
        func start(symbols: [String]) throws -> LiveDecisions { LiveDecisions { bars in bars.map { _ in 1 } } }
    }

    /// Five daily AAPL bars.
    static let bars: [LiveBar] = (0..<5).map { (day: Int) -> LiveBar in
        let x = Double(day)
        let t: Int64 = 1_704_153_600 + Int64(day) * 86_400
        return LiveBar(symbol: "AAPL", timestamp: t, open: 190 + x, high: 192 + x, low: 189 + x, close: 191 + x, volume: 1e6)
    }

    func session(stream: AlpacaStreamServer, rest: AlpacaRESTServer, journal: MemoryJournal, limits: RiskLimits? = nil,
                 crashAfter: Int? = nil) throws -> SessionRecord {
        let credentials = AlpacaCredentials(keyID: stream.script.keyID, secretKey: stream.script.secret)
        var plan = SessionPlan(symbols: ["AAPL"], backtest: BacktestConfig(), periodsPerYear: 252, start: 0, durationSeconds: nil)
        plan.limits = limits
        let broker = AlpacaBroker(credentials: credentials, baseURL: rest.url, requestTimeout: 3)
        let live = try LiveSession(plan: plan, strategy: AlwaysLong(), broker: broker, journal: journal,
                                   ids: OrderIDs(run: "run", phase: "rollout"), history: [])
        let feed = AlpacaStreamFeed(credentials: credentials, symbols: ["AAPL"], url: stream.url, idleTimeout: 3, connectTimeout: 3)
        var remaining = crashAfter ?? .max
        let runner = LiveRunner(session: live, feed: feed, journal: journal)
        runner.onStep = { _ in remaining -= 1 }
        return try runner.run(interrupted: { remaining <= 0 })
    }

    @Test func streamedBarsBecomeOrdersAndARestartNeverSendsOneTwice() throws {
        let stream = try AlpacaStreamServer(.init(bars: Self.bars, batch: 2))
        defer { stream.stop() }
        let rest = try AlpacaRESTServer()
        defer { rest.stop() }
        let journal = MemoryJournal()
        // first run: stops after two bars (as if the process died there)
        let first = try session(stream: stream, rest: rest, journal: journal, crashAfter: 2)
        #expect(first.timestamps.count == 2)
        #expect(rest.posts.count == 1)
        let post = try #require(JSONSerialization.jsonObject(with: Data(rest.posts[0].body.utf8)) as? [String: String])
        // target: all of the account's equity (103,820.56) at the last close 191, less the 5 held
        #expect(post["symbol"] == "AAPL" && post["side"] == "buy" && post["time_in_force"] == "opg")
        #expect(post["qty"] == "\(Int((103_820.56 / 191).rounded(.down)) - 5)")
        #expect(post["client_order_id"] == OrderIDs(run: "run", phase: "rollout").id(decidedAt: Self.bars[0].timestamp, symbol: "AAPL", sequence: 0))

        // restart: the journal is replayed (the order re-submitted under its id: recognised, not
        // placed), the stream is read again from the start and the journaled bars are skipped
        let second = try session(stream: stream, rest: rest, journal: journal)
        #expect(second.timestamps == Self.bars.map(\.timestamp))
        #expect(rest.posts.count == 1, "no order placed twice")
        #expect(journal.repeats == 1)
        // the replay decided on the accounts the broker reported then, journaled at each step
        let accounts = journal.stored.filter { if case .account = $0 { return true } else { return false } }
        #expect(accounts.count == Self.bars.count)
        #expect(Set(journal.orders.map(\.clientOrderID)).count == journal.orders.count)
    }

    @Test func anOrderBreachingARiskLimitNeverReachesTheBroker() throws {
        let stream = try AlpacaStreamServer(.init(bars: Self.bars, batch: 5))
        defer { stream.stop() }
        let rest = try AlpacaRESTServer()
        defer { rest.stop() }
        var limits = RiskLimits()
        limits.positionLimits = ["AAPL": 0.5]
        limits.source = "test"
        let journal = MemoryJournal()
        let record = try session(stream: stream, rest: rest, journal: journal, limits: limits)
        #expect(rest.posts.isEmpty)
        #expect(journal.orders.isEmpty)
        #expect(record.orders.map(\.disposition) == ["rejected: position limit 50.00% for AAPL (test)"])
        #expect(record.alerts.contains { $0.kind == .riskLimit })
    }
}
