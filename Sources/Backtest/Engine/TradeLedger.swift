/// Builds ``Trade`` records from a symbol's fills (internal bookkeeping of the engine).
struct TradeLedger {
    let symbol: String
    private(set) var trades: [Trade] = []

    private var open = false
    private var direction = 0
    private var entryTime: Int64 = 0
    private var entryBar = 0
    private var maxQuantity = 0.0
    private var entryQuantity = 0.0
    private var entryNotional = 0.0
    private var exitQuantity = 0.0
    private var exitNotional = 0.0
    private var cashFlow = 0.0
    private var costs = 0.0

    init(symbol: String) { self.symbol = symbol }

    /// The quantity-weighted entry price of the open trade.
    var averageEntryPrice: Double { entryQuantity > 0 ? entryNotional / entryQuantity : .nan }

    /// Records a fill that moves the position from `before` to `before + quantity`.
    ///
    /// A fill that reverses the position is split into the part that closes the
    /// open trade and the part that opens the next one; commission and slippage
    /// are shared between them in proportion to quantity.
    mutating func record(
        before: Double, quantity: Double, price: Double, commission: Double, slippage: Double,
        bar: Int, time: Int64, reason: Trade.ExitReason
    ) {
        let after = before + quantity
        if before != 0, after != 0, (before > 0) != (after > 0) {
            let closing = -before
            let share = abs(closing) / abs(quantity)
            apply(before: before, quantity: closing, price: price, commission: commission * share,
                  slippage: slippage * share, bar: bar, time: time, reason: reason)
            apply(before: 0, quantity: after, price: price, commission: commission * (1 - share),
                  slippage: slippage * (1 - share), bar: bar, time: time, reason: reason)
        } else {
            apply(before: before, quantity: quantity, price: price, commission: commission,
                  slippage: slippage, bar: bar, time: time, reason: reason)
        }
    }

    private mutating func apply(
        before: Double, quantity: Double, price: Double, commission: Double, slippage: Double,
        bar: Int, time: Int64, reason: Trade.ExitReason
    ) {
        let after = before + quantity
        if !open {
            guard after != 0 else { return }
            open = true
            direction = after > 0 ? 1 : -1
            entryTime = time
            entryBar = bar
            maxQuantity = 0
            entryQuantity = 0
            entryNotional = 0
            exitQuantity = 0
            exitNotional = 0
            cashFlow = 0
            costs = 0
        }
        cashFlow -= quantity * price + commission
        costs += commission + slippage
        if abs(after) > abs(before) {
            entryQuantity += abs(quantity)
            entryNotional += abs(quantity) * price
        } else {
            exitQuantity += abs(quantity)
            exitNotional += abs(quantity) * price
        }
        maxQuantity = max(maxQuantity, abs(after))
        if after == 0 { close(bar: bar, time: time, exitPrice: nil, mark: 0, reason: reason) }
    }

    /// Closes a trade still open at the end of the data, valued at `mark` per unit held.
    mutating func finish(position: Double, mark: Double, bar: Int, time: Int64) {
        guard open else { return }
        close(bar: bar, time: time, exitPrice: mark, mark: position * mark, reason: .endOfData)
    }

    private mutating func close(bar: Int, time: Int64, exitPrice: Double?, mark: Double, reason: Trade.ExitReason) {
        let pnl = cashFlow + mark
        let entryPrice = averageEntryPrice
        let exit = exitPrice ?? (exitQuantity > 0 ? exitNotional / exitQuantity : .nan)
        let notional = maxQuantity * entryPrice
        trades.append(Trade(
            symbol: symbol, direction: direction, entryTime: entryTime, exitTime: time,
            entryPrice: entryPrice, exitPrice: exit, quantity: maxQuantity, pnl: pnl, costs: costs,
            returnFraction: notional > 0 ? pnl / notional : .nan, barsHeld: bar - entryBar,
            exitReason: reason))
        open = false
    }
}
