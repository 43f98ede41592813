import Analysis
import Backtest
import Live
import Market
import Metrics
import Reports

/// The JSON of live phases' outputs. Every output carries the strategy record on (`strategy`,
/// `source`, `execution`, `risk_limits`, `expected`, `research_end`) so the next stage can
/// trade it, plus `session.end`, after which the next stage begins.
enum LiveOutputs {
    static let passedOn = ["strategy", "source", "execution", "risk_limits", "expected", "research_end"]

    static func session(notes: [String] = [], mode: String, handoff: LiveStage.Handoff, session: LiveSession, record: SessionRecord, feed: String,
                        broker: String, strategy: String, tracking: Bool) -> JSONValue {
        let ppy = session.plan.periodsPerYear
        let live = SessionRecord.returns(record.equity)
        let expected = SessionRecord.returns(record.expectedEquity)
        let differences = zip(live, expected).map { $0 - $1 }
        let trackingError = differences.count > 1 ? SampleMoments.standardDeviation(differences) * ppy.squareRoot() : .nan
        var pairs: [(String, JSONValue)] = [("mode", .string(mode))]
        for key in passedOn { pairs.append((key, handoff.record[key] ?? .null)) }
        pairs.append(("input", .string(handoff.reference)))
        pairs += [
            ("traded", .string(strategy)),
            ("feed", .string(feed)), ("broker", .string(broker)),
            ("session", .object([
                ("start", record.timestamps.first.map { .string(Timestamps.format($0)) } ?? .null),
                ("end", record.timestamps.last.map { .string(Timestamps.format($0)) } ?? .null),
                ("bars", .integer(record.timestamps.count)), ("ending", .string(record.ending)),
                ("duration_days", session.plan.durationSeconds.map { .integer(Int($0 / 86_400)) } ?? .null),
                ("symbols", .array(session.plan.symbols.map { .string($0) })),
            ])),
            // The paper broker's account is a backtest of the session: its summary adds the trade
            // statistics, exposure and turnover to the return statistics.
            ("performance", (session.broker as? PaperBroker).map { MetricsJSON.summary($0.paper.result().summary) } ?? summary(live, ppy: ppy)),
            ("expected_performance", MetricsJSON.summary(session.expectedResult.summary)),
            ("deviation", .object([
                ("tracking_error", .number(trackingError)),
                ("final_equity", .number(record.equity.last ?? .nan)),
                ("expected_final_equity", .number(record.expectedEquity.last ?? .nan)),
                ("drift_z", .number(drift(live, allocation: record.allocation, expected: handoff.expected))),
            ])),
            ("allocation", .object([
                ("final", .number(record.allocation.last ?? 0)),
                ("changes", .array(record.changes.map { change in
                    .object([("time", .string(Timestamps.format(change.time))), ("step", .integer(change.step)),
                             ("kind", .string(change.kind)), ("stage", .string(change.stage)),
                             ("from", .number(change.from)), ("to", .number(change.to)), ("reason", .string(change.reason))])
                })),
            ])),
            ("risk_limits_enforced", session.plan.limits.map { limits in
                .object([("source", .string(limits.source)),
                         ("position_limits", .object(limits.positionLimits.keys.sorted().map { ($0, .number(limits.positionLimits[$0] ?? .nan)) })),
                         ("max_leverage", .number(limits.maxLeverage)), ("max_daily_loss", .number(limits.maxDailyLoss))])
            } ?? .null),
            ("rollback_rules", session.plan.rollback.map { rules in
                .object([("max_drawdown", .number(rules.maxDrawdown)), ("max_bar_loss", .number(rules.maxBarLoss)),
                         ("max_tracking_error", .number(rules.maxTrackingError)), ("to_zero", .bool(rules.toZero))])
            } ?? .null),
            ("alerts", .array(record.alerts.map { alert in
                .object([("time", .string(Timestamps.format(alert.time))), ("kind", .string(alert.kind.rawValue)),
                         ("message", .string(alert.message)), ("value", .number(alert.value)), ("threshold", .number(alert.threshold))])
            })),
            ("orders", orders(record)),
            ("commands", .array(record.commands.map { .object([("command", .string($0.command.rawValue)), ("after_step", .integer($0.step))]) })),
            ("notes", .array(notes.map { .string($0) })),
            ("dropped_steps", .array(record.dropped.map { .object([("time", .string(Timestamps.format($0.timestamp))), ("reason", .string($0.reason))]) })),
        ]
        if tracking { pairs.append(("equity", path(record))) }
        return .object(pairs)
    }

