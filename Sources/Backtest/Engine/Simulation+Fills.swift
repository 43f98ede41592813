/// Decisions, order fills under the leverage cap, and the execution of one fill.
extension Simulation {
    // MARK: Decisions

    mutating func decide(at t: Int) {
        for i in books.indices {
            var s = signals[i].values[t]
            if !s.isFinite { s = 0 }
            s = min(1, max(-1, s))
            if !config.allowShort { s = max(0, s) }
            guard s != books[i].lastSignal else { continue }
            books[i].lastSignal = s
            // Due at t + offset + delay, compared without forming the sum (no overflow for any
            // delay): an order that would fall past the last bar is never scheduled.
            let offset = config.fill == .nextOpen ? 1 : 0
            guard config.delayBars < n - t - offset else { continue }
            let due = t + offset + config.delayBars
            books[i].pending.append(PendingOrder(dueBar: due, weight: targetWeight(signal: s, symbol: i, bar: t)))
        }
    }

    func targetWeight(signal: Double, symbol i: Int, bar t: Int) -> Double {
        guard signal != 0 else { return 0 }
        switch config.sizing {
        case .fixedFraction(let fraction):
            return signal * fraction * allocations[i]
        case .volatilityTarget(let target, _, let maxLeverage):
            let sigma = sizingSigma[i][t] * periodsPerYear.squareRoot()
            guard sigma.isFinite, sigma > 0 else { return 0 }
            return signal * min(maxLeverage, target / sigma) * allocations[i]
        }
    }

    // MARK: Fills

    /// The price at which orders fill at bar `t`: the open, or the close.
    @inline(__always)
    func fillPrice(_ i: Int, _ t: Int, atOpen: Bool) -> Double {
        atOpen ? bars[i].open[t] : bars[i].close[t]
    }

    /// Fills the orders due at this moment, scaled by ``LeverageCap``.
    mutating func fillDue(at t: Int, atOpen: Bool) {
        // Cheap exit on the common bar with nothing to fill.
        var anyDue = false
        for i in books.indices {
            if let first = books[i].pending.first, first.dueBar == t {
                anyDue = true
                break
            }
        }
        guard anyDue else { return }
        // Equity valued once, before any of this moment's fills, so that the result
        // does not depend on the order of the symbols.
        var value = cash
        for i in books.indices { value += books[i].shares * fillPrice(i, t, atOpen: atOpen) }
        guard value > 0 else {
            declareRuin(at: t, atOpen: atOpen)
            return
        }
        // Unscaled targets, their estimated costs and the gross exposure parts of the cap.
        var costs = 0.0, restGross = 0.0, keptGross = 0.0, addedGross = 0.0
        for i in books.indices {
            let price = fillPrice(i, t, atOpen: atOpen)
            let current = books[i].shares
            guard let order = books[i].pending.first, order.dueBar == t else {
                books[i].ordering = false
                restGross += abs(current) * price
                continue
            }
            books[i].pending.removeFirst()
            let target = order.weight == 0 ? 0 : order.weight * value / price
            books[i].ordering = true
            books[i].target = target
            books[i].order = order.id
            costs += cost(symbol: i, bar: t, quantity: target - current, reference: price).total
            let kept = LeverageCap.kept(current: current, target: target)
            keptGross += abs(kept) * price
            addedGross += abs(target - kept) * price
        }
        let s = LeverageCap.factor(restGross: restGross, keptGross: keptGross, addedGross: addedGross,
                                   equity: value, costs: costs, maxLeverage: config.maxLeverage)
        for i in books.indices where books[i].ordering {
            books[i].ordering = false
            let current = books[i].shares
            var target = books[i].target
            if s < 1 {
                let kept = LeverageCap.kept(current: current, target: target)
                target = kept + s * (target - kept)
            }
            execute(symbol: i, bar: t, quantity: target - current, reference: fillPrice(i, t, atOpen: atOpen),
                    reason: .signal, order: books[i].order)
        }
    }

    /// The fill price and costs of `quantity` units at `reference` on bar `t` (see ``FillCost``).
    func cost(symbol i: Int, bar t: Int, quantity: Double, reference: Double) -> FillCost {
        let impact = config.costs.marketImpact != nil
        return FillCost.of(quantity: quantity, reference: reference, costs: config.costs,
                           sigma: impact && t > 0 ? impactSigma[i][t - 1] : .nan,
                           volume: impact ? impactVolume[i][t] : .nan)
    }

    /// Trades `quantity` units (signed) at `reference` plus costs; ignores orders below
    /// 10⁻¹² of the position (rounding noise).
    mutating func execute(symbol i: Int, bar t: Int, quantity: Double, reference: Double, reason: Trade.ExitReason,
                          order: String = "") {
        let before = books[i].shares
        guard quantity != 0, abs(quantity) > 1e-12 * max(abs(before), abs(before + quantity)) else { return }
        let fill = cost(symbol: i, bar: t, quantity: quantity, reference: reference)
        if fill.impactSkipped { impactSkipped += 1 }
        cash -= quantity * fill.price + fill.commission
        books[i].shares = before + quantity
        totalCommission += fill.commission
        totalSlippage += fill.slippage
        tradedNotional += abs(quantity * fill.price)
        books[i].ledger.record(before: before, quantity: quantity, price: fill.price, commission: fill.commission,
                               slippage: fill.slippage, bar: t, time: bars[i].timestamps[t], reason: reason)
        if fillLog != nil {
            fillLog?.append(PaperAccount.Fill(symbol: bars[i].symbol, order: order.isEmpty ? reason.rawValue : order, quantity: quantity,
                                              price: fill.price, commission: fill.commission, slippage: fill.slippage))
        }
        let after = books[i].shares
        if after == 0 {
            books[i].entryBar = -1
        } else if before == 0 || (before > 0) != (after > 0) {
            books[i].entryBar = t
            books[i].bestPrice = fill.price
        }
    }
}
