import Market
import Metrics

/// One run of the engine: the mutable state behind ``BacktestEngine/run(bars:signals:)``.
struct Simulation {
    private struct PendingOrder {
        var dueBar: Int
        var weight: Double
    }

    private struct Book {
        var shares = 0.0
        var lastSignal = 0.0
        var entryBar = -1
        var bestPrice = 0.0
        var pending: [PendingOrder] = []
        var ledger: TradeLedger
    }

    let config: BacktestConfig
    let bars: [BarSeries]
    let signals: [SignalSeries]
    private let n: Int
    private let allocations: [Double]
    private let impactSigma: [[Double]]
    private let sizingSigma: [[Double]]
    private let periodsPerYear: Double
    private var books: [Book]
    private var cash: Double
    private var totalCommission = 0.0
    private var totalSlippage = 0.0
    private var tradedNotional = 0.0
    private var impactSkipped = 0

    init(config: BacktestConfig, bars: [BarSeries], signals: [SignalSeries]) {
        self.config = config
        self.bars = bars
        self.signals = signals
        n = bars[0].count
        let k = bars.count
        allocations = config.allocations ?? [Double](repeating: 1 / Double(k), count: k)
        if let impact = config.costs.marketImpact {
            impactSigma = bars.map { rollingReturnVolatility(close: $0.close, lookback: impact.volatilityLookback) }
        } else {
            impactSigma = []
        }
        periodsPerYear = config.periodsPerYear ?? BarSpacing.infer(timestamps: bars[0].timestamps).periodsPerYear
        if case .volatilityTarget(_, let lookback, _) = config.sizing {
            sizingSigma = bars.map { rollingReturnVolatility(close: $0.close, lookback: lookback) }
        } else {
            sizingSigma = []
        }
        books = bars.map { Book(ledger: TradeLedger(symbol: $0.symbol)) }
        cash = config.initialCapital
    }

    mutating func run() -> BacktestResult {
        let k = bars.count
        var equity = [Double](repeating: 0, count: n)
        var positions = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
        var weights = positions
        var exposedBars = 0
        for t in 0..<n {
            if config.fill == .nextOpen { fillDue(at: t, atOpen: true) }
            if !config.stops.isEmpty { checkStops(at: t) }
            decide(at: t)
            if config.fill == .close { fillDue(at: t, atOpen: false) }
            var value = cash
            var exposed = false
            for i in 0..<k {
                let shares = books[i].shares
                value += shares * bars[i].close[t]
                positions[i][t] = shares
                exposed = exposed || shares != 0
            }
            equity[t] = value
            for i in 0..<k { weights[i][t] = value != 0 ? positions[i][t] * bars[i].close[t] / value : 0 }
            if exposed { exposedBars += 1 }
        }
        var trades: [Trade] = []
        for i in 0..<k {
            books[i].ledger.finish(position: books[i].shares, mark: bars[i].close[n - 1], bar: n - 1,
                                   time: bars[i].timestamps[n - 1])
            trades.append(contentsOf: books[i].ledger.trades)
        }
        trades.sort { ($0.exitTime, $0.entryTime, $0.symbol) < ($1.exitTime, $1.entryTime, $1.symbol) }
        return makeResult(equity: equity, positions: positions, weights: weights, trades: trades,
                          exposedBars: exposedBars)
    }

    private func makeResult(
        equity: [Double], positions: [[Double]], weights: [[Double]], trades: [Trade], exposedBars: Int
    ) -> BacktestResult {
        var returns = [Double](repeating: 0, count: n - 1)
        for t in 1..<n { returns[t - 1] = equity[t] / equity[t - 1] - 1 }
        let years = Double(n - 1) / periodsPerYear
        var meanEquity = 0.0
        for value in equity { meanEquity += value }
        meanEquity /= Double(n)
        let turnover = years > 0 && meanEquity > 0 ? tradedNotional / 2 / meanEquity / years : .nan
        let exposure = Double(exposedBars) / Double(n)
        var accumulator = ReturnAccumulator()
        for r in returns { accumulator.add(r) }
        let summary = accumulator.summary(
            periodsPerYear: periodsPerYear, trades: TradeStatistics(tradePnLs: trades.map(\.pnl)),
            exposure: exposure, turnover: turnover)
        return BacktestResult(
            timestamps: bars[0].timestamps, equity: equity, returns: returns,
            symbols: bars.map(\.symbol), positions: positions, weights: weights, trades: trades,
            exposure: exposure, turnover: turnover, totalCommission: totalCommission,
            totalSlippage: totalSlippage, impactSkippedFills: impactSkipped,
            periodsPerYear: periodsPerYear, summary: summary)
    }

    // MARK: Decisions

    private mutating func decide(at t: Int) {
        for i in books.indices {
            var s = signals[i].values[t]
            if !s.isFinite { s = 0 }
            s = min(1, max(-1, s))
            if !config.allowShort { s = max(0, s) }
            guard s != books[i].lastSignal else { continue }
            books[i].lastSignal = s
            let due = config.fill == .nextOpen ? t + 1 + config.delayBars : t + config.delayBars
            guard due < n else { continue }
            books[i].pending.append(PendingOrder(dueBar: due, weight: targetWeight(signal: s, symbol: i, bar: t)))
        }
    }

    private func targetWeight(signal: Double, symbol i: Int, bar t: Int) -> Double {
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
    private func fillPrice(_ i: Int, _ t: Int, atOpen: Bool) -> Double {
        atOpen ? bars[i].open[t] : bars[i].close[t]
    }

    private mutating func fillDue(at t: Int, atOpen: Bool) {
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
        for i in books.indices {
            guard let order = books[i].pending.first, order.dueBar == t else { continue }
            books[i].pending.removeFirst()
            let price = fillPrice(i, t, atOpen: atOpen)
            let target = order.weight == 0 ? 0 : order.weight * value / price
            execute(symbol: i, bar: t, quantity: target - books[i].shares, reference: price, reason: .signal)
        }
    }

    private mutating func execute(symbol i: Int, bar t: Int, quantity: Double, reference: Double, reason: Trade.ExitReason) {
        let before = books[i].shares
        guard quantity != 0, abs(quantity) > 1e-12 * max(abs(before), abs(before + quantity)) else { return }
        var sigma = Double.nan
        if config.costs.marketImpact != nil {
            sigma = t > 0 ? impactSigma[i][t - 1] : .nan
            if !(bars[i].volume[t] > 0) || !sigma.isFinite { impactSkipped += 1 }
        }
        let price = config.costs.fillPrice(reference: reference, quantity: quantity, sigma: sigma, volume: bars[i].volume[t])
        let commission = config.costs.commission(quantity: quantity, price: price)
        let slippage = abs(quantity) * abs(price - reference)
        cash -= quantity * price + commission
        books[i].shares = before + quantity
        totalCommission += commission
        totalSlippage += slippage
        tradedNotional += abs(quantity * price)
        books[i].ledger.record(before: before, quantity: quantity, price: price, commission: commission,
                               slippage: slippage, bar: t, time: bars[i].timestamps[t], reason: reason)
        let after = books[i].shares
        if after == 0 {
            books[i].entryBar = -1
        } else if before == 0 || (before > 0) != (after > 0) {
            books[i].entryBar = t
            books[i].bestPrice = price
        }
    }

    // MARK: Stops

    private mutating func checkStops(at t: Int) {
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
