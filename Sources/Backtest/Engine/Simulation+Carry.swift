/// Financing of negative cash, the borrow fee on shorts, and ruin.
extension Simulation {
    /// Step 0 of bar `t ≥ 1`: interest for holding, from close `t − 1` to close `t`,
    /// the balances that stood at close `t − 1` (nothing trades in between):
    ///
    /// - financing `max(0, −cash) × financingRate / periodsPerYear`;
    /// - borrow `Σ_i max(0, −units_i) × close_i[t − 1] × borrowRate / periodsPerYear`.
    ///
    /// Both are debited from cash before the bar's open fills, so the orders of bar `t`
    /// are sized on equity net of them. Trade P&L does not include them.
    mutating func accrueCarry(at t: Int) {
        guard t > 0 else { return }
        var shortNotional = 0.0
        if config.borrowRate > 0 {
            for i in books.indices where books[i].shares < 0 {
                shortNotional -= books[i].shares * bars[i].close[t - 1]
            }
        }
        Carry.accrue(cash: &cash, shortNotional: shortNotional, config: config, periodsPerYear: periodsPerYear,
                     financing: &totalFinancing, borrow: &totalBorrow)
    }

    /// Equity reached zero or below at bar `t`: every position is closed at this
    /// moment's prices (the open or the close, with the usual costs), pending orders are
    /// dropped and nothing trades again. The run reports equity 0 from bar `t` on.
    mutating func declareRuin(at t: Int, atOpen: Bool) {
        ruinBar = t
        for i in books.indices {
            books[i].pending.removeAll()
            let shares = books[i].shares
            guard shares != 0 else { continue }
            execute(symbol: i, bar: t, quantity: -shares, reference: fillPrice(i, t, atOpen: atOpen), reason: .ruin)
        }
    }
}
