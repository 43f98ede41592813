/// A strategy's output for one instrument: a target exposure per bar.
///
/// Values lie in `[-1, 1]`: `+1` fully long, `-1` fully short, `0` flat; values in
/// between are fractional weights. The value at bar `t` is decided with information
/// up to and including bar `t`'s close; the backtester decides when it trades
/// (by default at bar `t + 1`'s open), so a signal series never looks ahead.
///
/// Signals are a product of their own: the backtester consumes signal series, not
/// strategy objects, so captured signals can be stored and replayed.
public struct SignalSeries: Sendable, Equatable {
    /// The instrument the signal trades.
    public var symbol: String
    /// Bar timestamps, aligned one-to-one with the bars the signal was computed on.
    public var timestamps: [Int64]
    /// Target exposure per bar in `[-1, 1]`.
    public var values: [Double]

    public init(symbol: String, timestamps: [Int64], values: [Double]) {
        precondition(timestamps.count == values.count, "SignalSeries columns must have equal length")
        self.symbol = symbol
        self.timestamps = timestamps
        self.values = values
    }

    /// The number of bars.
    public var count: Int { values.count }
}
