/// Divides a series into an in-sample (train) part and a later out-of-sample (test) part.
///
/// The split is always by time: every train bar comes before every test bar.
///
/// ```swift
/// let (train, test) = try DataSplit.ratio(0.7).split(bars)         // first 70% of bars
/// let (before, after) = try DataSplit.date(Timestamps.parseDate("2010-01-01") ?? 0).split(bars)
/// ```
public enum DataSplit: Sendable, Equatable {
    /// The first `fraction` of the bars (rounded down) train; the rest test. `fraction` must be in (0, 1).
    case ratio(Double)
    /// Bars before this timestamp train; bars at or after it test.
    case date(Int64)

    /// The train and test parts; throws when either would be empty or the ratio is not in (0, 1).
    public func split(_ bars: BarSeries) throws -> (train: BarSeries, test: BarSeries) {
        let index = try splitIndexTyped(count: bars.count, timestamps: bars.timestamps)
        return (bars.slice(0..<index), bars.slice(index..<bars.count))
    }

    /// The index of the first test bar, for `count` bars with ascending `timestamps`.
    public func splitIndex(count: Int, timestamps: [Int64]) throws -> Int {
        try splitIndexTyped(count: count, timestamps: timestamps)
    }

    func splitIndexTyped(count: Int, timestamps: [Int64]) throws(MarketDataError) -> Int {
        switch self {
        case .ratio(let fraction):
            guard fraction > 0, fraction < 1 else {
                throw MarketDataError(
                    file: "", field: "split", reason: "split ratio \(fraction) is not between 0 and 1",
                    hint: "give the train fraction, e.g. 0.7")
            }
            let index = Int((Double(count) * fraction).rounded(.down))
            guard index > 0, index < count else {
                throw MarketDataError(
                    file: "", field: "split",
                    reason: "split ratio \(fraction) of \(count) bars leaves the \(index == 0 ? "train" : "test") part empty",
                    hint: "use more bars or a ratio nearer 0.5")
            }
            return index
        case .date(let start):
            let n = min(count, timestamps.count)
            let index = min(timestamps.partitioningIndex { $0 >= start }, n)
            guard index > 0 else {
                let first = timestamps.first.map { " (the first bar is \(Timestamps.format($0)))" } ?? ""
                throw MarketDataError(
                    file: "", field: "split",
                    reason: "split date \(Timestamps.format(start)) leaves the train part empty\(first)",
                    hint: "choose a date inside the data's range")
            }
            guard index < n else {
                let last = timestamps.last.map { " (the last bar is \(Timestamps.format($0)))" } ?? ""
                throw MarketDataError(
                    file: "", field: "split",
                    reason: "split date \(Timestamps.format(start)) leaves the test part empty\(last)",
                    hint: "choose a date inside the data's range")
            }
            return index
        }
    }
}
