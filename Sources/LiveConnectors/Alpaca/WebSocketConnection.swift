import Live
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// One client WebSocket over SwiftNIO: TCP (and TLS through NIOSSL for `wss`), the HTTP/1.1
/// upgrade (RFC 6455 §4), then frames. Received messages and the connection's end go to a
/// ``StreamInbox``; ping frames are answered with pongs and, when `pingInterval` is set, the
/// connection pings the server so that a silent but healthy line still shows activity.
/// Outgoing frames are masked, as RFC 6455 §5.3 requires of clients.
final class WebSocketConnection: Sendable {
    let channel: Channel
    let inbox: StreamInbox
    /// Whether the WebSocket handlers are in the pipeline (set on the event loop).
    private let upgraded: NIOLockedValueBox<Bool>

    private init(channel: Channel, inbox: StreamInbox, upgraded: NIOLockedValueBox<Bool>) {
        self.channel = channel
        self.inbox = inbox
        self.upgraded = upgraded
    }

    /// Connects (blocking until TCP is up or `connectTimeout` seconds pass) and starts the
    /// upgrade; the upgrade's failure, like everything later, arrives in `inbox`.
    static func open(_ endpoint: Endpoint, inbox: StreamInbox, group: any EventLoopGroup, connectTimeout: Double,
                     pingInterval: Double?, maxFrameSize: Int) throws -> WebSocketConnection
    {
        let sslContext: NIOSSLContext?
        do {
            sslContext = endpoint.tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        } catch {
            throw LiveError("cannot set up TLS: \(error)")
        }
        let ping = pingInterval.map { TimeAmount.nanoseconds(Int64(max($0, 0.01) * 1e9)) }
        let requestHandlerName = "alpaca-upgrade-request"
        let upgraded = NIOLockedValueBox(false)
        let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: maxFrameSize, automaticErrorHandling: true) { channel, _ in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(NIOWebSocketFrameAggregator(
                    minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 4096, maxAccumulatedFrameSize: maxFrameSize))
                try channel.pipeline.syncOperations.addHandler(WebSocketFrameHandler(inbox: inbox, pingInterval: ping))
                upgraded.withLockedValue { $0 = true }
            }
        }
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(Int64(max(connectTimeout, 0.01) * 1e9)))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLClientHandler(
                            context: sslContext, serverHostname: endpoint.serverName))
                    }
                    // `.forwardBytes`: frames that arrive with the 101 response (the server's first
                    // message often does) go on to the WebSocket decoder instead of being dropped.
                    try pipeline.addHTTPClientHandlers(leftOverBytesStrategy: .forwardBytes, withClientUpgrade: (upgraders: [upgrader], completionHandler: { context in
                        // Before the WebSocket handlers go in: frames must not reach the HTTP request handler.
                        context.pipeline.removeHandler(name: requestHandlerName, promise: nil)
                    }))
                    try pipeline.addHandler(UpgradeRequestHandler(endpoint: endpoint, inbox: inbox), name: requestHandlerName)
                }
            }
        do {
            let channel = try bootstrap.connect(host: endpoint.host, port: endpoint.port).wait()
            return WebSocketConnection(channel: channel, inbox: inbox, upgraded: upgraded)
        } catch {
            throw LiveError("cannot connect to \(endpoint.host):\(endpoint.port): \(error)")
        }
    }

    /// Sends one text message (masked); nothing before the upgrade is through.
    func send(text: String) {
        let channel = channel, upgraded = upgraded
        channel.eventLoop.execute {
            guard upgraded.withLockedValue({ $0 }) else { return }
            let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: channel.allocator.buffer(string: text))
            channel.writeAndFlush(frame, promise: nil)
        }
    }

    /// Sends a normal-closure close frame (once upgraded), then closes the socket; idempotent.
    func close() {
        let channel = channel, upgraded = upgraded
        channel.eventLoop.execute {
            guard upgraded.withLockedValue({ $0 }), channel.isActive else {
                channel.close(promise: nil)
                return
            }
            var payload = channel.allocator.buffer(capacity: 2)
            payload.writeInteger(UInt16(1000))
            let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: payload)
            channel.writeAndFlush(frame).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

/// Sends the upgrade request once the socket is up and reports a refused upgrade (any answer
/// but `101 Switching Protocols`) or a failed handshake to the inbox. Removed from the
/// pipeline when the upgrade succeeds.
private final class UpgradeRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let endpoint: Endpoint
    private let inbox: StreamInbox
    private var status: HTTPResponseStatus?
    private var body = ""

    init(endpoint: Endpoint, inbox: StreamInbox) {
        self.endpoint = endpoint
        self.inbox = inbox
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostHeader)
        headers.add(name: "User-Agent", value: "ADMF")
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: endpoint.target, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
        case .body(var chunk):
            if body.count < 300 { body += chunk.readString(length: min(chunk.readableBytes, 300)) ?? "" }
        case .end:
            let code = status.map { "HTTP \($0.code) \($0.reasonPhrase)" } ?? "no HTTP status"
            let detail = body.trimmingCharacters(in: .whitespacesAndNewlines)
            inbox.push(.failed("the server refused the WebSocket upgrade: \(code)\(detail.isEmpty ? "" : ": \(detail.prefix(200))")"))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        inbox.push(.failed("WebSocket handshake failed: \(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.push(.failed("the connection closed during the WebSocket handshake"))
        context.fireChannelInactive()
    }
}

/// Moves message frames to the inbox, answers pings, echoes the server's close frame and
/// closes the socket, and pings the server every `pingInterval`.
private final class WebSocketFrameHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let inbox: StreamInbox
    private let pingInterval: TimeAmount?
    private var pingTask: RepeatedTask?

    init(inbox: StreamInbox, pingInterval: TimeAmount?) {
        self.inbox = inbox
        self.pingInterval = pingInterval
    }

    func handlerAdded(context: ChannelHandlerContext) {
        inbox.touch()
        guard let pingInterval else { return }
        let channel = context.channel
        pingTask = context.eventLoop.scheduleRepeatedTask(initialDelay: pingInterval, delay: pingInterval) { _ in
            let frame = WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(), data: channel.allocator.buffer(capacity: 0))
            channel.writeAndFlush(frame, promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        pingTask?.cancel()
        pingTask = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        inbox.touch()
        switch frame.opcode {
        case .text, .binary:
            var payload = frame.unmaskedData
            inbox.push(.text(payload.readString(length: payload.readableBytes) ?? ""))
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            var payload = frame.unmaskedData
            let code = payload.readInteger(as: UInt16.self).map(Int.init)
            let reason = payload.readString(length: payload.readableBytes) ?? ""
            inbox.push(.closed(code: code, reason: reason))
            var echo = context.channel.allocator.buffer(capacity: 2)
            if let code, (1000..<5000).contains(code), ![1005, 1006, 1015].contains(code) { echo.writeInteger(UInt16(code)) }
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: echo)))
                .whenComplete { _ in channel.close(promise: nil) }
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        pingTask?.cancel()
        pingTask = nil
        inbox.push(.failed("the connection dropped without a close frame"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        inbox.push(.failed("\(error)"))
        context.close(promise: nil)
    }
}
