import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Reports

/// `admf serve`: a read-only web dashboard over run stores, on SwiftNIO's HTTP/1.1 server.
///
/// Routes (GET and HEAD only; anything else is 405, and no route writes to a store or runs
/// anything):
///
/// | path | what |
/// |---|---|
/// | `/` | the runs |
/// | `/runs/ID` | a run's phases (status, progress bar, trials done/planned, best objective, ETA, time, workers), live sessions, events — updated by server-sent events |
/// | `/runs/ID/phases/NAME` | the phase's outputs (the report's views) and trials, sortable by any column and filterable |
/// | `/runs/ID/phases/NAME/report` | the phase's outputs as the static report renders them (``PhaseOutputView``) |
/// | `/api/runs`, `/api/runs/ID`, `/api/runs/ID/trials/NAME` | the JSON behind them |
/// | `/events/ID` | `text/event-stream`: the run's JSON every second |
///
/// Binds 127.0.0.1 by default. Any other address requires an ``AccessToken`` (given, or generated
/// and printed once), sent as `Authorization: Bearer TOKEN` or `?token=TOKEN`.
public final class DashboardServer: @unchecked Sendable {
    public let host: String
    public private(set) var port: Int
    let data: DashboardData
    let token: AccessToken?
    private let group: MultiThreadedEventLoopGroup
    private var channel: Channel?

    /// Fails when `host` is not loopback and no token is given.
    public init(data: DashboardData, host: String = "127.0.0.1", port: Int = 8080, token: AccessToken? = nil) throws {
        guard AccessToken.isLoopback(host) || token != nil else {
            throw DashboardError("binding \(host) exposes the dashboard beyond this machine: a token is required (--token, or one is generated)")
        }
        self.data = data
        self.host = host
        self.port = port
        self.token = token
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Starts listening (port 0 picks a free port; ``port`` then holds it).
    public func start() throws {
        let server = self
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(DashboardHandler(server: server))
                }
            }
        do {
            channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            throw DashboardError("cannot listen on \(host):\(port): \(error)")
        }
        port = channel?.localAddress?.port ?? port
    }

    /// Serves until the process ends.
    public func wait() throws {
        try channel?.closeFuture.wait()
    }

    public func stop() {
        try? channel?.close().wait()
        try? group.syncShutdownGracefully()
    }

    public var url: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)/"
    }

    // MARK: Routing

    enum Response {
        case body(HTTPResponseStatus, String, String)  // status, content type, body
        case stream(String)  // run id
    }

    func route(_ head: HTTPRequestHead) -> Response {
        guard head.method == .GET || head.method == .HEAD else {
            return .body(.methodNotAllowed, "text/plain", "read-only dashboard: GET only\n")
        }
        let components = URLComponents(string: head.uri)
        let path = components?.path ?? "/"
        if let token {
            let bearer = head.headers.first(name: "authorization").flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            let query = components?.queryItems?.first { $0.name == "token" }?.value
            guard token.matches(bearer) || token.matches(query) else {
                return .body(.unauthorized, "text/plain", "a token is required: ?token=… or Authorization: Bearer …\n")
            }
        }
        let parts = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        do {
            switch parts.count {
            case 0:
                return .body(.ok, "text/html; charset=utf-8", DashboardPages.runs)
            case 2 where parts[0] == "runs":
                return .body(.ok, "text/html; charset=utf-8", DashboardPages.run)
            case 4 where parts[0] == "runs" && parts[2] == "phases":
                return .body(.ok, "text/html; charset=utf-8", DashboardPages.trials)
            case 5 where parts[0] == "runs" && parts[2] == "phases" && parts[4] == "report":
                guard let page = try data.phaseReport(run: parts[1], phase: parts[3]) else { return notFound }
                return .body(.ok, "text/html; charset=utf-8", page)
            case 2 where parts[0] == "api" && parts[1] == "runs":
                return .body(.ok, "application/json", try data.runs().serialized())
            case 3 where parts[0] == "api" && parts[1] == "runs":
                guard let run = try data.run(parts[2]) else { return notFound }
                return .body(.ok, "application/json", run.serialized())
            case 5 where parts[0] == "api" && parts[1] == "runs" && parts[3] == "trials":
                guard let trials = try data.trials(run: parts[2], phase: parts[4]) else { return notFound }
                return .body(.ok, "application/json", trials.serialized())
            case 2 where parts[0] == "events":
                return .stream(parts[1])
            default:
                return notFound
            }
        } catch {
            return .body(.internalServerError, "text/plain", "\(error)\n")
        }
    }

    private var notFound: Response { .body(.notFound, "text/plain", "not found\n") }

    /// The `data:` line of one server-sent event for run `id`.
    func event(_ id: String) -> String {
        let json = (try? data.run(id)) ?? nil
        return "data: " + (json ?? .object([("error", .string("unknown run"))])).serialized() + "\n\n"
    }
}

/// One connection: answers requests, or streams a run's events every second.
final class DashboardHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: DashboardServer
    private var head: HTTPRequestHead?
    private var streaming: RepeatedTask?

    init(server: DashboardServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(context: context, head: head)
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        switch server.route(head) {
        case .body(let status, let type, let body):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: type)
            headers.add(name: "Content-Length", value: String(body.utf8.count))
            headers.add(name: "Cache-Control", value: "no-store")
            headers.add(name: "X-Content-Type-Options", value: "nosniff")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            if head.method != .HEAD {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
            }
            let keepAlive = head.isKeepAlive
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { channel.close(promise: nil) }
            }
        case .stream(let id):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/event-stream")
            headers.add(name: "Cache-Control", value: "no-store")
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))),
                                  promise: nil)
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let server = self.server
            streaming = context.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .seconds(1)) { _ in
                let context = bound.value
                let text = server.event(id)
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(context.channel.allocator.buffer(string: text)))),
                                      promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        streaming?.cancel()
        streaming = nil
        context.fireChannelInactive()
    }
}

/// A dashboard that cannot start.
public struct DashboardError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
