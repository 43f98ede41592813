/// The arithmetic of ``BacktestConfig/maxLeverage``'s rule (read the rule there).
///
/// For one order from `u` units to the unscaled target `τ`:
/// kept part `b = sign(τ)·min(|u|, |τ|)` if `u·τ > 0` else `0`; added part `τ − b`;
/// scaled target `b + s·(τ − b)`. For one fill moment:
/// `s = 1` if `G(1) ≤ L·(E − C)·(1 + 10⁻¹²)`; else `s = 0` if `G_rest + G_kept ≥ L·(E − C)·(1 − 10⁻¹²)`;
/// else `s = min(1, (L·(E − C) − G_rest − G_kept) / G_added)`.
enum LeverageCap {
    /// Relative slack for rounding at the cap: a target sitting exactly at it (a fully
    /// invested order without costs) is not scaled by rounding noise, and a portfolio
    /// already exactly at it does not open dust positions from a rounding-level headroom.
    static let tolerance = 1e-12

    /// The kept part `b` of an order from `current` to `target` units.
    @inline(__always)
    static func kept(current u: Double, target τ: Double) -> Double {
        guard u * τ > 0 else { return 0 }
        return τ > 0 ? min(u, τ) : max(u, τ)
    }

    /// The common factor `s ∈ [0, 1]` for one fill moment.
    ///
    /// - Parameters:
    ///   - restGross: `G_rest`, gross exposure of the positions not trading now.
    ///   - keptGross: `Σ|b|·P` over the orders.
    ///   - addedGross: `Σ|τ − b|·P` over the orders.
    ///   - equity: `E`, equity before the fills at the reference prices.
    ///   - costs: `C`, estimated costs of the unscaled orders.
    static func factor(
        restGross: Double, keptGross: Double, addedGross: Double, equity: Double, costs: Double,
        maxLeverage: Double
    ) -> Double {
        let cap = maxLeverage * (equity - costs)
        let unscaled = restGross + keptGross + addedGross
        if unscaled <= cap * (1 + tolerance) { return 1 }
        guard addedGross > 0 else { return 1 }  // nothing to scale: every order only reduces
        let base = restGross + keptGross
        if base >= cap * (1 - tolerance) { return 0 }  // no headroom left
        return min(1, (cap - base) / addedGross)
    }
}
