import Foundation
import Live
import Market
import Reports
import Store

/// The run store as a live session's journal (tables of schema `v4-live`): every record one
/// SQLite transaction, committed before the session acts on it (but see grouped steps).
///
/// **Grouped steps.** A paper session replaying the workflow's bars (``grouped``) commits its
/// step records in groups (at most ``groupSteps`` steps or ``groupSeconds`` apart), and always
/// before an order, a command or a final status. What a crash loses is then only bars that are
/// still in the file, decided by nobody outside the process: the restarted session replays the
/// committed steps, its feed resumes after the last of them, and it reaches the same state. A
/// session with a real broker or a live feed (standard input, a WebSocket) commits every step.
/// A `running` status after a `running` one is published at most every ``statusSeconds``,
/// every other status at once; operator commands are looked up at most every
/// ``commandSeconds`` (between bars, as always).
///
/// Step payloads: `{"t": epoch seconds, "bars": [[symbol, o, h, l, c, v], …], "carried": […]}`,
/// numbers written in their shortest round-trip form so a replayed step is bit for bit the
/// original.
final class StoreJournal: SessionJournal {
    let store: RunStore
    let run: String
    let phase: String
    private var pendingSequence: Int64?
    /// Step records may be committed in groups (see the type's documentation).
    var grouped = false
    static let groupSteps = 1_000
    static let groupSeconds = 0.25
    static let statusSeconds = 0.2
    static let commandSeconds = 0.05
    private var lastCommandCheck: Date?
    private var pendingSteps: [String] = []
    private var lastCommit = Date()
    private var lastStatus: Date?
    private var lastState: String?

    init(store: RunStore, run: String, phase: String) {
        self.store = store
        self.run = run
        self.phase = phase
    }

    func records() throws -> [JournalRecord] {
        try flush()
        return try store.liveRecords(run: run, phase: phase).map { record in
            let json = try JSONValue.parse(record.payload)
            switch record.kind {
            case "step": return .step(try Self.step(json))
            case "account":
                guard let step = json["step"]?.doubleValue.flatMap(wholeNumber), let cash = json["cash"]?.doubleValue,
                      let equity = json["equity"]?.doubleValue else {
                    throw WorkflowError(phase: phase, "the live journal holds an unreadable account record")
                }
                let positions = (json["positions"]?.objectValue ?? []).map { (symbol: $0.0, quantity: $0.1.doubleValue ?? 0) }
                return .account(BrokerAccount(cash: cash, equity: equity, positions: positions), step: step)
            default:
                guard let command = OperatorCommand(rawValue: record.kind), let after = json["after_step"]?.doubleValue,
                      let step = wholeNumber(after) else {
                    throw WorkflowError(phase: phase, "the live journal holds an unreadable record '\(record.kind)'")
                }
                return .command(command, afterStep: step)
            }
        }
    }

    /// Commits the grouped step records not yet written.
    func flush() throws {
        guard !pendingSteps.isEmpty else { return }
        try store.appendLiveRecords(run: run, phase: phase, kind: "step", payloads: pendingSteps)
        pendingSteps.removeAll(keepingCapacity: true)
        lastCommit = Date()
    }

    func append(_ record: JournalRecord) throws {
        if case .step(let step) = record, grouped {
            pendingSteps.append(Self.json(step).serialized())
            if pendingSteps.count >= Self.groupSteps || Date().timeIntervalSince(lastCommit) >= Self.groupSeconds { try flush() }
            return
        }
        try flush()
        switch record {
        case .step(let step):
            try store.appendLiveRecord(run: run, phase: phase, kind: "step", payload: Self.json(step).serialized())
        case .command(let command, let after):
            try store.appendLiveRecord(run: run, phase: phase, kind: command.rawValue,
                                       payload: JSONValue.object([("after_step", .integer(after))]).serialized())
        case .account(let account, let step):
            try store.appendLiveRecord(run: run, phase: phase, kind: "account", payload: JSONValue.object([
                ("step", .integer(step)), ("cash", .number(account.cash)), ("equity", .number(account.equity)),
                ("positions", .object(account.positions.map { ($0.symbol, .number($0.quantity)) })),
            ]).serialized())
        }
    }

