import Indicators
import Market

/// What a strategy computes from: the bars of its symbols and a shared indicator cache.
public struct StrategyContext: Sendable {
    /// One series per symbol the strategy trades, aligned on common timestamps.
    public var bars: [BarSeries]
    /// Indicator values shared across parameter sets (an optimiser passes one cache to every trial).
    public var cache: IndicatorCache

    public init(bars: [BarSeries], cache: IndicatorCache = IndicatorCache()) {
        self.bars = bars
        self.cache = cache
    }

    /// The memoised indicator `name(parameters)` of symbol `index`'s `field`.
    public func indicator(_ name: String, of index: Int = 0, field: String = "close", _ parameters: [Double],
                          compute: () -> [Double]) -> [Double] {
        let series = bars[index]
        // The source names the exact bars (symbol, first bar, length), so a cache shared by
        // walk-forward windows or train/test splits never hands one window another's values.
        let source = "\(series.symbol)@\(series.timestamps.first ?? 0)+\(series.count).\(field)"
        return cache.value(for: IndicatorKey(name: name, source: source, parameters: parameters), compute: compute)
    }

    /// Several series made by one computation (e.g. MACD's line and signal), cached together:
    /// a miss runs `compute` once for all of `names`.
    public func indicators(_ names: [String], of index: Int = 0, field: String = "close", _ parameters: [Double],
                           compute: () -> [[Double]]) -> [[Double]] {
        let series = bars[index]
        let source = "\(series.symbol)@\(series.timestamps.first ?? 0)+\(series.count).\(field)"
        return cache.values(for: names.map { IndicatorKey(name: $0, source: source, parameters: parameters) }, compute: compute)
    }
}

/// A named strategy: its parameters, constraints and the rule that turns bars into signals.
///
/// Every strategy emits, per symbol, a target exposure in `[-1, 1]` for each bar
/// decided from data up to that bar's close (see `SignalSeries`); the backtester
/// decides when it trades.
///
/// ```swift
/// let strategy = try StrategyRegistry.strategy(named: "sma_crossover")
/// let parameters = try strategy.resolve(["fast_period": 10, "slow_period": 50])
/// let signals = strategy.signals(StrategyContext(bars: [bars]), parameters)
/// ```
public struct StrategyDefinition: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [ParameterSpec]
    /// How many symbols the strategy trades together (2 for pairs trading).
    public let symbolCount: Int
    public let constraints: [ParameterConstraint]
    let rule: @Sendable (StrategyContext, ParameterSet) -> [[Double]]
    /// The same rule bar by bar (see ``SignalStream``).
    let makeStream: @Sendable (ParameterSet) -> SignalStream

    init(name: String, summary: String, parameters: [ParameterSpec], symbolCount: Int = 1,
         constraints: [ParameterConstraint] = [],
         stream: @escaping @Sendable (ParameterSet) -> SignalStream,
         rule: @escaping @Sendable (StrategyContext, ParameterSet) -> [[Double]]) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.symbolCount = symbolCount
        self.constraints = constraints
        self.makeStream = stream
        self.rule = rule
    }

    /// The declaration of parameter `name`, if the strategy has it.
    public func parameter(_ name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }

    /// The defaults overridden by `values`, checked against the declarations and constraints.
    public func resolve(_ values: [String: Double]) throws -> ParameterSet {
        var resolved = ParameterSet()
        for spec in parameters { resolved[spec.name] = spec.defaultValue }
        for name in values.keys.sorted() {
            guard let spec = parameter(name), let value = values[name] else {
                let known = parameters.map(\.name)
                let hint = didYouMean(name, in: known).map { " — did you mean '\($0)'?" } ?? ""
                throw StrategyError(
                    "strategy \(self.name) has no parameter '\(name)'\(hint) (parameters: \(known.joined(separator: ", ")))")
            }
            if let problem = spec.problem(with: value) {
                throw StrategyError("strategy \(self.name): \(problem)")
            }
            resolved[name] = value
        }
        if let broken = constraints.first(where: { !$0.isSatisfied(by: resolved) }) {
            throw StrategyError("strategy \(self.name): parameters \(resolved) break the constraint \(broken)")
        }
        return resolved
    }

    /// Whether a resolved set satisfies every constraint (for optimisers that skip invalid grid points).
    public func satisfiesConstraints(_ parameters: ParameterSet) -> Bool {
        constraints.allSatisfy { $0.isSatisfied(by: parameters) }
    }

    /// Computes one signal series per symbol of `context` for already-resolved `parameters`.
    ///
    /// - Precondition: `context.bars.count == symbolCount` and the series share timestamps.
    public func signals(_ context: StrategyContext, _ parameters: ParameterSet) -> [SignalSeries] {
        precondition(context.bars.count == symbolCount,
                     "\(name) trades \(symbolCount) symbol(s), got \(context.bars.count)")
        let values = rule(context, parameters)
        return zip(context.bars, values).map {
            SignalSeries(symbol: $0.symbol, timestamps: $0.timestamps, values: $1)
        }
    }

    /// The rule as a ``SignalStream`` for already-resolved `parameters`: fed the bars of
    /// ``signals(_:_:)``'s context one by one, it returns the same values bit for bit.
    public func stream(_ parameters: ParameterSet) -> SignalStream {
        makeStream(parameters)
    }
}

extension StrategyDefinition {
    /// The searchable parameters of something that is not a rule on bars — a machine-learning
    /// model trained on features — so the samplers (grid, random, TPE, differential evolution)
    /// draw its parameters exactly as they draw a strategy's.
    ///
    /// Such a declaration is never in ``StrategyRegistry``, so no strategy evaluator can look it
    /// up by name; its own rule has nothing to compute from bars and holds every bar flat (0).
    public init(declaring name: String, summary: String, parameters: [ParameterSpec]) {
        self.init(name: name, summary: summary, parameters: parameters,
                  stream: { _ in SignalStream(symbolCount: 1) { $0.map { _ in 0 } } }) { context, _ in
            context.bars.map { [Double](repeating: 0, count: $0.count) }
        }
    }
}
