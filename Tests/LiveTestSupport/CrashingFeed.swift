import Live

/// A feed that throws after `limit` bars: a crash in the middle of a session.
public final class CrashingFeed: BarFeed {
    let inner: BarFeed
    var remaining: Int
    public var description: String { "crashing" }

    public init(_ inner: BarFeed, after limit: Int) {
        self.inner = inner
        remaining = limit
    }

    public func next() throws -> LiveBar? {
        guard remaining > 0 else { throw LiveError("planted crash") }
        remaining -= 1
        return try inner.next()
    }

    public var isReplayable: Bool { inner.isReplayable }

    public func resume(after timestamp: Int64) throws { try inner.resume(after: timestamp) }
}
