import Foundation

/// The pace at which a replayed feed delivers bars: the time between two bars' timestamps,
/// divided by ``speed`` (1 real time, 1000 a thousand times faster); ``unpaced`` delivers them as
/// fast as they are read. Waiting uses the monotonic clock, so a slow consumer does not make
/// the feed fall further behind.
public struct FeedClock: Sendable, Equatable {
    /// Multiples of real time; `.infinity` for no pacing.
    public var speed: Double

    public init(speed: Double) { self.speed = speed }

    public static let unpaced = FeedClock(speed: .infinity)
    public static let realTime = FeedClock(speed: 1)

    /// Seconds of wall time between bars `seconds` of market time apart.
    public func wait(forMarketSeconds seconds: Int64) -> Double {
        guard speed.isFinite, speed > 0, seconds > 0 else { return 0 }
        return Double(seconds) / speed
    }
}

/// Sleeps the wall-clock intervals a ``FeedClock`` asks for, measured from one anchor so that
/// rounding does not accumulate.
struct Pacer {
    let clock: FeedClock
    private var anchorWall: UInt64?
    private var anchorMarket: Int64 = 0

    init(clock: FeedClock) { self.clock = clock }

    mutating func pace(to timestamp: Int64) {
        guard clock.speed.isFinite else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard let start = anchorWall else {
            anchorWall = now
            anchorMarket = timestamp
            return
        }
        let due = start + UInt64(clock.wait(forMarketSeconds: timestamp - anchorMarket) * 1e9)
        if due > now { usleep(UInt32(min(Double(due - now) / 1000, 4e9))) }
    }
}
