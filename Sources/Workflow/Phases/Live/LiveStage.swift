import Backtest
import Foundation
import Live
import Market
import Metrics
import Reports
import Store
import Strategies

/// One live phase's session (or a candidate and its baseline in shadow mode) set up from the
/// phase's input, config and the run's options, run to its end, and turned into outputs.
struct LiveStage {
    /// The strategy record a live phase receives: a gate's `validated_strategy`, or an earlier
    /// live phase's output (which carries it on).
    struct Handoff {
        var record: JSONValue
        var reference: String
        var strategy: GateStrategy

        init(_ context: PhaseContext, phase: String) throws {
            guard let input = context.inputs.first(where: { $0.artifact.value["strategy"]?.objectValue != nil }) else {
                throw WorkflowError(phase: phase, "no input carries a strategy record (a comprehensive_validation validated_strategy, or a live phase's output)")
            }
            if input.artifact.value["passed"]?.boolValue == false {
                throw WorkflowError(phase: phase, "input \(input.reference.text) did not pass its validation gate; nothing is deployed")
            }
            record = input.artifact.value
            reference = input.reference.text
            strategy = try GateStrategy(json: record["strategy"] ?? .null, source: record["source"]?.stringValue ?? reference)
        }

        var expected: JSONValue? { record["expected"] }
    }

    enum Mode: String {
        case paper, shadow, rollout
    }

    let name: String
    let mode: Mode
    var config: LiveConfig
    var schedule: AllocationSchedule = .full
    var rollback: RollbackRules?
    var enforceLimits = false
    var durationDays: Int?
    var baseline: String?

    /// The session's bars: the traded symbols, history before `start`, the replay range.
    struct Bars {
        var series: [BarSeries]
        var start: Int
    }

    func run(_ context: PhaseContext) throws -> (output: JSONValue, seen: Range<Int>, records: [SessionRecord]) {
        let handoff = try Handoff(context, phase: name)
        let ppy = context.data.periodsPerYear
        let strategy = ResearchLiveStrategy(handoff.strategy, periodsPerYear: ppy)
        let symbols = try strategy.symbols(from: context.data.full)
        let series = context.data.full.filter { symbols.contains($0.symbol) }
        let start = try startIndex(context, handoff: handoff)
        var backtest = config.backtest ?? LiveExpectations.backtestConfig(handoff.record["execution"], base: BacktestConfig())
        let stopLoss = handoff.record["risk_limits"]?["stop_loss"]?.doubleValue.flatMap { $0.isFinite && $0 > 0 && $0 < 1 ? $0 : nil }
        if let stopLoss, config.backtest == nil { backtest.stops.stopLoss = stopLoss }
        if let capital = config.initialCapital { backtest.initialCapital = capital }
        backtest.periodsPerYear = ppy
        let history = series.map { $0.slice(0..<start) }

        var plan = SessionPlan(symbols: symbols, backtest: backtest, periodsPerYear: ppy, start: series[0].timestamps[start],
                               durationSeconds: (durationDays ?? config.durationDays).map { Int64($0) * 86_400 })
        plan.schedule = schedule
        plan.rollback = rollback
        plan.onStop = config.onStop
        plan.monitoring = monitoring(handoff.expected)
        if enforceLimits || config.riskLimits != nil { plan.limits = limits(context, handoff, backtest: backtest) }

        let journal = StoreJournal(store: context.store, run: context.runID, phase: name)
        let broker = try makeBroker(context, backtest: backtest, symbols: symbols, history: history)
        let session = try LiveSession(plan: plan, strategy: strategy, broker: broker, journal: journal,
                                      ids: OrderIDs(run: context.runID, phase: name), history: history)
        var sessions = [session]
        var baselineDescription: String?
        if mode == .shadow {
            let (baselineStrategy, description) = try baselineStrategy(context, ppy: ppy, symbols: symbols)
            baselineDescription = description
            let baselinePhase = name + "#baseline"
            var baselinePlan = plan
            baselinePlan.limits = nil
            let baselineBroker = try PaperBroker(config: backtest, symbols: symbols, periodsPerYear: ppy, history: history)
            sessions.append(try LiveSession(plan: baselinePlan, strategy: baselineStrategy, broker: baselineBroker,
                                            journal: StoreJournal(store: context.store, run: context.runID, phase: baselinePhase),
                                            ids: OrderIDs(run: context.runID, phase: baselinePhase), history: history))
        }
        let phase = name
        for live in sessions {
            live.onAlert = { alert in
                let line = "ALERT \(phase) \(Timestamps.format(alert.time)) \(alert.kind.rawValue): \(alert.message)"
                context.progress.note(line)
                try? context.store.log(run: context.runID, phase: phase, kind: "alert", message: line, at: Date().timeIntervalSince1970)
            }
        }
        let feed = try makeFeed(context, series: series, start: start, symbols: symbols)
        // A paper session on a feed a rerun can read again may commit its steps in groups: a
        // crash loses only bars still in the file (see StoreJournal).
        journal.grouped = feed.isReplayable && !broker.isReal
        let runner = LiveRunner(sessions: sessions, feed: feed, journal: journal)
        let total = plan.durationSeconds.map { duration in
            series[0].timestamps[start...].prefix { $0 < plan.start + duration }.count
        } ?? (series[0].count - start)
        runner.onStep = { session in
            if session.steps % 5 == 0 || session.steps == total {
                context.progress.liveBars(name: phase, done: session.steps, total: max(total, session.steps),
                                          equity: session.record.equity.last ?? .nan)
            }
        }
        context.progress.note("\(name): \(mode.rawValue) session on \(feed.description) with \(broker.description), from \(Timestamps.format(plan.start))"
                              + (plan.durationSeconds.map { " for \($0 / 86_400) days" } ?? ""))
        let records = try runner.run(interrupted: { Interruption.requested != nil }).ending == "terminated"
            ? nil : sessions.map(\.record)
        guard let records else {
            throw Interrupted(signal: Interruption.requested ?? SIGTERM)
        }
        let seen = start..<(start + records[0].timestamps.count)
        var notes: [String] = []
        if let stop = stopLoss, broker.isReal {
            notes.append("risk_limits.stop_loss \(JSONValue.format(stop)) of \(handoff.strategy.source) is enforced by the paper model only: \(broker.description) receives no stop orders")
        }
        let output = LiveOutputs.session(notes: notes,
            mode: mode.rawValue, handoff: handoff, session: session, record: records[0], feed: feed.description,
            broker: broker.description, strategy: strategy.description, tracking: config.performanceTracking)
        guard mode == .shadow else { return (output, seen, records) }
        let comparison = LiveOutputs.comparison(candidate: output, candidateRecord: records[0], baseline: sessions[1],
                                                baselineDescription: baselineDescription ?? "", ppy: ppy,
                                                tracking: config.performanceTracking)
        return (comparison, seen, records)
    }

