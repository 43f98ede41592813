import Backtest
import Indicators
import Market
import Strategies

/// Runs one strategy with concrete parameters through the backtester.
///
/// A single-symbol strategy trades every symbol of the data as an equal-weight
/// portfolio; a pairs strategy trades the first two symbols. Indicators go
/// through the shared cache, so thousands of trials compute each one once.
public struct StrategyEvaluator: Sendable {
    public var config: BacktestConfig
    public var cache: IndicatorCache

    public init(config: BacktestConfig, cache: IndicatorCache = IndicatorCache()) {
        self.config = config
        self.cache = cache
    }

    /// The bars a strategy trades, out of the workflow's symbols.
    public static func bars(for strategy: StrategyDefinition, from series: [BarSeries]) throws -> [BarSeries] {
        if strategy.symbolCount == 1 { return series }
        guard series.count >= strategy.symbolCount else {
            throw WorkflowError("strategy \(strategy.name) trades \(strategy.symbolCount) symbols but the data has \(series.count) (\(series.map(\.symbol).joined(separator: ", ")))")
        }
        return Array(series.prefix(strategy.symbolCount))
    }

    /// The signals of `selection` on `series`.
    public func signals(_ selection: StrategySelection, on series: [BarSeries]) throws -> (bars: [BarSeries], signals: [SignalSeries]) {
        let strategy = try StrategyRegistry.strategy(named: selection.strategy)
        let parameters = try strategy.resolve(selection.parameters.values)
        let bars = try Self.bars(for: strategy, from: series)
        let signals: [SignalSeries]
        if strategy.symbolCount == 1 {
            signals = bars.flatMap { strategy.signals(StrategyContext(bars: [$0], cache: cache), parameters) }
        } else {
            signals = strategy.signals(StrategyContext(bars: bars, cache: cache), parameters)
        }
        return (bars, signals)
    }

    /// Backtests `selection` on `series`; `detail: .summary` keeps the metrics and trades only
    /// (what a search trial needs), `.full` the per-bar paths too.
    public func run(_ selection: StrategySelection, on series: [BarSeries], detail: ResultDetail = .full) throws -> BacktestResult {
        let (bars, signals) = try signals(selection, on: series)
        var config = self.config
        config.detail = detail
        return try BacktestEngine(config: config).run(bars: bars, signals: signals)
    }
}

extension StrategyEvaluator {
    /// Backtests `selection` on the bars at positions `range` only, with signals computed on
    /// the whole series (they are causal, so the bars before `range` serve as warm-up and the
    /// bars after it cannot influence them).
    public func run(_ selection: StrategySelection, on series: [BarSeries], range: Range<Int>) throws -> BacktestResult {
        let (bars, signals) = try signals(selection, on: series)
        let slicedBars = bars.map { $0.slice(range) }
        let slicedSignals = signals.map {
            SignalSeries(symbol: $0.symbol, timestamps: Array($0.timestamps[range]), values: Array($0.values[range]))
        }
        return try BacktestEngine(config: config).run(bars: slicedBars, signals: slicedSignals)
    }
}
