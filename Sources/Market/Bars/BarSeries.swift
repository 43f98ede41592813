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
    /// Extra named columns beside OHLCV, one value per bar (NaN where there is none), in the
    /// order they were added — e.g. alternative data joined as of each bar's time
    /// (``PointInTimeSeries``). Slicing and alignment carry them.
    public var columns: [BarColumn]

    public init(
        symbol: String, timestamps: [Int64], open: [Double], high: [Double],
        low: [Double], close: [Double], volume: [Double], columns: [BarColumn] = []
    ) {
        precondition(
            ([open.count, high.count, low.count, close.count, volume.count] + columns.map(\.values.count))
                .allSatisfy { $0 == timestamps.count },
            "BarSeries columns must have equal length")
        self.symbol = symbol
        self.timestamps = timestamps
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.columns = columns
    }

    /// The values of the extra column `name`, if there is one.
    public func column(_ name: String) -> [Double]? {
        columns.first { $0.name == name }?.values
    }

    /// A copy with `column` added (or replacing one of the same name, in place).
    public func adding(_ column: BarColumn) -> BarSeries {
        precondition(column.values.count == count, "a bar column needs one value per bar")
        var copy = self
        if let k = copy.columns.firstIndex(where: { $0.name == column.name }) {
            copy.columns[k] = column
        } else {
            copy.columns.append(column)
        }
        return copy
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
            volume: Array(volume[range]), columns: columns.map { BarColumn(name: $0.name, values: Array($0.values[range])) })
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

/// A named column of per-bar values beside a series' OHLCV.
public struct BarColumn: Sendable, Equatable {
    public var name: String
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }

    /// Equal when names match and values match bit for bit (NaN equals NaN).
    public static func == (lhs: BarColumn, rhs: BarColumn) -> Bool {
        lhs.name == rhs.name && lhs.values.count == rhs.values.count
            && zip(lhs.values, rhs.values).allSatisfy { $0.bitPattern == $1.bitPattern }
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
