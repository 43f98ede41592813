import Backtest
import Market
import Metrics

/// One live session's decisions, step by step: the strategy's signal at each bar turned into
/// orders exactly as the backtester turns it (``Backtest/Sizing``), scaled by the rollout's
/// allocation, checked against the risk limits, sent to the broker; then monitoring, alerts and
/// automatic rollback.
///
/// Per step (all symbols' bars at one timestamp; fills at the next open):
/// 1. the broker sees the bar open (a paper broker fills the orders due) and close (marks);
/// 2. equity, drawdown from the session peak, the bar's loss, tracking error against the
///    expected path and drift against validation are measured; thresholds raise alerts;
/// 3. rollback rules: a breach steps the allocation back (or to zero) and freezes it;
///    `maxDailyLoss` halts new exposure;
/// 4. the rollout stage in force for this bar's time since the first bar sets the allocation;
/// 5. the strategy's signals at this bar: a changed signal is sized as the engine sizes it,
///    and a changed signal or allocation becomes an order for `weight × allocation` at the next
///    open, unless a risk limit refuses it (logged, never sent).
///
/// The expected path runs the same decisions at the allocation in force on a paper account with
/// the backtester's model and no risk limits: with the paper broker the live and expected paths
/// are the same numbers unless a limit refused an order (at full allocation both equal the
/// backtest: the paper-equals-backtest test); with a real broker their difference is the
/// execution's.
public final class LiveSession {
    public let plan: SessionPlan
    public let strategy: LiveStrategy
    /// The strategy's decision state, fed every bar (history, then each step).
    private let decisions: LiveDecisions
    public let broker: Broker
    let journal: SessionJournal
    let ids: OrderIDs
    let sizing: Sizing
    public private(set) var history: [BarSeries]
    private var expected: PaperAccount
    private var lastSignal: [Double]
    private var baseWeight: [Double]
    private var sentWeight: [Double]
    public private(set) var stage = -1
    public private(set) var allocation = 0.0
    private var frozen = false
    private var halted = false
    private var firstTimestamp: Int64?
    /// The strategy's own path: the account's returns over the allocation in force, compounded
    /// (drawdowns and bar losses are judged on it, so a 10 % rollout is held to the same limits).
    private var strategyEquity = 1.0
    private var peak = 1.0
    /// Live minus expected returns, and the strategy's own returns (Welford moments).
    private var tracking = ReturnAccumulator()
    private var strategyReturns = ReturnAccumulator()
    private var armed: Set<LiveAlert.Kind> = Set(LiveAlert.Kind.allCases)
    public internal(set) var record = SessionRecord()
    /// True while the journal is replayed after a restart: decisions are remade (and orders
    /// re-submitted under the same ids) but alerts are not announced again.
    public var recovering = false
    /// Called for each new alert (outside recovery).
    public var onAlert: ((LiveAlert) -> Void)?
    /// Accounts a real broker reported at each step, from the journal (recovery).
    var journaledAccounts: [Int: BrokerAccount] = [:]

    public init(plan: SessionPlan, strategy: LiveStrategy, broker: Broker, journal: SessionJournal, ids: OrderIDs,
                history: [BarSeries]) throws {
        guard plan.backtest.fill == .nextOpen else {
            throw LiveError("live sessions trade at the next open (fill: next_open)",
                            hint: "filling at the close of the bar that decided is a backtest assumption a live feed cannot meet")
        }
        guard history.isEmpty || history.map(\.symbol) == plan.symbols else {
            throw LiveError("history symbols \(history.map(\.symbol)) differ from the session's \(plan.symbols)")
        }
        self.plan = plan
        self.strategy = strategy
        self.broker = broker
        self.journal = journal
        self.ids = ids
        sizing = Sizing(config: plan.backtest, symbols: plan.symbols.count, periodsPerYear: plan.periodsPerYear)
        self.history = history.isEmpty
            ? plan.symbols.map { BarSeries(symbol: $0, timestamps: [], open: [], high: [], low: [], close: [], volume: []) }
            : history
        expected = try PaperAccount(config: plan.backtest, symbols: plan.symbols, periodsPerYear: plan.periodsPerYear,
                                    history: history)
        decisions = try strategy.start(symbols: plan.symbols)
        // The warm-up: the strategy's state at the last bar before the session.
        for t in 0..<(history.first?.count ?? 0) {
            _ = try decisions.next(history.map {
                LiveBar(symbol: $0.symbol, timestamp: $0.timestamps[t], open: $0.open[t], high: $0.high[t], low: $0.low[t],
                        close: $0.close[t], volume: $0.volume[t])
            })
        }
        let k = plan.symbols.count
        lastSignal = [Double](repeating: 0, count: k)
        baseWeight = lastSignal
        sentWeight = lastSignal
    }

