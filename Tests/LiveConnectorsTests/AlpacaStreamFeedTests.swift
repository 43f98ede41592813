import Foundation
import Live
import Testing
@testable import LiveConnectors

@Suite struct AlpacaStreamFeedTests {
    static let bars: [LiveBar] = (0..<4).flatMap { minute -> [LiveBar] in
        let t = Int64(1_704_205_800 + 60 * minute)  // 2024-01-02 14:30 UTC
        return [LiveBar(symbol: "SPY", timestamp: t, open: 470 + Double(minute), high: 472 + Double(minute), low: 469,
                        close: 471 + Double(minute), volume: 1000),
                LiveBar(symbol: "QQQ", timestamp: t, open: 400, high: 401.5, low: 399.25, close: 401, volume: 2500 + Double(minute))]
    }

    func feed(_ server: AlpacaStreamServer, secret: String? = nil, idleTimeout: Double = 3) -> AlpacaStreamFeed {
        AlpacaStreamFeed(credentials: AlpacaCredentials(keyID: server.script.keyID, secretKey: secret ?? server.script.secret),
                         symbols: ["SPY", "QQQ"], url: server.url, idleTimeout: idleTimeout, connectTimeout: 3)
    }

    /// Every bar the feed gives until it ends, or the error that ended it.
    func drain(_ feed: AlpacaStreamFeed) -> (bars: [LiveBar], error: LiveError?) {
        var bars: [LiveBar] = []
        do {
            while let bar = try feed.next() { bars.append(bar) }
            return (bars, nil)
        } catch {
            return (bars, error as? LiveError ?? LiveError("\(error)"))
        }
    }

    @Test func deliversExactlyTheBarsSentInOrder() throws {
        let server = try AlpacaStreamServer(.init(bars: Self.bars, batch: 3))
        defer { server.stop() }
        let feed = feed(server)
        defer { feed.close() }
        let (bars, error) = drain(feed)
        #expect(error == nil)
        #expect(bars == Self.bars)
        #expect(try feed.next() == nil)
        let sent = server.receivedObjects()
        #expect(sent.count == 2)
        #expect(sent.first?["action"] as? String == "auth")
        #expect(sent.first?["key"] as? String == server.script.keyID)
        #expect(sent.last?["action"] as? String == "subscribe")
        #expect(sent.last?["bars"] as? [String] == ["SPY", "QQQ"])
        #expect(server.unmaskedFrames.withLockedValue { $0 } == 0)
        #expect(server.paths.withLockedValue { $0 } == ["/v2/iex"])
        #expect(!feed.description.contains(server.script.secret))
    }

    @Test func wrongCredentialsThrowAuthFailedWithoutTheSecret() throws {
        let server = try AlpacaStreamServer(.init(bars: Self.bars))
        defer { server.stop() }
        let secret = "wrong-secret-that-must-stay-hidden"
        let feed = feed(server, secret: secret)
        defer { feed.close() }
        let (bars, error) = drain(feed)
        #expect(bars.isEmpty)
        let text = try #require(error).description
        #expect(text.contains("402"))
        #expect(text.contains("auth failed"))
        #expect(!text.contains(secret))
        // The feed is spent: it throws the same error again.
        #expect(throws: LiveError.self) { try feed.next() }
    }

    @Test func resumeSkipsBarsAtOrBeforeTheTimestamp() throws {
        let server = try AlpacaStreamServer(.init(bars: Self.bars, batch: 4))
        defer { server.stop() }
        let feed = feed(server)
        defer { feed.close() }
        try feed.resume(after: Self.bars[3].timestamp)
        let (bars, error) = drain(feed)
        #expect(error == nil)
        #expect(bars == Array(Self.bars[4...]))
    }

    @Test func anAbruptCloseMidStreamThrowsAfterTheBarsReceived() throws {
        let server = try AlpacaStreamServer(.init(bars: Array(Self.bars.prefix(5)), batch: 2, ending: .drop))
        defer { server.stop() }
        let feed = feed(server)
        defer { feed.close() }
        let (bars, error) = drain(feed)
        #expect(bars == Array(Self.bars.prefix(5)))
        #expect(try #require(error).description.contains("dropped"))
    }

