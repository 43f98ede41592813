/// Where a live session's orders go. The paper broker (``PaperBroker``) fills them with the
/// backtester's fill and cost model; a real broker adapter (module `LiveConnectors`) sends them
/// to the vendor. A new broker is one type conforming here.
///
/// **Idempotence.** Every order carries a client order id derived from the run, the phase, the
/// bar and the symbol (``OrderIDs``). ``submit(_:)`` with an id the broker already holds must
/// not place a second order: it returns the held order's status. A session that crashed between
/// sending and recording an order therefore re-submits the same id on restart and never trades
/// twice.
///
/// Calls block (the session runs on one thread); errors are ``LiveError``.
public protocol Broker: AnyObject {
    /// What the broker is, for logs and reports (never a credential).
    var description: String { get }
    /// Whether orders reach a real venue (false for paper brokers).
    var isReal: Bool { get }
    /// Cash, equity and positions as the broker reports them.
    func account() throws -> BrokerAccount
    /// Places `order`, or returns the status of the order already placed under its client id.
    func submit(_ order: OrderRequest) throws -> OrderStatus
    /// The order placed under `clientOrderID`, if the broker has one.
    func order(clientOrderID: String) throws -> OrderStatus?
    /// Orders accepted but not yet filled or cancelled.
    func openOrders() throws -> [OrderStatus]
    /// Cancels an open order (no effect when it is already filled or cancelled).
    func cancel(clientOrderID: String) throws
    /// The market opened at `step` (its open prices): a simulated broker fills orders due now.
    func marketOpened(_ step: MarketStep) throws
    /// The market closed at `step` (its close prices): a simulated broker fills orders due at
    /// the close and marks positions.
    func marketClosed(_ step: MarketStep) throws
}

extension Broker {
    public func marketOpened(_ step: MarketStep) throws {}
    public func marketClosed(_ step: MarketStep) throws {}
}

/// One order as the session asks for it.
///
/// The session decides in target weights (the share of account equity a symbol should hold,
/// signed). ``quantity`` is the signed number of units that reaches the target at
/// ``referencePrice`` with the equity the session last saw; a broker that sizes at the fill
/// (the paper broker, like the backtester) uses ``targetWeight``, a venue uses ``quantity``.
public struct OrderRequest: Sendable, Equatable, Codable {
    public enum Timing: String, Sendable, Codable {
        /// Fill at the next bar's open (Alpaca `time_in_force: opg`).
        case nextOpen = "next_open"
        /// Fill at this bar's close (Alpaca `time_in_force: cls`).
        case close
    }

    public var clientOrderID: String
    public var symbol: String
    public var targetWeight: Double
    public var quantity: Double
    public var referencePrice: Double
    public var timing: Timing
    /// The bar that decided the order.
    public var decidedAt: Int64
    /// Why: `signal`, `rollout`, `rollback`, `flatten`.
    public var reason: String

    public init(clientOrderID: String, symbol: String, targetWeight: Double, quantity: Double, referencePrice: Double,
                timing: Timing, decidedAt: Int64, reason: String) {
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.targetWeight = targetWeight
        self.quantity = quantity
        self.referencePrice = referencePrice
        self.timing = timing
        self.decidedAt = decidedAt
        self.reason = reason
    }
}

/// An order's state at the broker.
public struct OrderStatus: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        case accepted, filled, cancelled, rejected
    }

    public var clientOrderID: String
    public var brokerOrderID: String
    public var symbol: String
    public var state: State
    /// Signed units filled so far.
    public var filledQuantity: Double
    /// Average fill price (NaN until something fills).
    public var fillPrice: Double
    /// The broker's reason for a rejection.
    public var message: String?

    public init(clientOrderID: String, brokerOrderID: String, symbol: String, state: State, filledQuantity: Double = 0,
                fillPrice: Double = .nan, message: String? = nil) {
        self.clientOrderID = clientOrderID
        self.brokerOrderID = brokerOrderID
        self.symbol = symbol
        self.state = state
        self.filledQuantity = filledQuantity
        self.fillPrice = fillPrice
        self.message = message
    }
}

/// The account as the broker reports it.
public struct BrokerAccount: Sendable, Equatable {
    public var cash: Double
    public var equity: Double
    /// Signed units per symbol, sorted by symbol.
    public var positions: [(symbol: String, quantity: Double)]

    public init(cash: Double, equity: Double, positions: [(symbol: String, quantity: Double)]) {
        self.cash = cash
        self.equity = equity
        self.positions = positions.sorted { $0.symbol < $1.symbol }
    }

    public func quantity(of symbol: String) -> Double {
        positions.first { $0.symbol == symbol }?.quantity ?? 0
    }

    public static func == (a: BrokerAccount, b: BrokerAccount) -> Bool {
        a.cash == b.cash && a.equity == b.equity && a.positions.map(\.symbol) == b.positions.map(\.symbol)
            && a.positions.map(\.quantity) == b.positions.map(\.quantity)
    }
}