    /// Steps processed.
    public var steps: Int { record.timestamps.count }

    /// Whether `timestamp` falls after the session's duration.
    public func isPastEnd(_ timestamp: Int64) -> Bool {
        guard let duration = plan.durationSeconds else { return false }
        return timestamp >= (firstTimestamp ?? max(plan.start, timestamp)) + duration
    }

    /// Processes one step (see the type's documentation).
    public func process(_ step: MarketStep) throws {
        guard step.bars.map(\.symbol) == plan.symbols else {
            throw LiveError("step at \(step.timestamp) has symbols \(step.bars.map(\.symbol)), expected \(plan.symbols)")
        }
        if firstTimestamp == nil { firstTimestamp = step.timestamp }
        append(step)
        try broker.marketOpened(step)
        try broker.marketClosed(step)
        expected.open(timestamp: step.timestamp, open: step.bars.map(\.open), high: step.bars.map(\.high),
                      low: step.bars.map(\.low), close: step.bars.map(\.close), volume: step.bars.map(\.volume))
        expected.close()
        try settleOrders()
        let account: BrokerAccount
        if recovering, let seen = journaledAccounts[steps] {
            account = seen
        } else {
            account = try broker.account()
            // A real account changes outside the session: what it was is journaled for replays.
            if broker.isReal { try journal.append(.account(account, step: steps)) }
        }
        record.timestamps.append(step.timestamp)
        record.equity.append(account.equity)
        record.expectedEquity.append(expected.lastEquity)
        for symbol in step.carried {
            raise(.missingBar, at: step.timestamp, "no bar for \(symbol): carried forward from its previous close")
        }
        monitor(at: step.timestamp)
        try decide(step, equity: account.equity, account: account)
        record.allocation.append(allocation)
        try publish(state: "running")
    }

    /// Applies an operator command or termination after the current step.
    public func apply(_ command: OperatorCommand) throws {
        record.commands.append((command, steps))
        guard command == .flatten, let t = record.timestamps.last else { return }
        let account = try broker.account()
        for i in plan.symbols.indices where sentWeight[i] != 0 || account.quantity(of: plan.symbols[i]) != 0 {
            try send(symbol: i, weight: 0, at: t, equity: account.equity, account: account, reason: "flatten", sequence: 9)
        }
        baseWeight = baseWeight.map { _ in 0 }
        lastSignal = lastSignal.map { _ in 0 }
    }

    /// Publishes the status `admf live status` shows.
    public func publish(state: String) throws {
        guard !recovering else { return }
        try journal.publish(state: state) {
            let account = try broker.account()
            return SessionStatus(
                state: state, steps: steps, lastBar: record.timestamps.last, equity: account.equity, allocation: allocation,
                stage: stage >= 0 ? plan.schedule.stages[stage].label : "-", positions: account.positions,
                openOrders: try broker.openOrders().count, alerts: record.alerts.count, lastAlert: record.alerts.last?.message)
        }
    }

    /// The expected path's backtest result (the paper account at the allocation in force, no limits).
    public var expectedResult: BacktestResult { expected.result() }

    // MARK: Steps

    private func append(_ step: MarketStep) {
        for (i, bar) in step.bars.enumerated() {
            history[i].timestamps.append(bar.timestamp)
            history[i].open.append(bar.open)
            history[i].high.append(bar.high)
            history[i].low.append(bar.low)
            history[i].close.append(bar.close)
            history[i].volume.append(bar.volume)
        }
    }

    private func settleOrders() throws {
        for k in record.orders.indices where record.orders[k].disposition == "sent" && record.orders[k].state == .accepted {
            guard let status = try broker.order(clientOrderID: record.orders[k].request.clientOrderID) else { continue }
            record.orders[k].state = status.state
            record.orders[k].filledQuantity = status.filledQuantity
            record.orders[k].fillPrice = status.fillPrice
        }
    }

