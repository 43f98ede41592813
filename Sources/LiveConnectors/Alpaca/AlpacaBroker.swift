import Foundation
import Live
import NIOCore
import NIOPosix

/// Alpaca's Trading API v2 as a ``Live/Broker``
/// (https://docs.alpaca.markets/reference/postorder and the order, account and position
/// endpoints beside it). Paper trading by default (``paperURL``); the keys decide the account
/// and must match the base URL.
///
/// | call | requests |
/// | --- | --- |
/// | ``submit(_:)`` | `GET /v2/orders:by_client_order_id?client_order_id=…`, then, when Alpaca has no such order, `POST /v2/orders` |
/// | ``order(clientOrderID:)`` | `GET /v2/orders:by_client_order_id` (404 → `nil`) |
/// | ``openOrders()`` | `GET /v2/orders?status=open&limit=500` |
/// | ``cancel(clientOrderID:)`` | the lookup, then `DELETE /v2/orders/{id}` |
/// | ``account()`` | `GET /v2/account` (`cash`, `equity`) and `GET /v2/positions` (`symbol`, `qty`) |
///
/// **Orders.** A market order `{"symbol","qty","side","type":"market","time_in_force","client_order_id"}`:
/// `qty` is the request's ``Live/OrderRequest/quantity`` as whole shares, rounded toward zero
/// (Alpaca takes fractional quantities only for `day` orders, and rounding down never overshoots
/// the target), `side` its sign, `time_in_force` `opg` for ``Live/OrderRequest/Timing/nextOpen``
/// (the opening auction) and `cls` for ``Live/OrderRequest/Timing/close`` (the closing auction).
/// An order of less than one share sends nothing and reports itself filled with 0.
///
/// **Idempotence.** ``submit(_:)`` looks the client order id up first and returns the order
/// Alpaca already holds; when the POST meets Alpaca's `422 client_order_id must be unique` (the
/// order landed between the lookup and the POST, or an earlier POST's answer was lost) it
/// fetches that order and returns it. A client order id therefore reaches Alpaca once.
///
/// **Errors and limits.** `429` is retried after `Retry-After` or an exponential backoff from
/// `initialBackoff` seconds, up to `maxAttempts` tries. Every other failure throws
/// ``Live/LiveError`` with the status and Alpaca's `message`; the keys never appear. The broker
/// is inert until its first call: constructing it opens no connection.
public final class AlpacaBroker: Broker {
    /// Paper trading: `https://paper-api.alpaca.markets`.
    public static let paperURL = "https://paper-api.alpaca.markets"
    /// Live trading with real money: `https://api.alpaca.markets`.
    public static let liveURL = "https://api.alpaca.markets"

    public let description: String
    public let isReal = true
    public let baseURL: String
    private let client: AlpacaRESTClient

    /// - Parameters:
    ///   - credentials: the account's API key pair.
    ///   - baseURL: ``paperURL`` (default), ``liveURL``, or a local test server.
    ///   - requestTimeout: seconds one request may take.
    ///   - maxAttempts: tries of a request that keeps meeting `429 Too Many Requests`.
    ///   - initialBackoff: seconds before the second try when Alpaca sends no `Retry-After`;
    ///     doubled for each later try (at most 60 s).
    ///   - eventLoopGroup: where the sockets run; NIO's shared singleton group by default.
    public init(credentials: AlpacaCredentials, baseURL: String = AlpacaBroker.paperURL, requestTimeout: Double = 30,
                maxAttempts: Int = 5, initialBackoff: Double = 0.5, eventLoopGroup: (any EventLoopGroup)? = nil)
    {
        self.baseURL = baseURL
        client = AlpacaRESTClient(baseURL: baseURL, credentials: credentials, requestTimeout: requestTimeout,
                                  maxAttempts: maxAttempts, initialBackoff: initialBackoff,
                                  group: eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton)
        let kind = baseURL == Self.paperURL ? "paper trading" : baseURL == Self.liveURL ? "live trading" : "trading API"
        description = "Alpaca \(kind) at \(baseURL)"
    }

