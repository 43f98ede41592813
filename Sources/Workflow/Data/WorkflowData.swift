import Foundation
import Market

/// The bars of a workflow run, loaded once, aligned across symbols and split into train and test.
///
/// Loading is strict: a missing file, a malformed row or a date range with too
/// few bars stops the run before any phase starts, with the file and line.
public struct WorkflowData: Sendable {
    public let plan: DataPlan
    /// Aligned bars over the whole requested date range, one series per symbol.
    public let full: [BarSeries]
    /// Index of the first test bar.
    public let splitIndex: Int
    /// Fingerprint of the exact bars (part of the run identity).
    public let fingerprint: String
    /// Rows dropped under `drop_invalid_rows`, per symbol, in symbol order.
    public let droppedRows: [(symbol: String, count: Int)]
    /// Bar spacing of the data.
    public let spacing: BarSpacing

    /// Loads and checks the data of `plan`.
    public static func load(_ plan: DataPlan) throws -> WorkflowData {
        guard !plan.symbols.isEmpty else { throw WorkflowError("data: no symbols given") }
        let loaded = try plan.barSource.load(symbols: plan.symbols, options: CSVLoadOptions(dropInvalidRows: plan.dropInvalidRows))
        var series = loaded.map(\.bars)
        let dropped = zip(plan.symbols, loaded).map { ($0, $1.dropped) }
        series = series.map { $0.slice(from: plan.start, to: plan.end) }
        if series.count > 1 { series = Alignment.commonTimestamps(series) }
        guard let first = series.first, first.count >= 20 else {
            let count = series.first?.count ?? 0
            throw WorkflowError("data: only \(count) bar(s) of \(plan.symbols.joined(separator: ", ")) between start_date and end_date (common to all symbols); need at least 20")
        }
        let splitIndex = try plan.split.splitIndex(count: first.count, timestamps: first.timestamps)
        var hash = StableHash()
        for bars in series {
            hash.combine(bars.symbol)
            for t in 0..<bars.count {
                hash.combine(bars.timestamps[t])
                hash.combine(bars.open[t])
                hash.combine(bars.high[t])
                hash.combine(bars.low[t])
                hash.combine(bars.close[t])
                hash.combine(bars.volume[t])
            }
            // extra columns (joined alternative data) are data too
            for column in bars.columns {
                hash.combine(column.name)
                for value in column.values { hash.combine(value) }
            }
        }
        return WorkflowData(plan: plan, full: series, splitIndex: splitIndex, fingerprint: hash.hex,
                            droppedRows: dropped, spacing: BarSpacing.infer(timestamps: first.timestamps))
    }

    /// The bars of `segment`.
    public func bars(_ segment: DataSegment) -> [BarSeries] {
        switch segment {
        case .full: return full
        case .train: return full.map { $0.slice(0..<splitIndex) }
        case .test: return full.map { $0.slice(splitIndex..<$0.count) }
        }
    }

    /// The bar positions of `segment` in the full data.
    public func range(_ segment: DataSegment) -> Range<Int> {
        let n = full.first?.count ?? 0
        switch segment {
        case .full: return 0..<n
        case .train: return 0..<splitIndex
        case .test: return splitIndex..<n
        }
    }

    /// The date of bar `t` (`YYYY-MM-DD`, or with a time for intraday data).
    public func date(_ t: Int) -> String {
        guard let timestamps = full.first?.timestamps, t >= 0, t < timestamps.count else { return "?" }
        return Timestamps.format(timestamps[t])
    }

    public var symbols: [String] { full.map(\.symbol) }
    public var periodsPerYear: Double { spacing.periodsPerYear }
}
