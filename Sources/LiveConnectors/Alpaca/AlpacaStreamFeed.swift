import Foundation
import Live
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Bars from Alpaca's real-time market-data WebSocket stream
/// (https://docs.alpaca.markets/docs/streaming-market-data,
/// https://docs.alpaca.markets/docs/real-time-stock-pricing-data).
///
/// The feed is inert until the first ``next()``, which connects to ``url`` and runs the
/// stream's handshake:
///
/// ```text
/// ← [{"T":"success","msg":"connected"}]
/// → {"action":"auth","key":"…","secret":"…"}
/// ← [{"T":"success","msg":"authenticated"}]
/// → {"action":"subscribe","bars":["SPY","QQQ"]}
/// ← [{"T":"subscription","trades":[],"quotes":[],"bars":["SPY","QQQ"],…}]
/// ← [{"T":"b","S":"SPY","o":…,"t":"2024-01-02T14:30:00Z"},{"T":"b","S":"QQQ",…}]
/// ```
///
/// Bars (``AlpacaBarFormat``) arrive on SwiftNIO's event loop and wait in a queue; ``next()``
/// blocks until one is there. `{"T":"error","code":…,"msg":…}` (402 auth failed, 406
/// connection limit exceeded, …) throws ``Live/LiveError`` naming the code and message, never
/// the secret. The feed ends (`nil`) when the server closes the socket with a normal closure
/// (1000); any other close, a dropped connection, a refused upgrade or ``idleTimeout`` seconds
/// without any frame throws. While streaming the feed pings the server every third of
/// ``idleTimeout``, so a quiet market (no bars for hours) with a healthy line never times out;
/// the server's pings are answered.
///
/// Timestamps must not go backwards: a bar older than the last one delivered throws, except an
/// updated bar (`u`, a late correction), which is dropped. After an error the feed is spent:
/// ``next()`` throws the same error again; a session restarts with a new feed and
/// ``resume(after:)``.
///
/// ```swift
/// guard let keys = AlpacaCredentials() else { throw … }   // APCA_API_KEY_ID, APCA_API_SECRET_KEY
/// let feed = AlpacaStreamFeed(credentials: keys, symbols: ["SPY", "QQQ"])
/// while let bar = try feed.next() { … }
/// ```
public final class AlpacaStreamFeed: BarFeed {
    /// A bar channel of the stream (the key of the `subscribe` action).
    public enum BarKind: String, Sendable, CaseIterable {
        /// Minute bars (`T: b`).
        case bars
        /// Daily bars, sent during the session as the day builds up (`T: d`).
        case dailyBars
        /// Corrections of minute bars after late trades (`T: u`).
        case updatedBars
    }

    /// IEX, the free feed: `wss://stream.data.alpaca.markets/v2/iex`.
    public static let iexURL = "wss://stream.data.alpaca.markets/v2/iex"
    /// SIP, all US exchanges (paid data plan): `wss://stream.data.alpaca.markets/v2/sip`.
    public static let sipURL = "wss://stream.data.alpaca.markets/v2/sip"
    /// Alpaca's test stream, open around the clock (symbol `FAKEPACA`).
    public static let testURL = "wss://stream.data.alpaca.markets/v2/test"

    public let description: String
    /// The stream's `wss://` (or, for tests, `ws://`) URL.
    public let url: String
    /// The symbols subscribed to.
    public let symbols: [String]
    /// The bar channels subscribed to.
    public let kinds: [BarKind]
    /// Seconds without any frame (message, ping or pong) after which ``next()`` throws; `nil`
    /// (or a value that is not positive) waits forever and sends no pings.
    public let idleTimeout: Double?
    /// Seconds allowed for the TCP connection and for each reply of the handshake.
    public let connectTimeout: Double

    private enum Phase: String {
        case awaitingConnection = "the server's 'connected' message"
        case awaitingAuthorization = "the answer to authentication"
        case awaitingSubscription = "the subscription's confirmation"
        case streaming = "a message"
    }

