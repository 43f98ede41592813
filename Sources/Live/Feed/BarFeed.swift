/// A source of live bars: file replay on a clock, JSON lines on standard input, a vendor's
/// WebSocket stream (module `LiveConnectors`). A new source is one type conforming here.
///
/// Feeds are pulled by one session thread: ``next()`` blocks until a bar arrives (pacing,
/// reading or waiting on the network) and returns `nil` when the feed has ended. Bars of one
/// timestamp may come in any symbol order; timestamps never go backwards (a feed that sees one
/// do so throws ``LiveError``).
public protocol BarFeed: AnyObject {
    /// What the feed reads, for logs and reports (never a credential).
    var description: String { get }
    /// The next bar, or `nil` at the end of the feed.
    func next() throws -> LiveBar?
    /// Skips every bar at or before `timestamp` (a resumed session continues after its last step).
    func resume(after timestamp: Int64) throws
    /// Whether a rerun can read every bar again (a file replayed), so a session may journal its
    /// steps in groups; false for streams whose bars are gone once read (stdin, a WebSocket).
    var isReplayable: Bool { get }
    /// Releases the feed's resources (sockets, files); idempotent.
    func close()
}

extension BarFeed {
    public var isReplayable: Bool { false }
    public func resume(after timestamp: Int64) throws {}
    public func close() {}
}

/// A live-trading failure: a malformed message, a broken feed, a refused order.
public struct LiveError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.map { "\(message) — \($0)" } ?? message }
}
