/// An instantaneous hypothetical shock: a simple return per symbol (SPY −20%,
/// VIXY +30%, ...), applied to position weights.
///
/// With weights `w_s` as fractions of equity (negative = short; they need not sum
/// to 1, the rest is cash, which the shock leaves unchanged) and shocks `s_s`:
///
/// `portfolio return = Σ_s w_s · s_s`,
///
/// the first-order (linear, no path, no rebalancing) P&L of a jump. A held symbol
/// with no shock counts as unchanged (contribution 0) and is listed in
/// ``ShockResult/unshocked``; a shocked symbol that is not held contributes
/// nothing. Non-finite weights or shocks propagate to a non-finite result.
///
/// Reference: Basel Committee, "Principles for sound stress testing practices and
/// supervision", 2009 (hypothetical scenarios).
///
/// ```swift
/// let crash = ScenarioShock(name: "equity crash", shocks: ["SPY": -0.20, "VIXY": 0.30])
/// crash.apply(weights: ["SPY": 0.8, "VIXY": 0.1, "TLT": 0.1]).portfolioReturn
/// // 0.8·(−0.20) + 0.1·0.30 = −0.13; TLT listed as unshocked
/// ```
public struct ScenarioShock: Sendable, Equatable {
    public var name: String
    /// Symbol → simple return of the shock (−0.20 = a 20% fall).
    public var shocks: [String: Double]

    public init(name: String, shocks: [String: Double]) {
        self.name = name
        self.shocks = shocks
    }

    /// The shock's effect on a portfolio with `weights` (symbol → fraction of equity).
    public func apply(weights: [String: Double]) -> ShockResult {
        var contributions: [ShockResult.Contribution] = []
        var unshocked: [String] = []
        var total = 0.0
        for symbol in weights.keys.sorted() {
            let weight = weights[symbol] ?? 0
            guard let shock = shocks[symbol] else {
                unshocked.append(symbol)
                continue
            }
            let contribution = weight * shock
            total += contribution
            contributions.append(.init(symbol: symbol, weight: weight, shock: shock, contribution: contribution))
        }
        return ShockResult(name: name, portfolioReturn: total, contributions: contributions, unshocked: unshocked)
    }
}

/// The outcome of a ``ScenarioShock``; symbols sorted, so equal inputs give equal results.
public struct ShockResult: Sendable, Equatable {
    /// One shocked holding: `contribution = weight · shock`.
    public struct Contribution: Sendable, Equatable {
        public var symbol: String
        public var weight: Double
        public var shock: Double
        public var contribution: Double
    }

    /// The shock's name.
    public var name: String
    /// `Σ weight · shock` over the shocked holdings.
    public var portfolioReturn: Double
    /// The shocked holdings, by symbol.
    public var contributions: [Contribution]
    /// Held symbols the scenario does not shock, by symbol.
    public var unshocked: [String]
}
