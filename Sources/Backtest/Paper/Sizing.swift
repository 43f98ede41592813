/// The engine's decision rule for one bar, for callers that decide bar by bar (live sessions):
/// a signal is cleaned (non-finite → 0, clipped to `[-1, 1]`, negatives → 0 without
/// ``BacktestConfig/allowShort``), and a changed signal becomes a target weight of equity by
/// ``PositionSizing`` times the symbol's allocation — exactly as ``BacktestEngine`` step 3.
public struct Sizing: Sendable {
    public let config: BacktestConfig
    public let allocations: [Double]
    public let periodsPerYear: Double

    public init(config: BacktestConfig, symbols: Int, periodsPerYear: Double) {
        self.config = config
        allocations = config.allocations ?? [Double](repeating: 1 / Double(symbols), count: symbols)
        self.periodsPerYear = periodsPerYear
    }

    /// The signal as the engine reads it.
    public func clean(_ signal: Double) -> Double {
        var s = signal.isFinite ? signal : 0
        s = min(1, max(-1, s))
        if !config.allowShort { s = max(0, s) }
        return s
    }

    /// The target weight of a (cleaned) signal for symbol `i`, decided at bar `t` of `closes`.
    public func weight(signal: Double, symbol i: Int, closes: [Double], at t: Int) -> Double {
        guard signal != 0 else { return 0 }
        switch config.sizing {
        case .fixedFraction(let fraction):
            return signal * fraction * allocations[i]
        case .volatilityTarget(let target, let lookback, let maxLeverage):
            let sigma = rollingReturnVolatility(close: closes, at: t, lookback: lookback) * periodsPerYear.squareRoot()
            guard sigma.isFinite, sigma > 0 else { return 0 }
            return signal * min(maxLeverage, target / sigma) * allocations[i]
        }
    }
}
