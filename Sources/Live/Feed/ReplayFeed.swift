import Market

/// Bars of aligned series (a data directory's files, or any loaded bars) replayed in timestamp
/// order on a ``FeedClock``: the feed a paper session uses to trade the bars after the research
/// period, accelerated (`--speed 100000`) or in real time.
public final class ReplayFeed: BarFeed {
    public let description: String
    /// The bars come from loaded series: a rerun reads them again.
    public var isReplayable: Bool { true }
    private let series: [BarSeries]
    private var position: Int
    private let end: Int
    private var symbol = 0
    private var pacer: Pacer

    /// Replays `series[*][range]` (the series share timestamps).
    public init(series: [BarSeries], range: Range<Int>, clock: FeedClock, name: String) {
        self.series = series
        position = range.lowerBound
        end = range.upperBound
        pacer = Pacer(clock: clock)
        let pace = clock.speed.isFinite ? "at \(clock.speed.formatted())× real time" : "unpaced"
        description = "replay of \(name) (\(series.map(\.symbol).joined(separator: ", "))) \(pace)"
    }

    public func next() throws -> LiveBar? {
        guard position < end, let first = series.first else { return nil }
        if symbol == 0 { pacer.pace(to: first.timestamps[position]) }
        let s = series[symbol]
        let bar = LiveBar(symbol: s.symbol, timestamp: s.timestamps[position], open: s.open[position], high: s.high[position],
                          low: s.low[position], close: s.close[position], volume: s.volume[position])
        symbol += 1
        if symbol == series.count {
            symbol = 0
            position += 1
        }
        return bar
    }

    public func resume(after timestamp: Int64) throws {
        guard let first = series.first else { return }
        while position < end, first.timestamps[position] <= timestamp { position += 1 }
        symbol = 0
    }
}

extension Double {
    /// `1000`, `2.5`: the shortest form for small counts in descriptions.
    func formatted() -> String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