    /// The first session bar: `start_date`; else after the input's session; else after its research period.
    func startIndex(_ context: PhaseContext, handoff: Handoff) throws -> Int {
        let n = context.data.full.first?.count ?? 0
        let after: String
        let what: String
        if let date = config.startDate {
            guard let index = (0..<n).first(where: { context.data.date($0) >= date }) else {
                throw WorkflowError(phase: name, "start_date \(date) is after the data's last bar \(context.data.date(n - 1))")
            }
            return index
        } else if let end = handoff.record["session"]?["end"]?.stringValue {
            (after, what) = (end, "the session of \(handoff.reference)")
        } else if let end = handoff.record["research_end"]?.stringValue, !end.isEmpty {
            (after, what) = (end, "the research period of \(handoff.reference)")
        } else {
            throw WorkflowError(phase: name, "no start for the session: give start_date, or an input from a validation gate or a live phase")
        }
        guard let index = (0..<n).first(where: { context.data.date($0) > after }) else {
            throw WorkflowError(phase: name, "the data has no bars after \(after) (the end of \(what)); extend data.end_date, or feed live bars (feed: {type: stdin} or alpaca)")
        }
        return index
    }

    private func monitoring(_ expected: JSONValue?) -> MonitoringRules {
        var rules = MonitoringRules()
        rules.realTimeAlerts = config.realTimeAlerts
        rules.performanceTracking = config.performanceTracking
        rules.deviationAlerts = config.deviationAlerts
        rules.expectedMean = expected?["mean_return"]?.doubleValue ?? .nan
        rules.expectedStd = expected?["std_return"]?.doubleValue ?? .nan
        if let z = config.driftZ { rules.driftZ = z }
        if let te = config.trackingErrorAlert { rules.trackingErrorAlert = te }
        // Default: a drawdown deeper than validation ever saw.
        rules.drawdownAlert = config.drawdownAlert ?? expected?["max_drawdown"]?.doubleValue ?? .nan
        return rules
    }

