import Backtest
import Market

/// The paper broker: orders fill on the session's own bars with the backtester's fill and cost
/// model (``Backtest/PaperAccount``) — next open by default, commission, slippage and
/// square-root impact as configured, the leverage cap at each fill moment. Nothing leaves the
/// process. Orders are held by client id: a second ``submit(_:)`` with the same id returns the
/// first one's status.
public final class PaperBroker: Broker {
    public let description: String
    public let isReal = false
    public private(set) var paper: PaperAccount
    private let index: [String: Int]
    private var orders: [String: OrderStatus] = [:]
    private var sequence = 0

    public init(config: BacktestConfig, symbols: [String], periodsPerYear: Double, history: [BarSeries] = []) throws {
        paper = try PaperAccount(config: config, symbols: symbols, periodsPerYear: periodsPerYear, history: history)
        index = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, $0) })
        description = "paper broker (backtester fill and cost model)"
    }

    public func account() throws -> BrokerAccount {
        BrokerAccount(cash: paper.cash, equity: paper.lastEquity,
                      positions: zip(paper.symbols, paper.shares).filter { $0.1 != 0 }.map { ($0.0, $0.1) })
    }

    public func submit(_ order: OrderRequest) throws -> OrderStatus {
        if let held = orders[order.clientOrderID] { return held }
        guard let i = index[order.symbol] else {
            let status = OrderStatus(clientOrderID: order.clientOrderID, brokerOrderID: "", symbol: order.symbol, state: .rejected,
                                     message: "unknown symbol \(order.symbol)")
            orders[order.clientOrderID] = status
            return status
        }
        guard order.timing == .nextOpen || paper.config.fill == .close else {
            throw LiveError("the paper broker fills at the next open; an order for the close cannot be honoured")
        }
        sequence += 1
        // An order for the same fill moment replaces the one pending (the later decision wins).
        for pending in paper.openOrders where pending.symbol == order.symbol {
            orders[pending.id]?.state = .cancelled
        }
        paper.submit(symbol: i, weight: order.targetWeight, id: order.clientOrderID)
        let status = OrderStatus(clientOrderID: order.clientOrderID, brokerOrderID: "paper-\(sequence)", symbol: order.symbol,
                                 state: .accepted)
        orders[order.clientOrderID] = status
        return status
    }

    public func order(clientOrderID: String) throws -> OrderStatus? { orders[clientOrderID] }

    public func openOrders() throws -> [OrderStatus] {
        orders.values.filter { $0.state == .accepted }.sorted { $0.clientOrderID < $1.clientOrderID }
    }

    public func cancel(clientOrderID: String) throws {
        guard orders[clientOrderID]?.state == .accepted else { return }
        orders[clientOrderID]?.state = .cancelled
        paper.cancel(id: clientOrderID)
    }

    public func marketOpened(_ step: MarketStep) throws {
        paper.open(timestamp: step.timestamp, open: step.bars.map(\.open), high: step.bars.map(\.high),
                   low: step.bars.map(\.low), close: step.bars.map(\.close), volume: step.bars.map(\.volume))
        settle()
    }

    public func marketClosed(_ step: MarketStep) throws {
        paper.close()
        settle()
    }

    /// Marks filled orders, and orders no longer pending without a fill (nothing to trade) as
    /// filled with quantity 0.
    private func settle() {
        for fill in paper.lastFills where orders[fill.order] != nil {
            orders[fill.order]?.state = .filled
            orders[fill.order]?.filledQuantity = fill.quantity
            orders[fill.order]?.fillPrice = fill.price
        }
        let pending = Set(paper.openOrders.map(\.id))
        for (id, status) in orders where status.state == .accepted && !pending.contains(id) {
            orders[id]?.state = .filled
        }
    }
}
