import Market
import Reports

extension WalkForwardPhase {
    /// The stitched out-of-sample returns with their dates, for consumers of
    /// `walk_forward_results` that need the per-bar series (e.g. an analysis phase's risk
    /// analysis): `{"dates": [...], "returns": [...]}`, `returns[j]` the simple return into the
    /// bar dated `dates[j]` (close to close, inside one window's test backtest). The series is
    /// ``stitchedReturns(_:)`` — the return across two windows' boundary is not included.
    /// When the dates cannot be matched to the returns (a resumed run on other data), `dates`
    /// is empty.
    func stitchedSeries(_ windows: [JSONValue], context: PhaseContext) -> JSONValue {
        let returns = stitchedReturns(windows)
        let timestamps = context.data.full.first?.timestamps ?? []
        let firstTest = windows.first?["test_start"]?.stringValue.flatMap { start in
            timestamps.firstIndex { Timestamps.format($0) == start }
        } ?? 0
        let planned = self.windows(count: timestamps.count, firstTest: firstTest).prefix(windows.count)
        var dates: [String] = []
        for (k, window) in planned.enumerated() {
            let upper = k < planned.count - 1 ? min(window.testRange.upperBound, window.testRange.lowerBound + step) : window.testRange.upperBound
            dates += timestamps[(window.testRange.lowerBound + 1)..<upper].map(Timestamps.format)
        }
        if dates.count != returns.count { dates = [] }
        return .object([("dates", .array(dates.map { .string($0) })), ("returns", .array(returns.map { .number($0) }))])
    }
}
