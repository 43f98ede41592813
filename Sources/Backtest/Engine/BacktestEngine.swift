import Market
import Metrics

/// The event-ordered backtester: signal → target weight → order → fill → portfolio.
///
/// Within each bar `t` the engine does, in this order:
/// 0. for `t ≥ 1`, debits financing and borrow for the interval since close `t − 1`,
///    on the cash and short positions held at that close (``BacktestConfig/financingRate``,
///    ``BacktestConfig/borrowRate``);
/// 1. fills orders due at the open (``FillTiming/nextOpen``) at `open[t]`;
/// 2. checks stop-loss, take-profit and trailing stops on `open/high/low[t]` (gap-aware);
/// 3. reads each symbol's signal at `t`; when it differs from the previous bar's,
///    turns it into a target weight (``PositionSizing``) and schedules an order for
///    bar `t + 1 + delay` (next open) or `t + delay` (close);
/// 4. fills orders due at the close (``FillTiming/close``) at `close[t]`;
/// 5. values the portfolio at `close[t]`.
///
/// Orders are sized when they fill: target units = weight × allocation × equity /
/// reference price, with equity valued once for the fill moment at that moment's
/// prices, before any of its fills. The targets are then scaled down, if needed, by
/// the leverage cap (``BacktestConfig/maxLeverage``). Positions are fractional units;
/// an order smaller than 10⁻¹² of the position is ignored as rounding noise. Costs
/// follow ``CostModel``.
///
/// **Paths.** One symbol without protective stops (the common trial) runs through
/// `SingleSymbolSimulation`, the same operations on local state and contiguous buffers; all
/// other cases through the general loop. The choice is the engine's; the results are
/// bit-for-bit the same (tested), and ``BacktestConfig/detail`` `.summary` skips the per-bar
/// arrays on either path.
///
/// **Ruin.** Equity is checked at every fill moment with orders due (before its fills,
/// at its prices) and at every close. When it is zero or below, every position is
/// closed at that moment's prices, pending orders are dropped, and the run stops
/// trading: ``BacktestResult/ruinBar`` is that bar, equity is reported as 0 from it on
/// (a loss beyond the account is not carried), and returns are 0 after it.
///
/// ```swift
/// let bars = try CSVBarLoader().load(path: "data/aapl_daily.csv")
/// let signal = SignalSeries(symbol: "AAPL", timestamps: bars.timestamps, values: mySignal)
/// let result = try BacktestEngine(config: BacktestConfig()).run(bars: [bars], signals: [signal])
/// print(result.summary.sharpeRatio)
/// ```
public struct BacktestEngine: Sendable {
    public var config: BacktestConfig

    public init(config: BacktestConfig) {
        self.config = config
    }

    /// Runs one symbol.
    public func run(bars: BarSeries, signal: SignalSeries) throws -> BacktestResult {
        try run(bars: [bars], signals: [signal])
    }

    /// Runs a portfolio of symbols whose bars share the same timestamps
    /// (see `Alignment.commonTimestamps`), one signal series per symbol, in the same order.
    public func run(bars: [BarSeries], signals: [SignalSeries]) throws -> BacktestResult {
        try checkInputs(bars: bars, signals: signals)
        try config.validate(symbolCount: bars.count)
        if SingleSymbolSimulation.isEligible(config: config, symbols: bars.count) {
            var simulation = SingleSymbolSimulation(config: config, bars: bars[0], signal: signals[0])
            return simulation.run()
        }
        var simulation = Simulation(config: config, bars: bars, signals: signals)
        return simulation.run()
    }

    /// The general event loop, whatever the case (for tests comparing it with the fast path).
    func runGeneral(bars: [BarSeries], signals: [SignalSeries]) throws -> BacktestResult {
        try checkInputs(bars: bars, signals: signals)
        try config.validate(symbolCount: bars.count)
        var simulation = Simulation(config: config, bars: bars, signals: signals)
        return simulation.run()
    }

    private func checkInputs(bars: [BarSeries], signals: [SignalSeries]) throws {
        guard let first = bars.first else { throw BacktestError("no bars to backtest") }
        guard first.count >= 2 else {
            throw BacktestError("\(first.symbol): \(first.count) bar(s) — a backtest needs at least 2")
        }
        guard bars.count == signals.count else {
            throw BacktestError("\(bars.count) bar series but \(signals.count) signal series")
        }
        for (series, signal) in zip(bars, signals) {
            guard series.timestamps == first.timestamps else {
                throw BacktestError(
                    "\(series.symbol): timestamps differ from \(first.symbol)'s",
                    hint: "align the symbols on common timestamps first")
            }
            guard signal.timestamps == series.timestamps else {
                throw BacktestError(
                    "signal for \(signal.symbol) is not aligned with the bars of \(series.symbol)",
                    hint: "compute the signal on the same bars")
            }
        }
    }
}