    private let credentials: AlpacaCredentials
    private let group: any EventLoopGroup
    private let maxFrameSize: Int
    private let state = NIOLockedValueBox<(connection: WebSocketConnection?, closed: Bool)>((nil, false))
    private var phase = Phase.awaitingConnection {
        didSet { phaseDeadline = .now + .nanoseconds(Int64(min(connectTimeout, 1e6) * 1e9)) }
    }
    /// When the handshake step under way times out.
    private var phaseDeadline = ContinuousClock.now
    private var failure: LiveError?
    private var ended = false
    private var pending: [(bar: LiveBar, updated: Bool)] = []
    private var pendingHead = 0
    private var skipThrough: Int64?
    private var lastTimestamp: Int64?

    /// - Parameters:
    ///   - credentials: the account's API key pair (the stream authenticates with it).
    ///   - symbols: the symbols to subscribe to (`*` for all).
    ///   - url: the stream; ``iexURL`` by default, `ws://` only for a local test server.
    ///   - kinds: the bar channels to subscribe to.
    ///   - idleTimeout: see ``idleTimeout``.
    ///   - connectTimeout: see ``connectTimeout``.
    ///   - eventLoopGroup: where the socket runs; NIO's shared singleton group by default.
    ///   - maxFrameSize: the largest message accepted, in bytes (a batch of bars is one message).
    public init(credentials: AlpacaCredentials, symbols: [String], url: String = AlpacaStreamFeed.iexURL,
                kinds: [BarKind] = [.bars], idleTimeout: Double? = 120, connectTimeout: Double = 10,
                eventLoopGroup: (any EventLoopGroup)? = nil, maxFrameSize: Int = 16 << 20)
    {
        self.credentials = credentials
        self.symbols = symbols
        self.url = url
        self.kinds = kinds.isEmpty ? [.bars] : kinds
        self.idleTimeout = idleTimeout.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        self.connectTimeout = connectTimeout.isFinite && connectTimeout > 0 ? connectTimeout : 10
        self.group = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        self.maxFrameSize = maxFrameSize
        let listed = symbols.count <= 6 ? symbols.joined(separator: ", ") : symbols.prefix(5).joined(separator: ", ") + ", …"
        description = "Alpaca stream \(url) (\(self.kinds.map(\.rawValue).joined(separator: "+")): \(listed))"
    }

    deinit { close() }

    public func next() throws -> LiveBar? {
        if let failure { throw failure }
        if ended || state.withLockedValue({ $0.closed }) { return nil }
        do {
            return try nextBar()
        } catch let error as LiveError {
            let error = LiveError("\(description): \(credentials.redact(error.message))", hint: error.hint)
            failure = error
            close()
            throw error
        }
    }

    public func resume(after timestamp: Int64) throws { skipThrough = timestamp }

    public func close() {
        let connection = state.withLockedValue { state -> WebSocketConnection? in
            guard !state.closed else { return nil }
            state.closed = true
            return state.connection
        }
        connection?.inbox.push(.closedLocally)
        connection?.close()
    }

    private func nextBar() throws -> LiveBar? {
        let connection = try state.withLockedValue({ $0.connection }) ?? connect()
        while true {
            if let bar = try popPending() { return bar }
            let event: StreamInbox.Event
            if phase == .streaming {
                guard let next = connection.inbox.take(idleTimeout: idleTimeout) else {
                    throw LiveError("nothing from the server for \(seconds(idleTimeout ?? 0))",
                                    hint: "the connection is silent or dead: restart the session, which resumes after its last step")
                }
                event = next
            } else {
                guard let next = connection.inbox.take(idleTimeout: nil, deadline: phaseDeadline) else {
                    throw LiveError("timed out after \(seconds(connectTimeout)) waiting for \(phase.rawValue)")
                }
                event = next
            }
            switch event {
            case .text(let text):
                try absorb(text, connection: connection)
            case .closed(let code, let reason):
                let because = reason.isEmpty ? "" : " (\(reason))"
                guard phase == .streaming else {
                    throw LiveError("the server closed the connection while the feed waited for \(phase.rawValue): code \(code.map(String.init) ?? "none")\(because)")
                }
                guard code == nil || code == 1000 else {
                    throw LiveError("the server closed the stream abnormally: code \(code.map(String.init) ?? "none")\(because)")
                }
                ended = true
                return nil
            case .failed(let problem):
                throw LiveError(problem)
            case .closedLocally:
                ended = true
                return nil
            }
        }
    }

