import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP server on 127.0.0.1 at a port the system picks, for tests: each accepted connection's
/// pipeline is set up by `configure`; ``stop()`` closes the listener and every connection.
final class LoopbackServer: Sendable {
    let port: Int
    private let listener: any Channel
    private let connections: NIOLockedValueBox<[any Channel]>

    init(configure: @escaping @Sendable (any Channel) throws -> Void) throws {
        let connections = NIOLockedValueBox<[any Channel]>([])
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.withLockedValue { $0.append(channel) }
                return channel.eventLoop.makeCompletedFuture { try configure(channel) }
            }
        listener = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        guard let port = listener.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        self.port = port
        self.connections = connections
    }

    func stop() {
        try? listener.close().wait()
        for connection in connections.withLockedValue({ $0 }) { connection.close(promise: nil) }
    }
}
