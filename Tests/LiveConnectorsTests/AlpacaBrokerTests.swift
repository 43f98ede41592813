import Foundation
import Live
import Testing
@testable import LiveConnectors

@Suite struct AlpacaBrokerTests {
    func broker(_ server: AlpacaRESTServer, secret: String? = nil, maxAttempts: Int = 5, initialBackoff: Double = 0.01)
        -> AlpacaBroker
    {
        let state = server.state.withLockedValue { $0 }
        return AlpacaBroker(credentials: AlpacaCredentials(keyID: state.keyID, secretKey: secret ?? state.secret),
                            baseURL: server.url, requestTimeout: 3, maxAttempts: maxAttempts, initialBackoff: initialBackoff)
    }

    func request(_ id: String, _ quantity: Double, timing: OrderRequest.Timing = .nextOpen, symbol: String = "AAPL") -> OrderRequest {
        OrderRequest(clientOrderID: id, symbol: symbol, targetWeight: 0.5, quantity: quantity, referencePrice: 190,
                     timing: timing, decidedAt: 1_704_153_600, reason: "signal")
    }

    @Test func submitPlacesOneOrderAndResubmittingPlacesNone() throws {
        let server = try AlpacaRESTServer()
        defer { server.stop() }
        let broker = broker(server)
        let first = try broker.submit(request("run1-p1-20240102-AAPL", 10.6))
        #expect(first.state == .accepted)
        #expect(first.clientOrderID == "run1-p1-20240102-AAPL")
        #expect(first.symbol == "AAPL")
        #expect(first.filledQuantity == 0 && first.fillPrice.isNaN)
        #expect(server.posts.count == 1)
        let body = try #require(JSONSerialization.jsonObject(with: Data(server.posts[0].body.utf8)) as? [String: String])
        #expect(body == ["symbol": "AAPL", "qty": "10", "side": "buy", "type": "market", "time_in_force": "opg",
                         "client_order_id": "run1-p1-20240102-AAPL"])
        #expect(server.posts[0].headers["content-type"] == "application/json")

        let again = try broker.submit(request("run1-p1-20240102-AAPL", 10.6))
        #expect(again.brokerOrderID == first.brokerOrderID && again.state == first.state)
        #expect(server.posts.count == 1)

        _ = try broker.submit(request("run1-p1-20240102-MSFT", -3, timing: .close, symbol: "MSFT"))
        let sell = try #require(JSONSerialization.jsonObject(with: Data(server.posts[1].body.utf8)) as? [String: String])
        #expect(sell["side"] == "sell" && sell["qty"] == "3" && sell["time_in_force"] == "cls")
        #expect(broker.isReal)
    }

    @Test func aDuplicateClientOrderIDAnswerReturnsTheHeldOrder() throws {
        let server = try AlpacaRESTServer()
        defer { server.stop() }
        server.state.withLockedValue {
            $0.orders = [.init(id: "61e69015-8549-4bfd-b9c3-01e75843f47d", clientOrderID: "dup-1", symbol: "AAPL", qty: "4",
                               side: "sell", type: "market", timeInForce: "opg", status: "filled", filledQty: "4",
                               filledAvgPrice: "190.25")]
            $0.hiddenLookups = 1  // the first lookup misses it, as if it landed a moment later
        }
        let status = try broker(server).submit(request("dup-1", -4))
        #expect(server.posts.count == 1)
        #expect(server.state.withLockedValue { $0.orders.count } == 1)
        #expect(status == OrderStatus(clientOrderID: "dup-1", brokerOrderID: "61e69015-8549-4bfd-b9c3-01e75843f47d", symbol: "AAPL",
                                      state: .filled, filledQuantity: -4, fillPrice: 190.25))
    }

    @Test func rateLimitedRequestsAreRetried() throws {
        let server = try AlpacaRESTServer()
        defer { server.stop() }
        server.state.withLockedValue { $0.rateLimited = 2 }
        _ = try broker(server).account()
        #expect(server.requests.map(\.path) == ["/v2/account", "/v2/account", "/v2/account", "/v2/positions"])

        server.state.withLockedValue { $0.rateLimited = 2; $0.retryAfter = nil }  // exponential backoff instead
        let started = Date()
        _ = try broker(server, initialBackoff: 0.05).order(clientOrderID: "none")
        #expect(Date().timeIntervalSince(started) >= 0.15)

        server.state.withLockedValue { $0.rateLimited = 3; $0.retryAfter = "0" }
        let error = try #require(throws: LiveError.self) { try broker(server, maxAttempts: 2).openOrders() }
        #expect(error.message.contains("429") && error.message.contains("rate limit exceeded"))
    }

    @Test func accountAndPositionsAreParsed() throws {
        let server = try AlpacaRESTServer()
        defer { server.stop() }
        let account = try broker(server).account()
        #expect(account == BrokerAccount(cash: -23140.2, equity: 103820.56, positions: [("AAPL", 5), ("MSFT", -3)]))
        #expect(account.quantity(of: "MSFT") == -3)
    }

    @Test func everyRequestCarriesTheKeyPair() throws {
        let server = try AlpacaRESTServer()
        defer { server.stop() }
        let broker = broker(server)
        _ = try broker.account()
        _ = try broker.submit(request("keys-1", 2))
        _ = try broker.openOrders()
        let state = server.state.withLockedValue { $0 }
        #expect(state.requests.count == 5)
        for request in state.requests {
            #expect(request.headers["apca-api-key-id"] == state.keyID)
            #expect(request.headers["apca-api-secret-key"] == state.secret)
        }
    }

    @Test func forbiddenThrowsWithoutTheSecret() throws {
        let server = try AlpacaRESTServer()
        defer { server.stop() }
        server.state.withLockedValue { $0.echoCredentials = true }
        let secret = "wrong-secret-that-must-stay-hidden"
        let broker = broker(server, secret: secret)
        let errors = [
            try #require(throws: LiveError.self) { try broker.account() },
            try #require(throws: LiveError.self) { try broker.submit(request("x-1", 1)) },
            try #require(throws: LiveError.self) { try broker.openOrders() },
        ]
        for error in errors {
            #expect(error.message.contains("403"))
            #expect(error.message.contains("forbidden"))
            #expect(!error.description.contains(secret))
            #expect(!error.description.contains("PKTEST00000000001234"))
        }
        #expect(server.posts.isEmpty)
        #expect(!broker.description.contains(secret))
    }

    @Test func lessThanOneShareSendsNothing() throws {
        let server = try AlpacaRESTServer()
        defer { server.stop() }
        let status = try broker(server).submit(request("zero-1", 0))
        #expect(status.state == .filled && status.filledQuantity == 0)
        #expect(try broker(server).submit(request("small-1", -0.7)).state == .filled)
        #expect(server.requests.isEmpty)
    }

    @Test func openOrdersAndCancel() throws {
        let server = try AlpacaRESTServer()
        defer { server.stop() }
        let broker = broker(server)
        let placed = try broker.submit(request("open-1", 5))
        _ = try broker.submit(request("open-2", -2, symbol: "MSFT"))
        #expect(try broker.openOrders().map(\.clientOrderID) == ["open-1", "open-2"])
        try broker.cancel(clientOrderID: "open-1")
        #expect(server.requests.last?.method == "DELETE")
        #expect(server.requests.last?.path == "/v2/orders/\(placed.brokerOrderID)")
        #expect(try broker.order(clientOrderID: "open-1")?.state == .cancelled)
        #expect(try broker.openOrders().map(\.clientOrderID) == ["open-2"])
        try broker.cancel(clientOrderID: "open-1")  // already cancelled: nothing sent
        #expect(server.requests.filter { $0.method == "DELETE" }.count == 1)
        #expect(try broker.order(clientOrderID: "missing") == nil)
    }

    @Test func aSilentServerTimesOutAndHTTPSNeedsTLS() throws {
        let silent = try LoopbackServer { _ in }  // accepts, never answers
        defer { silent.stop() }
        let credentials = AlpacaCredentials(keyID: "PKTEST00000000001234", secretKey: "sEcReT-do-not-print-0123456789")
        let started = Date()
        let timedOut = try #require(throws: LiveError.self) {
            try AlpacaBroker(credentials: credentials, baseURL: "http://127.0.0.1:\(silent.port)", requestTimeout: 0.3).account()
        }
        #expect(timedOut.message.contains("no answer within"))
        #expect(Date().timeIntervalSince(started) < 2)

        let server = try AlpacaRESTServer()
        defer { server.stop() }
        let tls = try #require(throws: LiveError.self) {
            try AlpacaBroker(credentials: credentials, baseURL: "https://127.0.0.1:\(server.port)", requestTimeout: 2).account()
        }
        #expect(!tls.description.contains("sEcReT"))
        #expect(throws: LiveError.self) { try AlpacaBroker(credentials: credentials, baseURL: "ftp://example.invalid").account() }
    }

    @Test func orderStatusesMapToStates() throws {
        #expect(AlpacaOrder.state(ofStatus: "new") == .accepted)
        #expect(AlpacaOrder.state(ofStatus: "pending_new") == .accepted)
        #expect(AlpacaOrder.state(ofStatus: "partially_filled") == .accepted)
        #expect(AlpacaOrder.state(ofStatus: "filled") == .filled)
        #expect(AlpacaOrder.state(ofStatus: "canceled") == .cancelled)
        #expect(AlpacaOrder.state(ofStatus: "expired") == .cancelled)
        #expect(AlpacaOrder.state(ofStatus: "rejected") == .rejected)
        let partial = try AlpacaOrder(json: [
            "id": "o1", "client_order_id": "c1", "symbol": "SPY", "status": "partially_filled", "side": "sell",
            "filled_qty": "3", "filled_avg_price": "101.5",
        ]).orderStatus
        #expect(partial == OrderStatus(clientOrderID: "c1", brokerOrderID: "o1", symbol: "SPY", state: .accepted,
                                       filledQuantity: -3, fillPrice: 101.5))
        #expect(throws: LiveError.self) { try AlpacaOrder(json: ["id": "o1"]) }
        #expect(AlpacaBroker.isDuplicateClientOrderID("client_order_id must be unique"))
        #expect(!AlpacaBroker.isDuplicateClientOrderID("insufficient buying power"))
    }
}
