/// One alert a session raised.
public struct LiveAlert: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case drawdown, barLoss = "bar_loss", trackingError = "tracking_error", drift
        case riskLimit = "risk_limit", missingBar = "missing_bar", rollback, dailyLossHalt = "daily_loss_halt"
    }

    public var time: Int64
    public var kind: Kind
    public var message: String
    public var value: Double
    public var threshold: Double

    public init(time: Int64, kind: Kind, message: String, value: Double = .nan, threshold: Double = .nan) {
        self.time = time
        self.kind = kind
        self.message = message
        self.value = value
        self.threshold = threshold
    }
}

/// A change of the allocation in force: a rollout stage beginning, or a rollback.
public struct AllocationChange: Sendable, Equatable {
    public var time: Int64
    public var step: Int
    public var stage: String
    public var from: Double
    public var to: Double
    /// `rollout` or `rollback`.
    public var kind: String
    public var reason: String
}

/// An order the session decided, with what became of it.
public struct SessionOrder: Sendable, Equatable {
    public var request: OrderRequest
    /// `sent`, or `rejected: <limit>` when a risk limit refused it (never sent).
    public var disposition: String
    public var state: OrderStatus.State?
    public var filledQuantity: Double
    public var fillPrice: Double
}

/// Everything a session did, in order: the data behind its outputs and reports.
public struct SessionRecord: Sendable {
    public var timestamps: [Int64] = []
    /// Account equity at each step's close.
    public var equity: [Double] = []
    /// The expected path: the same decisions on the same bars with the backtester's fill and cost
    /// model at the allocation in force, without risk limits.
    public var expectedEquity: [Double] = []
    /// The allocation in force at each step's close.
    public var allocation: [Double] = []
    public var alerts: [LiveAlert] = []
    public var changes: [AllocationChange] = []
    public var orders: [SessionOrder] = []
    public var commands: [(command: OperatorCommand, step: Int)] = []
    /// Steps the assembler could not complete, with the reason.
    public var dropped: [(timestamp: Int64, reason: String)] = []
    /// `completed` (duration reached or feed ended), `stopped` (operator), `terminated` (SIGTERM).
    public var ending = "running"

    public init() {}

    /// Per-step returns of a path (`path[k] / path[k − 1] − 1`).
    public static func returns(_ path: [Double]) -> [Double] {
        guard path.count > 1 else { return [] }
        return (1..<path.count).map { path[$0 - 1] > 0 ? path[$0] / path[$0 - 1] - 1 : 0 }
    }
}
