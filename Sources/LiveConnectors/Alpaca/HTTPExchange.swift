import Foundation
import Live
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 request and its answer over SwiftNIO, on a connection of its own
/// (`Connection: close`), TLS through NIOSSL for `https`. Blocks the calling thread until the
/// whole answer is in or `timeout` seconds have passed since the call. The sockets run on NIO's
/// threads, never on Swift concurrency's or Dispatch's, so a caller blocking there starves
/// nothing.
struct HTTPExchange {
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    var group: any EventLoopGroup
    /// The client TLS context, made on the first `https` request and kept.
    var tls: NIOLockedValueBox<NIOSSLContext?>
    /// The largest answer body accepted, in bytes.
    var maxBodySize = 32 << 20

    /// Sends `method target` to `endpoint` with `headers` (plus `Host`, `Content-Length` and
    /// `Connection: close`) and `body`.
    func perform(_ method: HTTPMethod, _ target: String, on endpoint: Endpoint, headers: [(String, String)], body: Data?,
                 timeout: Double) throws -> Answer
    {
        let started = ContinuousClock.now
        let limit = TimeAmount.nanoseconds(Int64(min(max(timeout, 0.01), 1e6) * 1e9))
        let sslContext = endpoint.tls ? try tlsContext() : nil
        let promise = group.next().makePromise(of: NIOHTTPClientResponseFull.self)
        let maxBodySize = maxBodySize
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(limit)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: endpoint.serverName))
                    }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(NIOHTTPClientResponseAggregator(maxContentLength: maxBodySize))
                    try pipeline.addHandler(AnswerHandler(promise: promise))
                }
            }
        let channel: any Channel
        do {
            channel = try bootstrap.connect(host: endpoint.host, port: endpoint.port).wait()
        } catch {
            promise.fail(error)
            throw LiveError("cannot connect to \(endpoint.host):\(endpoint.port): \(error)")
        }
        let elapsed = started.duration(to: .now)
        let remaining = limit.nanoseconds - elapsed.components.seconds * 1_000_000_000 - elapsed.components.attoseconds / 1_000_000_000
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(max(remaining, 10_000_000))) {
            promise.fail(HTTPExchangeTimeout())
            channel.close(promise: nil)
        }

        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
        head.headers.add(name: "Host", value: endpoint.hostHeader)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        head.headers.add(name: "Content-Length", value: "\(body?.count ?? 0)")
        head.headers.add(name: "Connection", value: "close")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body, !body.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(channel.allocator.buffer(bytes: body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)

        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        let answer: NIOHTTPClientResponseFull
        do {
            answer = try promise.futureResult.wait()
        } catch is HTTPExchangeTimeout {
            throw LiveError("no answer within \(timeout) s")
        } catch {
            throw LiveError("the exchange failed: \(error)")
        }
        var data = Data()
        if var body = answer.body, let bytes = body.readBytes(length: body.readableBytes) { data = Data(bytes) }
        return Answer(status: Int(answer.head.status.code), headers: answer.head.headers, body: data)
    }

    private func tlsContext() throws -> NIOSSLContext {
        try tls.withLockedValue { context in
            if let context { return context }
            do {
                let made = try NIOSSLContext(configuration: .makeClientConfiguration())
                context = made
                return made
            } catch {
                throw LiveError("cannot set up TLS: \(error)")
            }
        }
    }
}

private struct HTTPExchangeTimeout: Error {}

private struct HTTPExchangeClosedEarly: Error, CustomStringConvertible {
    var description: String { "the server closed the connection before a whole answer" }
}

/// Hands the aggregated answer (or the first failure) to the promise.
private final class AnswerHandler: ChannelInboundHandler {
    typealias InboundIn = NIOHTTPClientResponseFull

    private let promise: EventLoopPromise<NIOHTTPClientResponseFull>

    init(promise: EventLoopPromise<NIOHTTPClientResponseFull>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        promise.succeed(unwrapInboundIn(data))
        context.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(HTTPExchangeClosedEarly())
        context.fireChannelInactive()
    }
}
