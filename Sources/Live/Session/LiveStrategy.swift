import Market

/// What a live session trades: a strategy decided bar by bar.
///
/// ``start(symbols:)`` gives a fresh decision state for the session's symbols; the session
/// feeds it every bar in order — the warm-up history first, then each new step — and trades
/// the signals it returns for the newest bar. A state carries the incremental state of the strategy's indicators, so a
/// decision costs the same on the thousandth session bar as on the first. Every research
/// strategy is causal and its streamed form equals its batch signals bit for bit (tested), so
/// the decision at a bar is exactly the backtest's signal at that bar.
public protocol LiveStrategy {
    /// What the strategy is, for reports.
    var description: String { get }
    /// A new decision state over `symbols` (the session's, in its order), before any bar.
    func start(symbols: [String]) throws -> LiveDecisions
}

/// A live strategy's decision state (see ``LiveStrategy``): a reference whose state advances
/// with every ``next(_:)``.
public final class LiveDecisions {
    private let step: ([LiveBar]) throws -> [Double]

    /// A state whose `step` consumes one bar per session symbol and returns their signals.
    public init(_ step: @escaping ([LiveBar]) throws -> [Double]) {
        self.step = step
    }

    /// Consumes the next bar of every session symbol (in the session's order) and returns each
    /// symbol's signal, in `[-1, 1]`, at that bar.
    public func next(_ bars: [LiveBar]) throws -> [Double] {
        try step(bars)
    }
}
