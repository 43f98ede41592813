import Foundation
import Live
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// A loopback WebSocket server speaking Alpaca's market-data stream protocol
/// (https://docs.alpaca.markets/docs/streaming-market-data): `connected`, then the `auth`
/// action checked against one key pair (`402 auth failed` otherwise), then the `subscribe`
/// action answered with the subscription and the script's bars in array messages of `batch`,
/// then the script's ending.
final class AlpacaStreamServer: Sendable {
    enum Ending: Sendable {
        /// A close frame with this code; the socket closes when the client answers it.
        case close(code: UInt16)
        /// The socket closes without a close frame.
        case drop
        /// Nothing more, and pings go unanswered.
        case silent
    }

    struct Script: Sendable {
        var keyID = "PKTEST00000000001234"
        var secret = "sEcReT-do-not-print-0123456789"
        var bars: [LiveBar] = []
        var batch = 3
        var ending = Ending.close(code: 1000)
        /// An error sent right after `connected` (then a close frame 1008), e.g. 406.
        var errorAfterConnect: (code: Int, message: String)?
    }

    let script: Script
    /// Text messages from the client, in order.
    let received = NIOLockedValueBox<[String]>([])
    /// Frames from the client that came without a mask (RFC 6455 forbids them).
    let unmaskedFrames = NIOLockedValueBox<Int>(0)
    /// Request targets of upgrade requests.
    let paths = NIOLockedValueBox<[String]>([])
    private let server: LoopbackServer

    var url: String { "ws://127.0.0.1:\(server.port)/v2/iex" }
    var port: Int { server.port }

    init(_ script: Script) throws {
        self.script = script
        let received = received, unmasked = unmaskedFrames, paths = paths
        server = try LoopbackServer { channel in
            let upgrader = NIOWebSocketServerUpgrader(
                maxFrameSize: 1 << 20, automaticErrorHandling: true,
                shouldUpgrade: { channel, head in
                    paths.withLockedValue { $0.append(head.uri) }
                    return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            StreamServerHandler(script: script, received: received, unmasked: unmasked))
                    }
                })
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
        }
    }

    func stop() { server.stop() }

    /// The JSON objects the client sent.
    func receivedObjects() -> [[String: Any]] {
        received.withLockedValue { $0 }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

private final class StreamServerHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let script: AlpacaStreamServer.Script
    private let received: NIOLockedValueBox<[String]>
    private let unmasked: NIOLockedValueBox<Int>
    private var closing = false

    init(script: AlpacaStreamServer.Script, received: NIOLockedValueBox<[String]>, unmasked: NIOLockedValueBox<Int>) {
        self.script = script
        self.received = received
        self.unmasked = unmasked
    }

    func handlerAdded(context: ChannelHandlerContext) {
        send(#"[{"T":"success","msg":"connected"}]"#, context: context)
        if let error = script.errorAfterConnect {
            send(#"[{"T":"error","code":\#(error.code),"msg":"\#(error.message)"}]"#, context: context)
            sendClose(1008, context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if frame.maskKey == nil { unmasked.withLockedValue { $0 += 1 } }
        switch frame.opcode {
        case .text:
            var payload = frame.unmaskedData
            let text = payload.readString(length: payload.readableBytes) ?? ""
            received.withLockedValue { $0.append(text) }
            respond(to: text, context: context)
        case .ping:
            if case .silent = script.ending { return }
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .connectionClose:
            if closing {
                context.close(promise: nil)
            } else {
                closing = true
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: frame.unmaskedData)))
                    .whenComplete { _ in channel.close(promise: nil) }
            }
        default:
            break
        }
    }

    private func respond(to text: String, context: ChannelHandlerContext) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return }
        switch object["action"] as? String {
        case "auth":
            if object["key"] as? String == script.keyID, object["secret"] as? String == script.secret {
                send(#"[{"T":"success","msg":"authenticated"}]"#, context: context)
            } else {
                send(#"[{"T":"error","code":402,"msg":"auth failed"}]"#, context: context)
            }
        case "subscribe":
            let bars = (object["bars"] as? [String]) ?? []
            let list = bars.map { "\"\($0)\"" }.joined(separator: ",")
            send(#"[{"T":"subscription","trades":[],"quotes":[],"bars":[\#(list)],"updatedBars":[],"dailyBars":[],"statuses":[],"lulds":[],"corrections":[],"cancelErrors":[]}]"#,
                 context: context)
            stream(context: context)
        default:
            break
        }
    }

    private func stream(context: ChannelHandlerContext) {
        var last: EventLoopFuture<Void> = context.eventLoop.makeSucceededFuture(())
        var index = 0
        while index < script.bars.count {
            let batch = script.bars[index..<min(index + max(script.batch, 1), script.bars.count)]
            last = send("[" + batch.map(AlpacaBarFormat.message).joined(separator: ",") + "]", context: context)
            index += batch.count
        }
        switch script.ending {
        case .close(let code):
            sendClose(code, context: context)
        case .drop:
            let channel = context.channel
            last.whenComplete { _ in channel.close(promise: nil) }
        case .silent:
            break
        }
    }

    @discardableResult
    private func send(_ text: String, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        let frame = WebSocketFrame(fin: true, opcode: .text, data: context.channel.allocator.buffer(string: text))
        return context.writeAndFlush(wrapOutboundOut(frame))
    }

    private func sendClose(_ code: UInt16, context: ChannelHandlerContext) {
        closing = true
        var payload = context.channel.allocator.buffer(capacity: 2)
        payload.writeInteger(code)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)), promise: nil)
        // The client should answer; close anyway if it does not.
        let channel = context.channel
        context.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
    }
}
