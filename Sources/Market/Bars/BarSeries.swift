/// One instrument's OHLCV bars as parallel contiguous arrays (structure of arrays).
///
/// Every hot loop in ADMF (indicators, sweeps, backtests) reads these arrays
/// directly, so the layout is column-wise rather than an array of bar structs.
/// Timestamps are UTC epoch seconds, strictly increasing once validated.
///
/// ```swift
/// let bars = try CSVBarLoader().load(path: "data/aapl_daily.csv")
/// print(bars.count, bars.close.last ?? .nan)
/// ```
public struct BarSeries: Sendable, Equatable {
    /// The instrument's symbol, e.g. `"AAPL"`.
    public var symbol: String
    /// Bar timestamps, UTC seconds since 1970-01-01.
    public var timestamps: [Int64]
    public var open: [Double]
    public var high: [Double]
    public var low: [Double]
    public var close: [Double]
    public var volume: [Double]

    public init(
        symbol: String, timestamps: [Int64], open: [Double], high: [Double],
        low: [Double], close: [Double], volume: [Double]
    ) {
        precondition(
            [open.count, high.count, low.count, close.count, volume.count]
                .allSatisfy { $0 == timestamps.count },
            "BarSeries columns must have equal length")
        self.symbol = symbol
        self.timestamps = timestamps
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// The number of bars.
    public var count: Int { timestamps.count }

    /// Whether the series holds no bars.
    public var isEmpty: Bool { timestamps.isEmpty }

    /// A copy with its own storage (no buffer shared with `self`).
    ///
    /// Threads that read the same arrays contend on their reference counts; a backtest
    /// running beside others on another core reads its private copy instead.
    public var privateCopy: BarSeries {
        slice(0..<count)
    }

    /// The bars at `range` (positions, not timestamps) as a new series.
    public func slice(_ range: Range<Int>) -> BarSeries {
        BarSeries(
            symbol: symbol, timestamps: Array(timestamps[range]), open: Array(open[range]),
            high: Array(high[range]), low: Array(low[range]), close: Array(close[range]),
            volume: Array(volume[range]))
    }

    /// The bars whose timestamps fall in `[from, to]` (either bound optional, inclusive).
    ///
    /// When that is every bar, the series itself is returned, sharing its storage: a
    /// copy would double the memory of a large series for nothing (use ``privateCopy``
    /// when separate storage is the point).
    public func slice(from: Int64?, to: Int64?) -> BarSeries {
        let lower = from.map { bound in timestamps.partitioningIndex { $0 >= bound } } ?? 0
        let upper = to.map { bound in timestamps.partitioningIndex { $0 > bound } } ?? count
        if lower == 0, upper >= count { return self }
        return slice(lower..<max(lower, upper))
    }
}

extension Array where Element == Int64 {
    /// The first index whose element satisfies `predicate`, for a predicate that is
    /// false then true along the (sorted) array: binary search.
    @inlinable
    func partitioningIndex(where predicate: (Int64) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