    private func monitor(at t: Int64) {
        let equity = record.equity
        let n = equity.count
        let rules = plan.monitoring
        let live = n > 1 && equity[n - 2] > 0 ? equity[n - 1] / equity[n - 2] - 1 : 0
        let inForce = record.allocation.last ?? 0
        let strategyReturn = inForce > 0 ? live / inForce : 0
        strategyEquity *= 1 + strategyReturn
        peak = max(peak, strategyEquity)
        let drawdown = peak > 0 ? max(0, 1 - strategyEquity / peak) : 0
        if rules.drawdownAlert.isFinite {
            check(.drawdown, at: t, value: drawdown, threshold: rules.drawdownAlert,
                  "drawdown \(percent(drawdown)) beyond the alert level \(percent(rules.drawdownAlert))")
        }
        guard n > 1 else { return }
        let e = record.expectedEquity
        let plannedReturn = e[n - 2] > 0 ? e[n - 1] / e[n - 2] - 1 : 0
        tracking.add(live - plannedReturn)
        let trackingError = tracking.variance.squareRoot() * plan.periodsPerYear.squareRoot()
        if inForce > 0 { strategyReturns.add(strategyReturn) }
        if rules.deviationAlerts {
            if tracking.count >= 2 {
                check(.trackingError, at: t, value: trackingError, threshold: rules.trackingErrorAlert,
                      "tracking error \(percent(trackingError)) a year against the expected path (alert at \(percent(rules.trackingErrorAlert)))")
            }
            if rules.expectedStd.isFinite, rules.expectedStd > 0, strategyReturns.count >= rules.minBars {
                let z = (strategyReturns.mean - rules.expectedMean) / (rules.expectedStd / Double(strategyReturns.count).squareRoot())
                check(.drift, at: t, value: abs(z), threshold: rules.driftZ,
                      "mean return drifts from validation: z = \(String(format: "%.2f", z)) over \(strategyReturns.count) bars (alert at |z| > \(rules.driftZ))")
            }
        }
        // Safety: automatic rollback and the daily loss halt.
        var breaches: [String] = []
        if let rules = plan.rollback {
            if let limit = rules.maxDrawdown, drawdown > limit {
                breaches.append("drawdown \(percent(drawdown)) > \(percent(limit))")
            }
            if let limit = rules.maxBarLoss, -strategyReturn > limit {
                breaches.append("bar loss \(percent(-strategyReturn)) > \(percent(limit))")
            }
            if let limit = rules.maxTrackingError, tracking.count >= 2, trackingError > limit {
                breaches.append("tracking error \(percent(trackingError)) > \(percent(limit))")
            }
        }
        if !breaches.isEmpty, allocation > 0 { rollback(at: t, reason: breaches.joined(separator: "; ")) }
        if let limit = plan.limits?.maxDailyLoss, -live > limit, !halted {
            halted = true
            raise(.dailyLossHalt, at: t, "bar loss \(percent(-live)) beyond the daily loss limit \(percent(limit)): new exposure halted for the session",
                  value: -live, threshold: limit)
        }
    }

    private func rollback(at t: Int64, reason: String) {
        let from = allocation
        let toZero = plan.rollback?.toZero == true || stage <= 0
        let target = toZero ? 0 : plan.schedule.stages[stage - 1].allocation
        if !toZero { stage -= 1 }
        allocation = target
        frozen = true
        // The reduced allocation is judged afresh: drawdown from here, tracking from here.
        peak = strategyEquity
        tracking = ReturnAccumulator()
        let label = toZero ? "flat" : plan.schedule.stages[stage].label
        record.changes.append(AllocationChange(time: t, step: steps - 1, stage: label, from: from, to: target,
                                               kind: "rollback", reason: reason))
        raise(.rollback, at: t, "rollback \(percent(from)) → \(percent(target))\(toZero ? " (positions flattened)" : ""): \(reason)",
              value: target, threshold: from)
    }

