import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// A loopback HTTP server replaying Alpaca's Trading API v2 (https://docs.alpaca.markets/reference):
/// orders kept in memory (`POST /v2/orders`, `GET /v2/orders:by_client_order_id`,
/// `GET /v2/orders?status=open`, `DELETE /v2/orders/{id}`), `GET /v2/account` and
/// `GET /v2/positions`, with bodies shaped like the documentation's examples. Requests whose
/// key pair differs from the server's get `403 forbidden.`. Knobs make it answer 429 a number
/// of times, hide orders from lookups, or echo the credentials it received in its errors.
final class AlpacaRESTServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        var headers: [String: String]
        var body: String
    }

    struct Order: Sendable {
        var id: String
        var clientOrderID: String
        var symbol: String
        var qty: String
        var side: String
        var type: String
        var timeInForce: String
        var status: String
        var filledQty = "0"
        var filledAvgPrice: String?
    }

    struct Position: Sendable {
        var symbol: String
        var qty: String
        var side: String
    }

    struct State: Sendable {
        var keyID = "PKTEST00000000001234"
        var secret = "sEcReT-do-not-print-0123456789"
        var requests: [Request] = []
        var orders: [Order] = []
        /// Answer this many coming requests with 429.
        var rateLimited = 0
        /// The `Retry-After` of those answers (`nil`: none).
        var retryAfter: String? = "0"
        /// Answer this many coming client-order-id lookups with 404 even when the order exists.
        var hiddenLookups = 0
        /// Put the key pair received into the message of a 403.
        var echoCredentials = false
        var cash = "-23140.2"
        var equity = "103820.56"
        var positions = [Position(symbol: "MSFT", qty: "-3", side: "short"), Position(symbol: "AAPL", qty: "5", side: "long")]
        /// Market Data API bars by symbol (`GET /v2/stocks/{symbol}/bars`), as the documented objects' fields.
        var bars: [String: [(t: String, o: Double, h: Double, l: Double, c: Double, v: Double)]] = [:]
        /// Answer the bars request after this many pages with a 500 (once), as a dying connection would.
        var failAfterPages: Int?
        var pagesServed = 0
    }

    let state = NIOLockedValueBox(State())
    private let server: LoopbackServer

    var url: String { "http://127.0.0.1:\(server.port)" }
    var port: Int { server.port }

    init() throws {
        let state = state
        server = try LoopbackServer { channel in
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            try channel.pipeline.syncOperations.addHandler(RESTHandler(state: state))
        }
    }

    func stop() { server.stop() }

    var requests: [Request] { state.withLockedValue { $0.requests } }
    var posts: [Request] { requests.filter { $0.method == "POST" } }

    /// The server's answer to one request: status, headers, body.
    static func answer(_ request: Request, state: inout State) -> (HTTPResponseStatus, [(String, String)], String) {
        state.requests.append(request)
        if state.rateLimited > 0 {
            state.rateLimited -= 1
            return (.tooManyRequests, state.retryAfter.map { [("Retry-After", $0)] } ?? [],
                    #"{"code":42910000,"message":"rate limit exceeded"}"#)
        }
        let key = request.headers["apca-api-key-id"] ?? "", secret = request.headers["apca-api-secret-key"] ?? ""
        guard key == state.keyID, secret == state.secret else {
            let message = state.echoCredentials ? "forbidden. key \(key) secret \(secret)" : "forbidden."
            return (.forbidden, [], #"{"message":"\#(message)"}"#)
        }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (request.method, parts) {
        case ("GET", let path) where path.count == 4 && path[1] == "stocks" && path[3] == "bars":
            if let limit = state.failAfterPages, state.pagesServed >= limit {
                state.failAfterPages = nil
                return (.internalServerError, [], #"{"message":"internal server error"}"#)
            }
            guard request.query["timeframe"] == "1Day", let limit = Int(request.query["limit"] ?? "") else {
                return (.unprocessableEntity, [], #"{"code":42210000,"message":"invalid timeframe or limit"}"#)
            }
            let all = state.bars[path[2]] ?? []
            let offset = Int((request.query["page_token"] ?? "").dropFirst("tok-".count)) ?? 0
            let page = all.dropFirst(offset).prefix(limit)
            let next = offset + page.count < all.count ? "\"tok-\(offset + page.count)\"" : "null"
            state.pagesServed += 1
            let items = page.map { #"{"t":"\#($0.t)","o":\#($0.o),"h":\#($0.h),"l":\#($0.l),"c":\#($0.c),"v":\#($0.v),"n":10,"vw":\#($0.c)}"# }
            return (.ok, [], #"{"bars":[\#(items.joined(separator: ","))],"symbol":"\#(path[2])","next_page_token":\#(next)}"#)
        case ("GET", ["v2", "account"]):
            return (.ok, [], account(state))
        case ("GET", ["v2", "positions"]):
            return (.ok, [], "[" + state.positions.map(position).joined(separator: ",") + "]")
        case ("GET", ["v2", "orders:by_client_order_id"]):
            let id = request.query["client_order_id"] ?? ""
            if state.hiddenLookups > 0 {
                state.hiddenLookups -= 1
                return (.notFound, [], #"{"code":40410000,"message":"order not found for \#(id)"}"#)
            }
            guard let order = state.orders.first(where: { $0.clientOrderID == id }) else {
                return (.notFound, [], #"{"code":40410000,"message":"order not found for \#(id)"}"#)
            }
            return (.ok, [], json(order))
        case ("GET", ["v2", "orders"]):
            let open = state.orders.filter { !["filled", "canceled", "expired", "rejected", "replaced"].contains($0.status) }
            return (.ok, [], "[" + open.map(json).joined(separator: ",") + "]")
        case ("POST", ["v2", "orders"]):
            guard let body = try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any],
                  let symbol = body["symbol"] as? String, let qty = body["qty"] as? String, let side = body["side"] as? String,
                  let type = body["type"] as? String, let tif = body["time_in_force"] as? String
            else {
                return (.unprocessableEntity, [], #"{"code":40010001,"message":"invalid order request"}"#)
            }
            let clientID = (body["client_order_id"] as? String) ?? UUID().uuidString
            if state.orders.contains(where: { $0.clientOrderID == clientID }) {
                return (.unprocessableEntity, [], #"{"code":40010001,"message":"client_order_id must be unique"}"#)
            }
            let order = Order(id: UUID().uuidString.lowercased(), clientOrderID: clientID, symbol: symbol, qty: qty, side: side,
                              type: type, timeInForce: tif, status: "accepted")
            state.orders.append(order)
            return (.ok, [], json(order))
        case ("DELETE", let path) where path.count == 3 && path[1] == "orders":
            guard let index = state.orders.firstIndex(where: { $0.id == path[2] }) else {
                return (.notFound, [], #"{"code":40410000,"message":"order not found"}"#)
            }
            state.orders[index].status = "canceled"
            return (.noContent, [], "")
        default:
            return (.notFound, [], #"{"code":40410000,"message":"endpoint not found"}"#)
        }
    }

    /// An order object as in https://docs.alpaca.markets/reference/postorder.
    static func json(_ order: Order) -> String {
        let price = order.filledAvgPrice.map { "\"\($0)\"" } ?? "null"
        return """
        {"id":"\(order.id)","client_order_id":"\(order.clientOrderID)","created_at":"2024-01-02T14:30:00.000Z",\
        "updated_at":"2024-01-02T14:30:00.000Z","submitted_at":"2024-01-02T14:30:00.000Z","filled_at":null,\
        "expired_at":null,"canceled_at":null,"failed_at":null,"replaced_at":null,"replaced_by":null,"replaces":null,\
        "asset_id":"b0b6dd9d-8b9b-48a9-ba46-b9d54906e415","symbol":"\(order.symbol)","asset_class":"us_equity",\
        "notional":null,"qty":"\(order.qty)","filled_qty":"\(order.filledQty)","filled_avg_price":\(price),\
        "order_class":"","order_type":"\(order.type)","type":"\(order.type)","side":"\(order.side)",\
        "time_in_force":"\(order.timeInForce)","limit_price":null,"stop_price":null,"status":"\(order.status)",\
        "extended_hours":false,"legs":null,"trail_percent":null,"trail_price":null,"hwm":null}
        """
    }

    /// An account object as in https://docs.alpaca.markets/reference/getaccount-1.
    static func account(_ state: State) -> String {
        """
        {"id":"e6fe16f3-64a4-4921-8928-cadf02f92f98","account_number":"PA3717PJAYWN","status":"ACTIVE",\
        "crypto_status":"ACTIVE","currency":"USD","buying_power":"262113.632","regt_buying_power":"262113.632",\
        "daytrading_buying_power":"0","non_marginable_buying_power":"131056.82","cash":"\(state.cash)",\
        "accrued_fees":"0","pending_transfer_in":"0","portfolio_value":"\(state.equity)","pattern_day_trader":false,\
        "trading_blocked":false,"transfers_blocked":false,"account_blocked":false,"created_at":"2023-01-05T14:19:49.539Z",\
        "trade_suspended_by_user":false,"multiplier":"4","shorting_enabled":true,"equity":"\(state.equity)",\
        "last_equity":"103529.24","long_market_value":"126960.76","short_market_value":"0","initial_margin":"63480.38",\
        "maintenance_margin":"38088.228","last_maintenance_margin":"38000.832","sma":"0","daytrade_count":0}
        """
    }

    /// A position object as in https://docs.alpaca.markets/reference/getallopenpositions.
    static func position(_ position: Position) -> String {
        """
        {"asset_id":"904837e3-3b76-47ec-b432-046db621571b","symbol":"\(position.symbol)","exchange":"NASDAQ",\
        "asset_class":"us_equity","avg_entry_price":"100.0","qty":"\(position.qty)","qty_available":"\(position.qty)",\
        "side":"\(position.side)","market_value":"600.0","cost_basis":"500.0","unrealized_pl":"100.0",\
        "unrealized_plpc":"0.20","unrealized_intraday_pl":"10.0","unrealized_intraday_plpc":"0.0084",\
        "current_price":"120.0","lastday_price":"119.0","change_today":"0.0084"}
        """
    }
}

/// Collects one request (head and body) and writes the server's answer.
private final class RESTHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: NIOLockedValueBox<AlpacaRESTServer.State>
    private var head: HTTPRequestHead?
    private var body = ""

    init(state: NIOLockedValueBox<AlpacaRESTServer.State>) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = ""
        case .body(var chunk):
            body += chunk.readString(length: chunk.readableBytes) ?? ""
        case .end:
            guard let head else { return }
            let components = URLComponents(string: "http://localhost" + head.uri)
            var query: [String: String] = [:]
            for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let request = AlpacaRESTServer.Request(method: head.method.rawValue, path: components?.percentEncodedPath ?? head.uri,
                                                   query: query, headers: headers, body: body)
            let (status, extra, text) = state.withLockedValue { AlpacaRESTServer.answer(request, state: &$0) }
            var responseHeaders = HTTPHeaders([("Content-Type", "application/json")])
            if status != .noContent { responseHeaders.add(name: "Content-Length", value: "\(text.utf8.count)") }
            for (name, value) in extra { responseHeaders.add(name: name, value: value) }
            let keepAlive = head.isKeepAlive
            if !keepAlive { responseHeaders.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: responseHeaders))),
                          promise: nil)
            if !text.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
            }
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { channel.close(promise: nil) }
            }
            self.head = nil
        }
    }
}