    /// Config limits; else a `risk_recommendations` input's (per-symbol `max_weight`,
    /// `max_leverage`, `risk_budget.daily_loss`); else the strategy record's (`risk_limits` of its
    /// configuration file) with the validated execution's leverage cap and 2 × validation's worst
    /// bar loss.
    private func limits(_ context: PhaseContext, _ handoff: Handoff, backtest: BacktestConfig) -> RiskLimits {
        if let configured = config.riskLimits { return configured }
        if let input = context.inputs.first(where: { $0.artifact.value["position_limits"]?.arrayValue != nil }) {
            let value = input.artifact.value
            var limits = RiskLimits()
            for row in value["position_limits"]?.arrayValue ?? [] {
                if let symbol = row["symbol"]?.stringValue, let weight = row["max_weight"]?.doubleValue, weight.isFinite {
                    limits.positionLimits[symbol] = weight
                }
            }
            limits.maxLeverage = value["max_leverage"]?.doubleValue.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
            limits.maxDailyLoss = value["risk_budget"]?["daily_loss"]?.doubleValue.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
            limits.source = "risk recommendations \(input.reference.text)"
            return limits
        }
        var limits = RiskLimits()
        let record = handoff.record["risk_limits"]
        if let positions = record?["position_limits"]?.objectValue {
            for (symbol, value) in positions { if let share = value.doubleValue, share.isFinite { limits.positionLimits[symbol] = share } }
        }
        limits.maxLeverage = record?["max_leverage"]?.doubleValue.flatMap { $0.isFinite ? $0 : nil } ?? backtest.maxLeverage
        if let worst = handoff.expected?["worst_bar_loss"]?.doubleValue, worst.isFinite, worst > 0 {
            limits.maxDailyLoss = min(0.99, 2 * worst)
        }
        limits.source = record?.objectValue == nil ? "validated execution (leverage cap), 2 × validation's worst bar loss"
            : "risk_limits of \(handoff.strategy.source)"
        return limits
    }

    private func makeFeed(_ context: PhaseContext, series: [BarSeries], start: Int, symbols: [String]) throws -> BarFeed {
        switch config.feed {
        case .replay:
            let speed = context.live.speed ?? config.clockSpeed ?? (config.realTime ? 1 : .infinity)
            return ReplayFeed(series: series, range: start..<series[0].count, clock: FeedClock(speed: speed), name: "the workflow's bars")
        case .stdin:
            return JSONLinesFeed()
        case .connector(let type, let settings):
            guard let factory = context.live.connectors, factory.feedTypes.contains(type) else {
                throw WorkflowError(phase: name, "feed \(type) is not available in this build (no network connectors wired)")
            }
            return try factory.feed(type: type, settings: settings, symbols: symbols)
        }
    }

    private func makeBroker(_ context: PhaseContext, backtest: BacktestConfig, symbols: [String], history: [BarSeries]) throws -> Broker {
        guard config.brokerType != "paper", !config.paperOnly else {
            return try PaperBroker(config: backtest, symbols: symbols, periodsPerYear: backtest.periodsPerYear ?? 252, history: history)
        }
        guard let factory = context.live.connectors, factory.brokerTypes.contains(config.brokerType) else {
            throw WorkflowError(phase: name, "broker \(config.brokerType) is not available in this build (no network connectors wired)")
        }
        return try factory.broker(type: config.brokerType, settings: config.brokerSettings)
    }

    /// `comparison_baseline`: a production configuration file, a registered strategy name (its
    /// defaults), or `current_production_strategy` — the strategy of the newest completed
    /// `live_trading` phase in this store, else buy and hold.
    private func baselineStrategy(_ context: PhaseContext, ppy: Double, symbols: [String]) throws -> (LiveStrategy, String) {
        let name = baseline ?? "current_production_strategy"
        if FileManager.default.isReadableFile(atPath: name) {
            let strategy = try GateStrategy.fromFile(name, phase: self.name)
            return (ResearchLiveStrategy(strategy, periodsPerYear: ppy), "configuration file \(name)")
        }
        if name == "current_production_strategy" || name == "current_production" {
            if let deployed = try context.store.latestArtifact(phaseType: LiveTradingPhase.typeName, name: "rollout_report",
                                                               excluding: context.runID),
               let json = try? JSONValue.parse(deployed.json), let record = json["strategy"] {
                let strategy = try GateStrategy(json: record, source: "run \(deployed.run) phase \(deployed.phase)")
                return (ResearchLiveStrategy(strategy, periodsPerYear: ppy), "current production: \(deployed.phase) of run \(deployed.run)")
            }
            return (BuyAndHoldStrategy(), "buy and hold of \(symbols.joined(separator: ", ")) (no live_trading deployment in this store yet)")
        }
        let strategy = GateStrategy(kind: .single(StrategySelection(strategy: name, parameters: ParameterSet([:]))), source: "strategy \(name)")
        return (ResearchLiveStrategy(strategy, periodsPerYear: ppy), "strategy \(name) with its default parameters")
    }
}