    public func account() throws -> BrokerAccount {
        let account = try get("/v2/account")
        guard let fields = account as? [String: Any], let cash = AlpacaOrder.number(fields["cash"]),
              let equity = AlpacaOrder.number(fields["equity"])
        else {
            throw LiveError("Alpaca GET /v2/account: the answer lacks cash or equity")
        }
        guard let list = try get("/v2/positions") as? [[String: Any]] else {
            throw LiveError("Alpaca GET /v2/positions: the answer is not a list of positions")
        }
        let positions = try list.map { position -> (symbol: String, quantity: Double) in
            guard let symbol = position["symbol"] as? String, let quantity = AlpacaOrder.number(position["qty"]) else {
                throw LiveError("Alpaca GET /v2/positions: a position lacks its symbol or qty")
            }
            let short = (position["side"] as? String)?.lowercased() == "short"
            return (symbol, short ? -abs(quantity) : quantity)
        }
        return BrokerAccount(cash: cash, equity: equity, positions: positions)
    }

    public func submit(_ order: OrderRequest) throws -> OrderStatus {
        guard order.quantity.isFinite, abs(order.quantity) < 1e12 else {
            throw LiveError("order \(order.clientOrderID): quantity \(order.quantity) is not a tradable number")
        }
        let shares = (abs(order.quantity) + 1e-9).rounded(.down)
        guard shares >= 1 else {
            return OrderStatus(clientOrderID: order.clientOrderID, brokerOrderID: "", symbol: order.symbol, state: .filled,
                               filledQuantity: 0, message: "less than one share: nothing sent")
        }
        if let held = try self.order(clientOrderID: order.clientOrderID) { return held }
        let body: [String: Any] = [
            "symbol": order.symbol,
            "qty": String(Int64(shares)),
            "side": order.quantity > 0 ? "buy" : "sell",
            "type": "market",
            "time_in_force": order.timing == .nextOpen ? "opg" : "cls",
            "client_order_id": order.clientOrderID,
        ]
        let response = try client.send("POST", "/v2/orders", json: body)
        if (200..<300).contains(response.status) {
            return try AlpacaOrder(json: client.json(response, "POST", "/v2/orders")).orderStatus
        }
        if response.status == 422, Self.isDuplicateClientOrderID(client.serverMessage(response)),
           let held = try self.order(clientOrderID: order.clientOrderID)
        {
            return held
        }
        throw client.error(response, "POST", "/v2/orders")
    }

    public func order(clientOrderID: String) throws -> OrderStatus? {
        let path = "/v2/orders:by_client_order_id"
        let response = try client.send("GET", path, query: [("client_order_id", clientOrderID)])
        if response.status == 404 { return nil }
        guard (200..<300).contains(response.status) else { throw client.error(response, "GET", path) }
        return try AlpacaOrder(json: client.json(response, "GET", path)).orderStatus
    }

    public func openOrders() throws -> [OrderStatus] {
        let list = try get("/v2/orders", query: [("status", "open"), ("limit", "500"), ("direction", "asc")])
        guard let orders = list as? [Any] else { throw LiveError("Alpaca GET /v2/orders: the answer is not a list of orders") }
        return try orders.map { try AlpacaOrder(json: $0).orderStatus }
    }

    public func cancel(clientOrderID: String) throws {
        guard let held = try order(clientOrderID: clientOrderID) else {
            throw LiveError("Alpaca holds no order with client order id \(clientOrderID)")
        }
        guard held.state == .accepted else { return }
        let path = "/v2/orders/\(AlpacaRESTClient.encode(held.brokerOrderID))"
        let response = try client.send("DELETE", path)
        // 404: gone; 422: no longer cancelable (it filled meanwhile). Neither is an error here.
        guard (200..<300).contains(response.status) || response.status == 404 || response.status == 422 else {
            throw client.error(response, "DELETE", path)
        }
    }

    /// Whether a 422's message is Alpaca's "client_order_id must be unique" (or a variant
    /// saying the id exists).
    static func isDuplicateClientOrderID(_ message: String) -> Bool {
        let text = message.lowercased()
        guard text.contains("client_order_id") || text.contains("client order id") else { return false }
        return ["unique", "exist", "duplicate", "already"].contains { text.contains($0) }
    }

    private func get(_ path: String, query: [(String, String)] = []) throws -> Any {
        let response = try client.send("GET", path, query: query)
        guard (200..<300).contains(response.status) else { throw client.error(response, "GET", path) }
        return try client.json(response, "GET", path)
    }
}