    private func connect() throws -> WebSocketConnection {
        let endpoint = try Endpoint.webSocket(url)
        let connection = try WebSocketConnection.open(
            endpoint, inbox: StreamInbox(), group: group, connectTimeout: connectTimeout,
            pingInterval: idleTimeout.map { $0 / 3 }, maxFrameSize: maxFrameSize)
        let closed = state.withLockedValue { state -> Bool in
            if !state.closed { state.connection = connection }
            return state.closed
        }
        if closed {
            connection.inbox.push(.closedLocally)
            connection.close()
        }
        phase = .awaitingConnection
        return connection
    }

    private func absorb(_ text: String, connection: WebSocketConnection) throws {
        for message in try AlpacaStreamMessage.parse(text) {
            switch message {
            case .connected where phase == .awaitingConnection:
                connection.send(text: try json(["action": "auth", "key": credentials.keyID, "secret": credentials.secretKey]))
                phase = .awaitingAuthorization
            case .authenticated where phase == .awaitingAuthorization:
                var subscribe: [String: Any] = ["action": "subscribe"]
                for kind in kinds { subscribe[kind.rawValue] = symbols }
                connection.send(text: try json(subscribe))
                phase = .awaitingSubscription
            case .subscription(let channels) where phase == .awaitingSubscription:
                try checkSubscription(channels)
                phase = .streaming
            case .error(let code, let message):
                throw LiveError("error \(code.map(String.init) ?? "without a code"): \(message)",
                                hint: AlpacaStreamMessage.hint(forErrorCode: code))
            case .bar(let bar, let updated):
                pending.append((bar, updated))
            case .connected, .authenticated, .subscription, .other:
                break
            }
        }
    }

    /// Every requested symbol must be subscribed on every requested channel.
    private func checkSubscription(_ channels: [String: [String]]) throws {
        for kind in kinds {
            let subscribed = Set((channels[kind.rawValue] ?? []).map { $0.uppercased() })
            if subscribed.contains("*") { continue }
            let missing = symbols.filter { !subscribed.contains($0.uppercased()) }
            if !missing.isEmpty {
                throw LiveError("the server did not subscribe \(kind.rawValue) of \(missing.joined(separator: ", "))",
                                hint: "check the symbols and that the feed carries them")
            }
        }
    }

    /// The next queued bar that is not skipped, checking that time does not go backwards.
    private func popPending() throws -> LiveBar? {
        while pendingHead < pending.count {
            let (bar, updated) = pending[pendingHead]
            pendingHead += 1
            if pendingHead == pending.count {
                pending.removeAll(keepingCapacity: true)
                pendingHead = 0
            }
            if let skip = skipThrough, bar.timestamp <= skip { continue }
            if let last = lastTimestamp, bar.timestamp < last {
                if updated { continue }
                throw LiveError("bar \(bar.symbol) \(AlpacaBarFormat.rfc3339(bar.timestamp)) arrived after \(AlpacaBarFormat.rfc3339(last)): timestamps went backwards")
            }
            lastTimestamp = bar.timestamp
            return bar
        }
        return nil
    }

    private func json(_ object: [String: Any]) throws -> String {
        do {
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        } catch {
            throw LiveError("cannot encode a stream message")
        }
    }

    private func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }
}
