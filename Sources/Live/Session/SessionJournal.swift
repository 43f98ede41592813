/// Where a live session writes what it must never lose, in the order it happens: each step's
/// bars before they are acted on, every order before it is sent, and operator commands when
/// they take effect. A restarted session replays the journal — the same bars through the same
/// decisions — and reaches exactly the state it had, sending nothing twice (orders re-submitted
/// during the replay carry the same client ids; see ``Broker``).
///
/// The run store implements it in `Workflow` (SQLite, one transaction per record);
/// ``MemoryJournal`` serves tests.
public protocol SessionJournal: AnyObject {
    /// The journaled records, in order.
    func records() throws -> [JournalRecord]
    /// Appends one record durably (committed before this returns).
    func append(_ record: JournalRecord) throws
    /// Records an order before it is sent; false when its client id was journaled already (a
    /// replayed decision), which the journal counts as a repeat.
    func recordOrder(_ order: OrderRequest) throws -> Bool
    /// The operator's latest command (`admf live pause|resume|stop`), if any is pending.
    func pendingCommand() throws -> OperatorCommand?
    /// Marks a command as applied at a step.
    func acknowledge(_ command: OperatorCommand, atStep step: Int) throws
    /// The session's latest status, for `admf live status`, in state `state`; `status` is
    /// evaluated only when the journal takes it (a journal may skip frequent `running` updates).
    func publish(state: String, _ status: () throws -> SessionStatus) throws
}

/// One journaled fact.
public enum JournalRecord: Sendable, Equatable {
    /// The bars of a step, written before the step is processed.
    case step(MarketStep)
    /// An operator command or a termination that took effect after step `index`.
    case command(OperatorCommand, afterStep: Int)
    /// The account a real broker reported at step `step`'s close: a replay decides on what the
    /// session saw then, not on the account as it is now.
    case account(BrokerAccount, step: Int)
}

public enum OperatorCommand: String, Sendable, CaseIterable {
    case pause, resume, stop
    /// SIGTERM: stop cleanly; a rerun resumes.
    case terminate
    /// Positions flattened (by `stop` or `terminate` with `on_stop: flatten`).
    case flatten
}

/// What `admf live status` shows.
public struct SessionStatus: Sendable, Equatable {
    public var state: String
    public var steps: Int
    public var lastBar: Int64?
    public var equity: Double
    public var allocation: Double
    public var stage: String
    public var positions: [(symbol: String, quantity: Double)]
    public var openOrders: Int
    public var alerts: Int
    public var lastAlert: String?

    public init(state: String, steps: Int, lastBar: Int64?, equity: Double, allocation: Double, stage: String,
                positions: [(symbol: String, quantity: Double)], openOrders: Int, alerts: Int, lastAlert: String?) {
        self.state = state
        self.steps = steps
        self.lastBar = lastBar
        self.equity = equity
        self.allocation = allocation
        self.stage = stage
        self.positions = positions
        self.openOrders = openOrders
        self.alerts = alerts
        self.lastAlert = lastAlert
    }

    public static func == (a: SessionStatus, b: SessionStatus) -> Bool {
        a.state == b.state && a.steps == b.steps && a.lastBar == b.lastBar && a.equity == b.equity
            && a.allocation == b.allocation && a.stage == b.stage && a.positions.map(\.symbol) == b.positions.map(\.symbol)
            && a.positions.map(\.quantity) == b.positions.map(\.quantity) && a.openOrders == b.openOrders
            && a.alerts == b.alerts && a.lastAlert == b.lastAlert
    }
}

/// A journal in memory (tests; sessions that need no recovery).
public final class MemoryJournal: SessionJournal {
    public private(set) var stored: [JournalRecord] = []
    public private(set) var orders: [OrderRequest] = []
    public private(set) var repeats = 0
    public private(set) var status: SessionStatus?
    public var commands: [OperatorCommand] = []

    public init() {}

    public func records() throws -> [JournalRecord] { stored }
    public func append(_ record: JournalRecord) throws { stored.append(record) }
    public func recordOrder(_ order: OrderRequest) throws -> Bool {
        if orders.contains(where: { $0.clientOrderID == order.clientOrderID }) {
            repeats += 1
            return false
        }
        orders.append(order)
        return true
    }
    public func pendingCommand() throws -> OperatorCommand? { commands.first }
    public func acknowledge(_ command: OperatorCommand, atStep step: Int) throws {
        if let i = commands.firstIndex(of: command) { commands.remove(at: i) }
    }
    public func publish(state: String, _ status: () throws -> SessionStatus) throws { self.status = try status() }
}
