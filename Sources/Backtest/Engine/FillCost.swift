/// The price and costs of one fill (see ``CostModel``), shared by both engine paths.
///
/// σ and `V` for market impact are known before the fill bar: the return volatility ending at
/// bar `t − 1` and the mean volume of the `volatilityLookback` bars before `t`; impact is
/// skipped (and counted) when either is missing.
struct FillCost {
    var price: Double
    var commission: Double
    var slippage: Double
    var impactSkipped: Bool
    var total: Double { commission + slippage }

    /// `sigma` and `volume` are ignored without market impact.
    @inline(__always)
    static func of(quantity: Double, reference: Double, costs: CostModel, sigma: Double, volume: Double) -> FillCost {
        guard quantity != 0 else { return FillCost(price: reference, commission: 0, slippage: 0, impactSkipped: false) }
        var skipped = false
        if costs.marketImpact != nil { skipped = !(volume > 0) || !sigma.isFinite }
        let price = costs.fillPrice(reference: reference, quantity: quantity, sigma: sigma, volume: volume)
        let commission = costs.commission(quantity: quantity, price: price)
        let slippage = abs(quantity) * abs(price - reference)
        return FillCost(price: price, commission: commission, slippage: slippage, impactSkipped: skipped)
    }
}

/// Step 0 of a bar, shared by both engine paths: interest on the cash and short positions held
/// at the previous close — financing `−cash × financingRate / periodsPerYear` when cash is
/// negative, borrow `shortNotional × borrowRate / periodsPerYear` — debited from cash.
enum Carry {
    @inline(__always)
    static func accrue(cash: inout Double, shortNotional: Double, config: BacktestConfig, periodsPerYear: Double,
                       financing: inout Double, borrow: inout Double) {
        if config.financingRate > 0, cash < 0 {
            let interest = -cash * config.financingRate / periodsPerYear
            cash -= interest
            financing += interest
        }
        if config.borrowRate > 0, shortNotional > 0 {
            let fee = shortNotional * config.borrowRate / periodsPerYear
            cash -= fee
            borrow += fee
        }
    }
}
