/// Protective exits (see ``StopRules``), checked on bar `t` after the open fills.
extension Simulation {
    mutating func checkStops(at t: Int) {
        let rules = config.stops
        for i in books.indices {
            let shares = books[i].shares
            guard shares != 0, books[i].entryBar >= 0 else { continue }
            let long = shares > 0
            let entry = books[i].ledger.averageEntryPrice
            let open = bars[i].open[t], high = bars[i].high[t], low = bars[i].low[t]
            // The protective level closest to the price, and which rule it is.
            var stopLevel: Double? = nil
            var stopReason = Trade.ExitReason.stopLoss
            if let loss = rules.stopLoss {
                stopLevel = long ? entry * (1 - loss) : entry * (1 + loss)
            }
            if let trail = rules.trailingStop {
                let level = long ? books[i].bestPrice * (1 - trail) : books[i].bestPrice * (1 + trail)
                if stopLevel.map({ long ? level > $0 : level < $0 }) ?? true {
                    stopLevel = level
                    stopReason = .trailingStop
                }
            }
            let profitLevel = rules.takeProfit.map { long ? entry * (1 + $0) : entry * (1 - $0) }
            // A position filled at this bar's open cannot gap through its own levels.
            let enteredNow = books[i].entryBar == t && config.fill == .nextOpen
            var exit: (price: Double, reason: Trade.ExitReason)? = nil
            if let stop = stopLevel {
                if !enteredNow, long ? open <= stop : open >= stop {
                    exit = (open, stopReason)
                } else if long ? low <= stop : high >= stop {
                    exit = (stop, stopReason)
                }
            }
            if exit == nil, let profit = profitLevel {
                if !enteredNow, long ? open >= profit : open <= profit {
                    exit = (open, .takeProfit)
                } else if long ? high >= profit : low <= profit {
                    exit = (profit, .takeProfit)
                }
            }
            if let exit {
                execute(symbol: i, bar: t, quantity: -shares, reference: exit.price, reason: exit.reason)
                books[i].pending.removeAll { $0.dueBar <= t }
            } else {
                books[i].bestPrice = long ? max(books[i].bestPrice, high) : min(books[i].bestPrice, low)
            }
        }
    }
}