    @Test func anAbnormalCloseCodeThrows() throws {
        let server = try AlpacaStreamServer(.init(bars: Array(Self.bars.prefix(2)), ending: .close(code: 1011)))
        defer { server.stop() }
        let feed = feed(server)
        defer { feed.close() }
        let (bars, error) = drain(feed)
        #expect(bars.count == 2)
        #expect(try #require(error).description.contains("1011"))
    }

    @Test func aSilentServerTimesOut() throws {
        let server = try AlpacaStreamServer(.init(bars: Array(Self.bars.prefix(2)), ending: .silent))
        defer { server.stop() }
        let feed = feed(server, idleTimeout: 0.3)
        defer { feed.close() }
        let started = Date()
        let (bars, error) = drain(feed)
        #expect(bars.count == 2)
        #expect(try #require(error).description.contains("nothing from the server"))
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    @Test func connectionLimitErrorNamesCodeAndHint() throws {
        let server = try AlpacaStreamServer(.init(errorAfterConnect: (406, "connection limit exceeded")))
        defer { server.stop() }
        let feed = feed(server)
        defer { feed.close() }
        let error = try #require(drain(feed).error)
        #expect(error.message.contains("406"))
        #expect(error.message.contains("connection limit exceeded"))
        #expect(error.hint?.contains("one stream connection") == true)
    }

    @Test func aRefusedUpgradeThrows() throws {
        let http = try AlpacaRESTServer()
        defer { http.stop() }
        let feed = AlpacaStreamFeed(credentials: AlpacaCredentials(keyID: "k", secretKey: "s"), symbols: ["SPY"],
                                    url: "ws://127.0.0.1:\(http.port)/v2/iex", idleTimeout: 3, connectTimeout: 3)
        defer { feed.close() }
        let error = try #require(drain(feed).error)
        #expect(error.message.contains("refused the WebSocket upgrade"))
    }

    @Test func wssSpeaksTLS() throws {
        // A plain server cannot answer a TLS handshake: the feed fails with an error, quickly.
        let server = try AlpacaStreamServer(.init(bars: Self.bars))
        defer { server.stop() }
        let feed = AlpacaStreamFeed(credentials: AlpacaCredentials(keyID: "k", secretKey: "s"), symbols: ["SPY"],
                                    url: "wss://127.0.0.1:\(server.port)/v2/iex", idleTimeout: 3, connectTimeout: 3)
        defer { feed.close() }
        let error = try #require(drain(feed).error)
        #expect(error.message.contains("handshake"))
        #expect(server.receivedObjects().isEmpty)
    }

    @Test func isInertUntilUsedAndRejectsOtherSchemes() throws {
        let feed = AlpacaStreamFeed(credentials: AlpacaCredentials(keyID: "k", secretKey: "s"), symbols: ["SPY"],
                                    url: "https://example.invalid/v2/iex")
        #expect(feed.description.contains("https://example.invalid/v2/iex"))
        #expect(throws: LiveError.self) { try feed.next() }
        let closed = AlpacaStreamFeed(credentials: AlpacaCredentials(keyID: "k", secretKey: "s"), symbols: ["SPY"],
                                      url: "ws://127.0.0.1:9/never")
        closed.close()
        #expect(try closed.next() == nil)
    }

    @Test func endpointParsing() throws {
        let plain = try Endpoint.webSocket("ws://127.0.0.1:8080/v2/iex?x=1")
        #expect(plain.host == "127.0.0.1" && plain.port == 8080 && plain.target == "/v2/iex?x=1" && !plain.tls)
        #expect(plain.hostIsAddress)
        let alpaca = try Endpoint.webSocket(AlpacaStreamFeed.iexURL)
        #expect(alpaca.host == "stream.data.alpaca.markets" && alpaca.port == 443 && alpaca.target == "/v2/iex" && alpaca.tls)
        #expect(alpaca.hostHeader == "stream.data.alpaca.markets")
        #expect(!alpaca.hostIsAddress)
    }
}
