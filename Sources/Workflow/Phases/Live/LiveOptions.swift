import Live

/// Run-wide settings of live phases, from the command line (`admf run --speed N`) and the
/// executable's wiring (the network connectors, which live in their own module so that the
/// research libraries build without them).
public struct LiveOptions: Sendable {
    /// Replay clock speed for every replayed feed of the run (multiples of real time;
    /// `.infinity` unpaced), overriding `clock.speed` and `real_time_data`.
    public var speed: Double?
    /// Makes the feeds and brokers that need a network (e.g. `alpaca`); nil: none available.
    public var connectors: (any LiveConnectorFactory)?

    public init(speed: Double? = nil, connectors: (any LiveConnectorFactory)? = nil) {
        self.speed = speed
        self.connectors = connectors
    }
}

/// Feeds and brokers beyond the built-in replay, standard-input and paper ones: one
/// implementation per vendor module (`LiveConnectors` wires Alpaca's).
public protocol LiveConnectorFactory: Sendable {
    /// The `feed.type` / `broker.type` names it makes.
    var feedTypes: [String] { get }
    var brokerTypes: [String] { get }
    /// A feed of `symbols`' bars; `settings` are the config's `feed:` scalars (url, feed, …).
    func feed(type: String, settings: [String: String], symbols: [String]) throws -> BarFeed
    /// A broker; credentials come from the environment, never from `settings`.
    func broker(type: String, settings: [String: String]) throws -> Broker
}
