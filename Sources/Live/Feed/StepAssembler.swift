/// Groups a feed's bars into ``MarketStep``s: every symbol's bar at one timestamp.
///
/// A step is complete when each symbol's bar has arrived, or when a bar of a later timestamp
/// arrives first; the symbols then missing are carried forward from their previous close
/// (open = high = low = close, volume 0) and named in ``MarketStep/carried``. A symbol with no
/// bar yet cannot be carried: its step is dropped with a reason. Bars of symbols the session
/// does not trade are ignored; a bar older than the current step is an error.
public struct StepAssembler {
    public let symbols: [String]
    private let index: [String: Int]
    private var current: [LiveBar?]
    private var timestamp: Int64?
    private var lastClose: [Double]
    private var lastTimestamp: Int64 = .min

    /// `lastClose`: the closes before the session (the warm-up history), for carrying forward.
    public init(symbols: [String], lastClose: [Double]? = nil) {
        self.symbols = symbols
        index = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, $0) })
        current = [LiveBar?](repeating: nil, count: symbols.count)
        self.lastClose = lastClose ?? [Double](repeating: .nan, count: symbols.count)
    }

    public enum Outcome {
        case step(MarketStep)
        case dropped(timestamp: Int64, reason: String)
    }

    /// Adds `bar`; returns the steps it completes (zero, one, or two when it completes the
    /// previous step and is the last symbol of its own).
    public mutating func add(_ bar: LiveBar) throws -> [Outcome] {
        guard let i = index[bar.symbol] else { return [] }
        guard bar.timestamp > lastTimestamp else {
            throw LiveError("bar \(bar.symbol) at \(bar.timestamp) is not after the last step (\(lastTimestamp)): feeds must not go back in time")
        }
        var out: [Outcome] = []
        if let t = timestamp, bar.timestamp != t {
            guard bar.timestamp > t else {
                throw LiveError("bar \(bar.symbol) at \(bar.timestamp) arrived after bars at \(t): feeds must not go back in time")
            }
            out.append(flush())
        }
        timestamp = bar.timestamp
        if current[i] != nil { throw LiveError("two bars for \(bar.symbol) at \(bar.timestamp)") }
        current[i] = bar
        if current.allSatisfy({ $0 != nil }) { out.append(flush()) }
        return out
    }

    /// The step in progress at the end of the feed, if any.
    public mutating func finish() -> Outcome? {
        timestamp == nil ? nil : flush()
    }

    private mutating func flush() -> Outcome {
        guard let t = timestamp else { return .dropped(timestamp: 0, reason: "empty") }
        defer {
            timestamp = nil
            current = [LiveBar?](repeating: nil, count: symbols.count)
            lastTimestamp = t
        }
        var bars: [LiveBar] = []
        var carried: [String] = []
        for (i, bar) in current.enumerated() {
            if let bar {
                bars.append(bar)
                continue
            }
            let close = lastClose[i]
            guard close.isFinite else {
                return .dropped(timestamp: t, reason: "no bar for \(symbols[i]) yet, and no earlier close to carry")
            }
            carried.append(symbols[i])
            bars.append(LiveBar(symbol: symbols[i], timestamp: t, open: close, high: close, low: close, close: close, volume: 0))
        }
        for (i, bar) in bars.enumerated() { lastClose[i] = bar.close }
        return .step(MarketStep(timestamp: t, bars: bars, carried: carried))
    }
}