    /// Shadow mode: the candidate's session output with the baseline beside it and the comparison.
    static func comparison(candidate: JSONValue, candidateRecord: SessionRecord, baseline session: LiveSession,
                           baselineDescription: String, ppy: Double, tracking: Bool) -> JSONValue {
        let baseline = session.record
        let a = SessionRecord.returns(candidateRecord.equity)
        let b = SessionRecord.returns(baseline.equity)
        let sa = PerformanceSummary(returns: a, periodsPerYear: ppy)
        let sb = PerformanceSummary(returns: b, periodsPerYear: ppy)
        let differences = zip(a, b).map { $0 - $1 }
        let correlation = a.count > 2 ? Correlation.pearson(a, b) : .nan
        var pairs = candidate.objectValue ?? []
        pairs.append(("baseline", .object([
            ("description", .string(baselineDescription)),
            ("performance", (session.broker as? PaperBroker).map { MetricsJSON.summary($0.paper.result().summary) } ?? MetricsJSON.summary(sb)),
            ("final_equity", .number(baseline.equity.last ?? .nan)),
            ("orders", orders(baseline)),
        ] + (tracking ? [("equity", .array(baseline.equity.map { .number($0) }))] : []))))
        pairs.append(("comparison", .object([
            ("return_difference", .number(sa.totalReturn - sb.totalReturn)),
            ("sharpe_difference", .number(sa.sharpeRatio - sb.sharpeRatio)),
            ("max_drawdown_difference", .number(sa.maxDrawdown - sb.maxDrawdown)),
            ("return_correlation", .number(correlation)),
            ("tracking_error_vs_baseline", .number(differences.count > 1 ? SampleMoments.standardDeviation(differences) * ppy.squareRoot() : .nan)),
            ("candidate_better_sharpe", .bool(sa.sharpeRatio > sb.sharpeRatio)),
        ])))
        return .object(pairs)
    }

    static func summary(_ returns: [Double], ppy: Double) -> JSONValue {
        MetricsJSON.summary(PerformanceSummary(returns: returns, periodsPerYear: ppy))
    }

    /// The drift statistic at the session's end (NaN without validation statistics).
    static func drift(_ returns: [Double], allocation: [Double], expected: JSONValue?) -> Double {
        guard let mean = expected?["mean_return"]?.doubleValue, let sd = expected?["std_return"]?.doubleValue, sd > 0 else { return .nan }
        var scaled: [Double] = []
        for (k, r) in returns.enumerated() where k < allocation.count && allocation[k] > 0 { scaled.append(r / allocation[k]) }
        guard !scaled.isEmpty else { return .nan }
        return (SampleMoments.mean(scaled) - mean) / (sd / Double(scaled.count).squareRoot())
    }

    static func orders(_ record: SessionRecord) -> JSONValue {
        let sent = record.orders.filter { $0.disposition == "sent" }
        return .object([
            ("sent", .integer(sent.count)),
            ("filled", .integer(sent.filter { $0.state == .filled && $0.filledQuantity != 0 }.count)),
            ("rejected", .integer(record.orders.count - sent.count)),
            ("list", .array(record.orders.map { order in
                .object([("client_order_id", .string(order.request.clientOrderID)), ("symbol", .string(order.request.symbol)),
                         ("decided", .string(Timestamps.format(order.request.decidedAt))), ("reason", .string(order.request.reason)),
                         ("target_weight", .number(order.request.targetWeight)), ("disposition", .string(order.disposition)),
                         ("state", order.state.map { .string($0.rawValue) } ?? .null),
                         ("filled_quantity", .number(order.filledQuantity)), ("fill_price", .number(order.fillPrice))])
            })),
        ])
    }

    static func path(_ record: SessionRecord) -> JSONValue {
        .object([
            ("dates", .array(record.timestamps.map { .string(Timestamps.format($0)) })),
            ("live", .array(record.equity.map { .number($0) })),
            ("expected", .array(record.expectedEquity.map { .number($0) })),
            ("allocation", .array(record.allocation.map { .number($0) })),
        ])
    }
}
