import Foundation

/// What a WebSocket connection hands to the thread that reads it: text messages in arrival
/// order, then at most one ending. Filled on NIO's event loop, drained by the session thread,
/// which blocks in ``take(idleTimeout:)`` until something arrives or the line has been idle too
/// long.
final class StreamInbox: @unchecked Sendable {
    enum Event: Equatable {
        /// One text (or binary) message.
        case text(String)
        /// The server sent a close frame with this status code (`nil` when it gave none).
        case closed(code: Int?, reason: String)
        /// The connection failed or dropped without a close frame.
        case failed(String)
        /// The reader closed the feed itself.
        case closedLocally
    }

    private let condition = NSCondition()
    private var events: [Event] = []
    private var head = 0
    private var ended = false
    private var lastActivity = ContinuousClock.now

    /// Queues `event`; events after an ending are dropped (a close frame is followed by the
    /// socket closing, which is not news).
    func push(_ event: Event) {
        condition.lock()
        defer { condition.unlock() }
        lastActivity = .now
        guard !ended else { return }
        if case .text = event {} else { ended = true }
        events.append(event)
        condition.broadcast()
    }

    /// Records that the line is alive (a ping, a pong, any frame).
    func touch() {
        condition.lock()
        lastActivity = .now
        condition.unlock()
    }

    /// The next event, blocking; `nil` when nothing arrived — not even a pong — for
    /// `idleTimeout` seconds, or when `deadline` passed (neither limit when `nil`).
    func take(idleTimeout: Double?, deadline: ContinuousClock.Instant? = nil) -> Event? {
        condition.lock()
        defer { condition.unlock() }
        while head == events.count {
            var remaining = Double.infinity
            if let idleTimeout { remaining = idleTimeout - Self.seconds(lastActivity.duration(to: .now)) }
            if let deadline { remaining = min(remaining, Self.seconds(ContinuousClock.now.duration(to: deadline))) }
            if remaining <= 0 { return nil }
            if remaining == .infinity {
                condition.wait()
            } else {
                _ = condition.wait(until: Date(timeIntervalSinceNow: remaining))
            }
        }
        let event = events[head]
        head += 1
        if head > 256, head * 2 > events.count {
            events.removeFirst(head)
            head = 0
        }
        return event
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
