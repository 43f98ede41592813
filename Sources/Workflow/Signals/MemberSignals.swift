import Backtest
import Market
import Signals
import Strategies

/// Where an ensemble's member signals come from, each member's signal per symbol over a
/// range of the captured bars. Two implementations, which must agree bit for bit (tested):
/// ``ReplayedSignals`` reads the captured files once (`method: signal_replay`), and
/// ``RecomputedSignals`` re-runs every member strategy each time it is asked (what a search
/// without captured signals does).
protocol MemberSignalSource: Sendable {
    /// Member `member`'s signal on each of `symbols` (nil: the member does not trade it),
    /// over the bars `range` of the captured segment.
    func signals(member: Int) throws -> [[Double]?]
}

/// Signals read from the signal store (``CapturedSignals``); damaged or missing files, or
/// files for other bars, are errors naming the file.
struct ReplayedSignals: MemberSignalSource {
    let values: [[[Double]?]]

    init(_ captured: CapturedSignals, store: DirectorySignalStore, symbols: [String], timestamps: [Int64], range: Range<Int>) throws {
        var values: [[[Double]?]] = []
        for member in captured.members {
            var row = [[Double]?](repeating: nil, count: symbols.count)
            for (symbol, hex) in zip(member.symbols, member.keys) {
                guard let key = SignalKey(hex: hex), let j = symbols.firstIndex(of: symbol) else {
                    throw WorkflowError("captured member \(member.label) names symbol \(symbol) or key \(hex), which this workflow does not have")
                }
                guard let frame = try store.get(key) else {
                    throw WorkflowError("the captured signal of \(member.label) on \(symbol) is missing from \(store.path(for: key)); rerun the capture phase")
                }
                guard frame.timestamps == timestamps, let signal = frame.doubles() else {
                    throw WorkflowError("the captured signal \(store.path(for: key)) was computed on other bars than this workflow's")
                }
                row[j] = Array(signal[range])
            }
            values.append(row)
        }
        self.values = values
    }

    func signals(member: Int) throws -> [[Double]?] { values[member] }
}

/// Signals computed again from each member's strategy and parameters, on every call.
struct RecomputedSignals: MemberSignalSource {
    let members: [StrategySelection]
    let bars: [BarSeries]
    let symbols: [String]
    let range: Range<Int>
    let evaluator: StrategyEvaluator

    func signals(member: Int) throws -> [[Double]?] {
        let (_, signals) = try evaluator.signals(members[member], on: bars)
        var row = [[Double]?](repeating: nil, count: symbols.count)
        for signal in signals {
            if let j = symbols.firstIndex(of: signal.symbol) { row[j] = Array(signal.values[range]) }
        }
        return row
    }
}
