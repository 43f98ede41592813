import Backtest
import Market
import Signals
import Strategies

/// Where an ensemble's member signals come from, each member's signal per symbol over a
/// range of the captured bars. Two implementations, which must agree bit for bit (tested):
/// ``ReplayedSignals`` reads the captured files once (`method: signal_replay`), and
/// ``RecomputedSignals`` re-runs every member strategy each time it is asked (what a search
/// without captured signals does); ``GivenSignals`` holds values already at hand.
protocol MemberSignalSource: Sendable {
    /// Member `member`'s signal on each of `symbols` (nil: the member does not trade it),
    /// over the bars `range` of the captured segment.
    func signals(member: Int) throws -> [[Double]?]
}

extension MemberSignalSource {
    /// Every member's signals narrowed to `range` (copied once).
    func values(members: Int, range: Range<Int>) throws -> [[[Double]?]] {
        try (0..<members).map { try signals(member: $0).map { $0.map { Array($0[range]) } } }
    }
}

/// Signals read from the signal store (``CapturedSignals``); damaged or missing files, or
/// files for other bars, are errors naming the file.
enum ReplayedSignals {
    /// The captured members' signals over `range` of the captured bars, aligned to `symbols`.
    static func load(_ captured: CapturedSignals, store: DirectorySignalStore, symbols: [String], timestamps: [Int64],
                     range: Range<Int>) throws -> GivenSignals {
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
        return GivenSignals(values: values)
    }
}

/// Signals computed again from each member's strategy and parameters, on every call.
struct RecomputedSignals: MemberSignalSource {
    let members: [StrategySelection]
    let bars: [BarSeries]
    let symbols: [String]
    let range: Range<Int>
    let evaluator: StrategyEvaluator

    func signals(member: Int) throws -> [[Double]?] {
        try Self.row(members[member], bars: bars, symbols: symbols, evaluator: evaluator).map { $0.map { Array($0[range]) } }
    }

    /// `member`'s signal on each of `symbols` over `bars` (nil where it does not trade).
    static func row(_ member: StrategySelection, bars: [BarSeries], symbols: [String], evaluator: StrategyEvaluator) throws -> [[Double]?] {
        let (_, signals) = try evaluator.signals(member, on: bars)
        var row = [[Double]?](repeating: nil, count: symbols.count)
        for signal in signals {
            if let j = symbols.firstIndex(of: signal.symbol) { row[j] = signal.values }
        }
        return row
    }

    /// Every member's ``row(_:bars:symbols:evaluator:)`` on the symbols of `bars`.
    static func rows(_ members: [StrategySelection], bars: [BarSeries], evaluator: StrategyEvaluator) throws -> [[[Double]?]] {
        let symbols = bars.map(\.symbol)
        return try members.map { try row($0, bars: bars, symbols: symbols, evaluator: evaluator) }
    }
}

/// Member signals given as values (replayed files, a `signal_set` input, or signals computed once).
struct GivenSignals: MemberSignalSource {
    let values: [[[Double]?]]
    func signals(member: Int) throws -> [[Double]?] { values[member] }
}