    private func decide(_ step: MarketStep, equity: Double, account: BrokerAccount) throws {
        let t = step.timestamp
        let elapsed = t - (firstTimestamp ?? t)
        let scheduled = plan.schedule.stage(at: elapsed)
        var allocationChanged = false
        if !frozen, scheduled != stage {
            let from = allocation
            stage = scheduled
            allocation = plan.schedule.stages[stage].allocation
            allocationChanged = from != allocation
            record.changes.append(AllocationChange(time: t, step: steps - 1, stage: plan.schedule.stages[stage].label, from: from,
                                                   to: allocation, kind: "rollout", reason: "schedule"))
        } else if let last = record.changes.last, last.kind == "rollback", last.step == steps - 1 {
            allocationChanged = true
        }
        let signals = try decisions.next(step.bars)
        guard signals.count == plan.symbols.count else {
            throw LiveError("the strategy gave \(signals.count) signals for \(plan.symbols.count) symbols")
        }
        let last = history[0].count - 1
        for i in plan.symbols.indices {
            let s = sizing.clean(signals[i])
            let signalChanged = s != lastSignal[i]
            if signalChanged {
                lastSignal[i] = s
                baseWeight[i] = sizing.weight(signal: s, symbol: i, closes: history[i].close, at: last)
            }
            // A change of allocation re-targets what is held or on its way — not a position a
            // protective stop closed (the engine re-enters only on a new signal).
            let holding = try allocationChanged && (baseWeight[i] != 0 || sentWeight[i] != 0)
                && (account.quantity(of: plan.symbols[i]) != 0 || pendingSymbols().contains(plan.symbols[i]))
            if signalChanged || holding {
                expected.submit(symbol: i, weight: baseWeight[i] * allocation, id: "expected")
                try send(symbol: i, weight: baseWeight[i] * allocation, at: t, equity: equity, account: account,
                         reason: signalChanged ? "signal" : record.changes.last?.kind ?? "rollout", sequence: 0)
            }
        }
    }

    /// The symbols with an order open at the broker.
    private func pendingSymbols() throws -> Set<String> {
        Set(try broker.openOrders().map(\.symbol))
    }

    /// Checks one order against the limits and sends it (or records its rejection).
    private func send(symbol i: Int, weight: Double, at t: Int64, equity: Double, account: BrokerAccount, reason: String,
                      sequence: Int) throws {
        let symbol = plan.symbols[i]
        let price = history[i].close[history[i].count - 1]
        let held = account.quantity(of: symbol)
        let quantity = equity > 0 && price > 0 ? weight * equity / price - held : -held
        let request = OrderRequest(clientOrderID: ids.id(decidedAt: t, symbol: symbol, sequence: sequence), symbol: symbol,
                                   targetWeight: weight, quantity: quantity, referencePrice: price, timing: .nextOpen,
                                   decidedAt: t, reason: reason)
        if let refusal = refusal(symbol: i, weight: weight) {
            record.orders.append(SessionOrder(request: request, disposition: "rejected: \(refusal)", state: nil, filledQuantity: 0,
                                              fillPrice: .nan))
            raise(.riskLimit, at: t, "order \(symbol) to \(percent(weight)) of equity rejected, not sent: \(refusal)", value: weight)
            return
        }
        _ = try journal.recordOrder(request)
        let status = try broker.submit(request)
        sentWeight[i] = weight
        record.orders.append(SessionOrder(request: request, disposition: "sent", state: status.state,
                                          filledQuantity: status.filledQuantity, fillPrice: status.fillPrice))
    }

    /// Why a risk limit refuses an order to `weight` for symbol `i` (orders that only reduce
    /// exposure always pass).
    private func refusal(symbol i: Int, weight: Double) -> String? {
        guard let limits = plan.limits, abs(weight) > abs(sentWeight[i]) || (weight != 0 && (weight > 0) != (sentWeight[i] > 0)) else {
            return nil
        }
        if halted { return "new exposure halted after a bar lost more than the daily loss limit" }
        if let cap = limits.positionLimits[plan.symbols[i]], abs(weight) > cap * (1 + 1e-12) {
            return "position limit \(percent(cap)) for \(plan.symbols[i]) (\(limits.source))"
        }
        if let cap = limits.maxLeverage {
            var gross = abs(weight)
            for j in plan.symbols.indices where j != i { gross += abs(sentWeight[j]) }
            if gross > cap * (1 + 1e-12) { return "gross exposure \(percent(gross)) over the leverage limit \(percent(cap)) (\(limits.source))" }
        }
        return nil
    }

    // MARK: Alerts

    private func check(_ kind: LiveAlert.Kind, at t: Int64, value: Double, threshold: Double, _ message: @autoclosure () -> String) {
        if value > threshold {
            guard armed.contains(kind) else { return }
            armed.remove(kind)
            raise(kind, at: t, message(), value: value, threshold: threshold)
        } else {
            armed.insert(kind)  // back within: the next crossing alerts again
        }
    }

    private func raise(_ kind: LiveAlert.Kind, at t: Int64, _ message: String, value: Double = .nan, threshold: Double = .nan) {
        let alert = LiveAlert(time: t, kind: kind, message: message, value: value, threshold: threshold)
        record.alerts.append(alert)
        if !recovering, plan.monitoring.realTimeAlerts { onAlert?(alert) }
    }

    private func percent(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }
}