    func recordOrder(_ order: OrderRequest) throws -> Bool {
        try flush()
        return try store.recordLiveOrder(run: run, phase: phase, clientID: order.clientOrderID, payload: Self.json(order).serialized())
    }

    func pendingCommand() throws -> OperatorCommand? {
        // Asked between every two bars: the store is read at most every `commandSeconds`.
        let now = Date()
        if let last = lastCommandCheck, now.timeIntervalSince(last) < Self.commandSeconds { return nil }
        lastCommandCheck = now
        guard let (sequence, text) = try store.pendingLiveCommand(run: run, phase: phase) else { return nil }
        guard let command = OperatorCommand(rawValue: text) else {
            try store.markLiveCommandApplied(sequence: sequence, step: -1)
            return nil
        }
        pendingSequence = sequence
        return command
    }

    func acknowledge(_ command: OperatorCommand, atStep step: Int) throws {
        guard let sequence = pendingSequence else { return }
        try store.markLiveCommandApplied(sequence: sequence, step: step)
        pendingSequence = nil
    }

    func publish(state: String, _ make: () throws -> SessionStatus) throws {
        let now = Date()
        if state == "running", lastState == "running", let last = lastStatus, now.timeIntervalSince(last) < Self.statusSeconds {
            return
        }
        lastStatus = now
        lastState = state
        try flush()
        let status = try make()
        let json = JSONValue.object([
            ("state", .string(status.state)), ("steps", .integer(status.steps)),
            ("last_bar", status.lastBar.map { .string(Timestamps.format($0)) } ?? .null),
            ("equity", .number(status.equity)), ("allocation", .number(status.allocation)), ("stage", .string(status.stage)),
            ("positions", .object(status.positions.map { ($0.symbol, .number($0.quantity)) })),
            ("open_orders", .integer(status.openOrders)), ("alerts", .integer(status.alerts)),
            ("last_alert", status.lastAlert.map { .string($0) } ?? .null),
        ])
        try store.publishLiveStatus(run: run, phase: phase, json: json.serialized(), at: Date().timeIntervalSince1970)
    }

    // MARK: Payloads

    static func json(_ step: MarketStep) -> JSONValue {
        .object([
            ("t", .number(Double(step.timestamp))),
            ("bars", .array(step.bars.map { bar in
                .array([.string(bar.symbol), .number(bar.open), .number(bar.high), .number(bar.low), .number(bar.close),
                        .number(bar.volume)])
            })),
            ("carried", .array(step.carried.map { .string($0) })),
        ])
    }

    static func step(_ json: JSONValue) throws -> MarketStep {
        guard let t = json["t"]?.doubleValue, let timestamp = Int64(exactly: t), let rows = json["bars"]?.arrayValue else {
            throw WorkflowError("the live journal holds an unreadable step")
        }
        let bars = try rows.map { row -> LiveBar in
            guard let cells = row.arrayValue, cells.count == 6, let symbol = cells[0].stringValue else {
                throw WorkflowError("the live journal holds an unreadable bar")
            }
            let v = cells[1...].map { $0.doubleValue ?? .nan }
            return LiveBar(symbol: symbol, timestamp: timestamp, open: v[0], high: v[1], low: v[2], close: v[3], volume: v[4])
        }
        return MarketStep(timestamp: timestamp, bars: bars, carried: (json["carried"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    static func json(_ order: OrderRequest) -> JSONValue {
        .object([
            ("client_order_id", .string(order.clientOrderID)), ("symbol", .string(order.symbol)),
            ("target_weight", .number(order.targetWeight)), ("quantity", .number(order.quantity)),
            ("reference_price", .number(order.referencePrice)), ("timing", .string(order.timing.rawValue)),
            ("decided_at", .string(Timestamps.format(order.decidedAt))), ("reason", .string(order.reason)),
        ])
    }
}
