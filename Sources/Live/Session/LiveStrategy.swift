import Market

/// What a live session trades: the target signal of each symbol at the latest bar, decided from
/// the bars up to and including it (the warm-up history, then every session bar).
///
/// The first implementation (in `Workflow`) evaluates the research strategy — a single
/// strategy, an ensemble, a regime-gated ensemble — over the whole history on every bar, which
/// equals the backtest's signal at that bar exactly because every strategy is causal (its value
/// at bar t reads bars up to t only; tested for each one).
public protocol LiveStrategy {
    /// What the strategy is, for reports.
    var description: String { get }
    /// One signal per session symbol, in `[-1, 1]`, at the last bar of `history`.
    func signals(history: [BarSeries]) throws -> [Double]
}
