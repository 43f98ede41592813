/// Puts several series on one clock.
///
/// ```swift
/// let aligned = Alignment.commonTimestamps([spy, qqq])
/// // aligned[0].timestamps == aligned[1].timestamps, every bar present in both
/// ```
public enum Alignment {
    /// Each series restricted to the timestamps that *every* series has, in the order given.
    ///
    /// Bars are kept as they are (nothing is filled forward); a timestamp missing
    /// from any one series is dropped from all. Timestamps must be ascending, as
    /// loaded series' are. An empty input gives an empty output; one series is returned unchanged.
    public static func commonTimestamps(_ series: [BarSeries]) -> [BarSeries] {
        guard let first = series.first else { return [] }
        guard series.count > 1 else { return series }
        var common = first.timestamps
        for other in series.dropFirst() {
            common = intersect(common, other.timestamps)
        }
        return series.map { restrict($0, to: common) }
    }

    /// The timestamps found in both ascending arrays (a sorted merge).
    static func intersect(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(min(a.count, b.count))
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                result.append(a[i])
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }

    /// The bars of `bars` whose timestamps are in the ascending `timestamps` (a subset of its own).
    static func restrict(_ bars: BarSeries, to timestamps: [Int64]) -> BarSeries {
        if bars.timestamps == timestamps { return bars }
        var keep: [Int] = []
        keep.reserveCapacity(timestamps.count)
        var j = 0
        for (i, t) in bars.timestamps.enumerated() where j < timestamps.count {
            if t == timestamps[j] {
                keep.append(i)
                j += 1
            }
        }
        return BarSeries(
            symbol: bars.symbol, timestamps: keep.map { bars.timestamps[$0] }, open: keep.map { bars.open[$0] },
            high: keep.map { bars.high[$0] }, low: keep.map { bars.low[$0] }, close: keep.map { bars.close[$0] },
            volume: keep.map { bars.volume[$0] },
            columns: bars.columns.map { column in BarColumn(name: column.name, values: keep.map { column.values[$0] }) })
    }
}
