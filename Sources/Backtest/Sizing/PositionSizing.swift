/// How a signal in `[-1, 1]` becomes a target weight of equity.
///
/// - ``fixedFraction(_:)``: weight = signal × fraction (1 = fully invested).
/// - ``volatilityTarget(annualVolatility:lookback:maxLeverage:)``: weight =
///   signal × min(maxLeverage, target / σ̂), where σ̂ is the annualised standard
///   deviation (ddof 1) of the last `lookback` close-to-close returns known at the
///   decision bar; flat until `lookback` returns exist.
///
/// In a portfolio of `k` symbols each symbol's weight is further multiplied by its
/// allocation (equal, `1/k`, by default). Weights above 1 in total only take effect up to
/// the account's ``BacktestConfig/maxLeverage`` (default 1), which scales the orders.
public enum PositionSizing: Sendable, Equatable {
    case fixedFraction(Double)
    case volatilityTarget(annualVolatility: Double, lookback: Int, maxLeverage: Double)

    /// Fully invested in the direction of the signal.
    public static let fullyInvested = PositionSizing.fixedFraction(1)
}
