/// A backtest that cannot run as asked, with what to change.
public struct BacktestError: Error, CustomStringConvertible, Equatable, Sendable {
    public var reason: String
    public var hint: String?

    public init(_ reason: String, hint: String? = nil) {
        self.reason = reason
        self.hint = hint
    }

    public var description: String {
        hint.map { "\(reason) (\($0))" } ?? reason
    }
}

extension BacktestConfig {
    /// Checks the settings, naming the first one that is out of range.
    public func validate(symbolCount: Int) throws {
        guard initialCapital > 0, initialCapital.isFinite else {
            throw BacktestError("initial capital \(initialCapital) must be positive")
        }
        guard delayBars >= 0 else { throw BacktestError("execution delay \(delayBars) bars must be ≥ 0") }
        for (name, value) in [
            ("commission_bps", costs.commissionBps), ("commission_per_share", costs.commissionPerShare),
            ("slippage_bps", costs.slippageBps),
        ] where !(value >= 0 && value.isFinite) {
            throw BacktestError("\(name) \(value) must be a non-negative number")
        }
        // 10,000 bp is the whole price: a sale would fill at or below zero, or pay all it is worth.
        for (name, value) in [("commission_bps", costs.commissionBps), ("slippage_bps", costs.slippageBps)]
        where !(value < 10_000) {
            throw BacktestError("\(name) \(value) must be below 10000 basis points (100 % of the price)")
        }
        if let impact = costs.marketImpact {
            guard impact.coefficient >= 0, impact.volatilityLookback >= 2 else {
                throw BacktestError("market impact needs coefficient ≥ 0 and volatility lookback ≥ 2")
            }
        }
        switch sizing {
        case .fixedFraction(let fraction):
            guard fraction > 0, fraction.isFinite else {
                throw BacktestError("position fraction \(fraction) must be positive")
            }
        case .volatilityTarget(let target, let lookback, let leverage):
            guard target > 0, lookback >= 2, leverage > 0 else {
                throw BacktestError(
                    "volatility target needs target > 0, lookback ≥ 2 and max leverage > 0",
                    hint: "got target \(target), lookback \(lookback), max leverage \(leverage)")
            }
        }
        for (name, value) in [("stop_loss", stops.stopLoss), ("take_profit", stops.takeProfit),
                              ("trailing_stop", stops.trailingStop)] {
            if let value, !(value > 0 && value < 10) {
                throw BacktestError("\(name) \(value) must be a positive fraction, e.g. 0.05 for 5 %")
            }
        }
        if let allocations {
            guard allocations.count == symbolCount else {
                throw BacktestError("\(allocations.count) allocations given for \(symbolCount) symbols")
            }
            guard allocations.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw BacktestError("allocations must be non-negative numbers")
            }
        }
        guard maxLeverage > 0, maxLeverage.isFinite else {
            throw BacktestError("max_leverage \(maxLeverage) must be a positive number, e.g. 1 for no borrowing")
        }
        for (name, value) in [("financing_rate", financingRate), ("borrow_rate", borrowRate)]
        where !(value >= 0 && value.isFinite) {
            throw BacktestError("\(name) \(value) must be a non-negative annual rate, e.g. 0.05 for 5 %")
        }
        if let periodsPerYear, !(periodsPerYear > 0) {
            throw BacktestError("periods per year \(periodsPerYear) must be positive")
        }
    }
}
