/// Transaction costs applied to every fill.
///
/// For a fill of `q` units (signed: `+` buy, `−` sell) at reference price `P`:
///
/// - slippage moves the price against the trade: `P · (1 + sign(q) · slippageBps / 10⁴)`;
/// - market impact (when ``marketImpact`` is set) moves it further by the
///   square-root law: `P · sign(q) · η · σ · √(|q| / V)`, where `η` is the
///   ``MarketImpact/coefficient`` (Almgren et al. 2005; Tóth et al. 2011 find η ≈ 0.5–1);
/// - commission is charged in cash: `|q · fillPrice| · commissionBps / 10⁴ + |q| · commissionPerShare`.
///
/// Both inputs of the impact are known before the fill at bar `t`, with
/// `L` = ``MarketImpact/volatilityLookback``:
///
/// - `σ` is the standard deviation (ddof 1) of the `L` close-to-close returns ending at
///   bar `t − 1` (closes `t − 1 − L … t − 1`);
/// - `V` is the mean volume of the `L` bars before the fill bar, `(v[t−L] + … + v[t−1]) / L`.
///   The fill bar's own volume is not used: at an open fill it is not known yet, and
///   even at a close fill it is the volume the order itself is part of.
///
/// Impact is skipped for a fill (and counted in ``BacktestResult/impactSkippedFills``)
/// when fewer than `L + 1` bars precede it (σ or `V` undefined) or `V` is not positive.
///
/// ```swift
/// let costs = CostModel(commissionBps: 1, slippageBps: 2)
/// ```
public struct CostModel: Sendable, Equatable, Codable {
    /// Commission in basis points of traded notional.
    public var commissionBps: Double
    /// Commission per unit traded (per share), in price currency.
    public var commissionPerShare: Double
    /// Slippage in basis points of the reference price, against the trade.
    public var slippageBps: Double
    /// Square-root market impact, off when `nil`.
    public var marketImpact: MarketImpact?

    public init(
        commissionBps: Double = 0, commissionPerShare: Double = 0, slippageBps: Double = 0,
        marketImpact: MarketImpact? = nil
    ) {
        self.commissionBps = commissionBps
        self.commissionPerShare = commissionPerShare
        self.slippageBps = slippageBps
        self.marketImpact = marketImpact
    }

    /// No costs at all.
    public static let zero = CostModel()

    /// The costs switched on by a workflow's `include_transaction_costs: true`:
    /// 1 bp commission and 2 bp slippage per side, typical of liquid US equities/ETFs.
    public static let standard = CostModel(commissionBps: 1, slippageBps: 2)

    /// Whether any cost is non-zero.
    public var isZero: Bool {
        commissionBps == 0 && commissionPerShare == 0 && slippageBps == 0 && marketImpact == nil
    }

    /// The price paid (bought) or received (sold) for `quantity` units at `reference`.
    ///
    /// - Parameters:
    ///   - sigma: the per-bar return volatility used by market impact (ignored without it).
    ///   - volume: the reference volume `V` (the engine passes the mean volume of the
    ///     `volatilityLookback` bars before the fill bar); impact is skipped when it is not positive.
    @inlinable
    public func fillPrice(reference: Double, quantity: Double, sigma: Double, volume: Double) -> Double {
        let side: Double = quantity > 0 ? 1 : -1
        var price = reference * (1 + side * slippageBps * 1e-4)
        if let impact = marketImpact, volume > 0, sigma.isFinite {
            let participation = abs(quantity) / volume
            price += reference * side * impact.coefficient * sigma * participation.squareRoot()
        }
        return price
    }

    /// The commission charged for `quantity` units filled at `price`.
    @inlinable
    public func commission(quantity: Double, price: Double) -> Double {
        abs(quantity * price) * commissionBps * 1e-4 + abs(quantity) * commissionPerShare
    }
}

/// Parameters of the square-root market-impact model (see ``CostModel``).
public struct MarketImpact: Sendable, Equatable, Codable {
    /// η in `η · σ · √(q/V)`.
    public var coefficient: Double
    /// Bars of close-to-close returns behind σ, and of volume behind `V`.
    public var volatilityLookback: Int

    public init(coefficient: Double = 1.0, volatilityLookback: Int = 20) {
        self.coefficient = coefficient
        self.volatilityLookback = volatilityLookback
    }
}
