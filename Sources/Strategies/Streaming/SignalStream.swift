/// One bar of one symbol, as a ``SignalStream`` consumes it.
public struct BarPoint: Sendable, Equatable {
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}

/// A strategy evaluated bar by bar: each call consumes the next bar of every symbol the
/// strategy trades and returns every symbol's signal at that bar — what a live session asks
/// of a strategy when a new bar arrives.
///
/// A stream carries the incremental state of the strategy's indicators (``Indicators``'
/// `…State` types, the same ones the batch functions run over whole series) and of its
/// position rule, so a bar costs the same whatever the length of the history behind it, and
/// the n-th value equals the batch signal at bar n bit for bit (tested for every registered
/// strategy against ``StrategyDefinition/signals(_:_:)``).
///
/// ```swift
/// let strategy = try StrategyRegistry.strategy(named: "sma_crossover")
/// let stream = strategy.stream(try strategy.resolve(["fast_period": 10, "slow_period": 50]))
/// for bar in bars { let signal = stream.next([bar])[0] }
/// ```
///
/// A stream is a reference: its state advances with every call, whoever holds it.
public final class SignalStream {
    private let step: ([BarPoint]) -> [Double]
    /// How many symbols each call takes.
    public let symbolCount: Int

    /// A stream over `symbolCount` symbols whose `step` consumes one bar of each.
    public init(symbolCount: Int, _ step: @escaping ([BarPoint]) -> [Double]) {
        self.symbolCount = symbolCount
        self.step = step
    }

    /// Consumes the next bar of each symbol (in the strategy's symbol order) and returns each
    /// symbol's signal at that bar.
    ///
    /// - Precondition: `bars.count == symbolCount`.
    public func next(_ bars: [BarPoint]) -> [Double] {
        precondition(bars.count == symbolCount, "a stream over \(symbolCount) symbol(s) got \(bars.count) bars")
        return step(bars)
    }
}
