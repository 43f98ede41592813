import Market

/// One bar of one symbol as a live feed delivers it.
///
/// Timestamps are UTC epoch seconds like ``Market/BarSeries``; a bar stands for the interval
/// that starts at its timestamp (Alpaca's convention), and is complete when it arrives.
public struct LiveBar: Sendable, Equatable {
    public var symbol: String
    public var timestamp: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(symbol: String, timestamp: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.symbol = symbol
        self.timestamp = timestamp
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// Why the bar cannot be traded on, or `nil` when it is sound: finite positive prices,
    /// `low ≤ open, close ≤ high`, volume finite and not negative.
    public var problem: String? {
        let prices = [open, high, low, close]
        guard prices.allSatisfy({ $0.isFinite && $0 > 0 }) else { return "prices must be finite and positive" }
        guard low <= min(open, close), high >= max(open, close) else { return "low/high do not bracket open and close" }
        guard volume.isFinite, volume >= 0 else { return "volume must be finite and not negative" }
        return nil
    }
}

/// The bars of every traded symbol at one timestamp: the unit a live session decides on.
public struct MarketStep: Sendable, Equatable {
    public var timestamp: Int64
    /// One bar per symbol, in the session's symbol order.
    public var bars: [LiveBar]
    /// Symbols whose bar was missing at this timestamp and was carried forward from their
    /// previous close (open = high = low = close, volume 0).
    public var carried: [String] = []

    public init(timestamp: Int64, bars: [LiveBar], carried: [String] = []) {
        self.timestamp = timestamp
        self.bars = bars
        self.carried = carried
    }
}
