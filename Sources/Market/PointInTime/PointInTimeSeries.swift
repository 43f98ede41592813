/// One observation of a series published at its own time: what it measures (`eventTime`, e.g.
/// the month a figure describes), when it became public (`publishedAt`), and its value.
public struct PointInTimeRecord: Sendable, Equatable {
    public var eventTime: Int64
    public var publishedAt: Int64
    public var value: Double

    public init(eventTime: Int64, publishedAt: Int64, value: Double) {
        self.eventTime = eventTime
        self.publishedAt = publishedAt
        self.value = value
    }
}

/// A series of observations that become known at their publication times — economic
/// releases, sentiment scores, satellite counts — joined to bars *as of* each bar.
///
/// **The rule** (no look-ahead): the value at bar t is the observation with the latest event
/// time among those published strictly before bar t's timestamp; among revisions of that event
/// (same event time), the latest published. A daily bar stamped with its date (00:00 UTC)
/// therefore sees what was published up to the end of the previous day: a figure released on
/// 2020-01-15 at any time becomes visible at the first bar after it, 2020-01-16, and a signal
/// computed there trades at 2020-01-17's open. Before the first visible observation: NaN.
///
/// Equivalent to pandas `merge_asof(bars, records.sort_values("published_at"),
/// left_on="timestamp", right_on="published_at", allow_exact_matches=False)` followed by
/// taking the latest event among the visible records.
///
/// ```swift
/// let cpi = PointInTimeSeries(name: "cpi", records: records)
/// let column = cpi.asOf(spy.timestamps)            // one value per bar, NaN before the first release
/// let spyWithCPI = spy.adding(BarColumn(name: "cpi", values: column))
/// ```
public struct PointInTimeSeries: Sendable, Equatable {
    public var name: String
    /// In publication order (ties: event order), as ``asOf(_:)`` reads them.
    public private(set) var records: [PointInTimeRecord]

    public init(name: String, records: [PointInTimeRecord]) {
        self.name = name
        self.records = records.enumerated().sorted {
            ($0.element.publishedAt, $0.element.eventTime, $0.offset) < ($1.element.publishedAt, $1.element.eventTime, $1.offset)
        }.map(\.element)
    }

    /// Observations with no publication time of their own, published a fixed `lag` (seconds)
    /// after their event time (a declared publication lag, e.g. 45 days for a monthly index).
    public init(name: String, events: [(time: Int64, value: Double)], lag: Int64) {
        self.init(name: name, records: events.map { PointInTimeRecord(eventTime: $0.time, publishedAt: $0.time &+ max(0, lag), value: $0.value) })
    }

    /// The value visible at each of `timestamps` (ascending): one pass over bars and records.
    public func asOf(_ timestamps: [Int64]) -> [Double] {
        var values = [Double](repeating: .nan, count: timestamps.count)
        var next = 0
        var best: PointInTimeRecord?
        for (t, time) in timestamps.enumerated() {
            // every record published strictly before this bar becomes visible
            while next < records.count, records[next].publishedAt < time {
                let record = records[next]
                // the latest event wins; a later publication of the same event (a revision) replaces it
                if best.map({ record.eventTime >= $0.eventTime }) ?? true { best = record }
                next += 1
            }
            if let best { values[t] = best.value }
        }
        return values
    }
}
