import Market
import Metrics

/// A brokerage account that trades bar by bar with the backtester's fill and cost model: the
/// paper broker of live sessions.
///
/// It performs, one bar at a time, exactly the operations of the engine's general loop
/// (``BacktestEngine``; no protective stops): at ``open(timestamp:open:high:low:close:volume:)``
/// financing and borrow since the previous close, then the orders due at this open, sized on
/// equity at the open prices under the leverage cap with the configured costs; between
/// ``open(timestamp:open:high:low:close:volume:)`` and ``close()`` the caller submits orders
/// (``submit(symbol:weight:)``), due at the next open (or this close, plus
/// ``BacktestConfig/delayBars``); at ``close()`` the orders due at the close, valuation, ruin.
/// Market impact reads σ and volume from the bars the account has seen, including the warm-up
/// history given at creation, with the same windows as the engine.
///
/// Fed the bars of a series from its first bar and the engine's orders (a signal change turned
/// into ``Sizing/weight(signal:symbol:closes:at:)``), ``result()`` is bit for bit the
/// ``BacktestEngine`` result over those bars (tested).
public struct PaperAccount: Sendable {
    /// One executed fill.
    public struct Fill: Sendable, Equatable {
        public var symbol: String
        public var order: String
        public var quantity: Double
        public var price: Double
        public var commission: Double
        public var slippage: Double
    }

    struct Pending: Sendable {
        var due: Int
        var weight: Double
        var id: String
    }

    public let config: BacktestConfig
    public let symbols: [String]
    public let periodsPerYear: Double
    let allocations: [Double]
    /// Every bar seen (history, then session bars): `t` indexes them.
    private(set) var closes: [[Double]]
    private(set) var volumes: [[Double]]
    private var opens: [Double]
    private var t: Int
    private let firstSessionBar: Int
    public private(set) var cash: Double
    public private(set) var shares: [Double]
    private var pending: [[Pending]]
    private var ledgers: [TradeLedger]
    private var totalCommission = 0.0
    private var totalSlippage = 0.0
    private var totalFinancing = 0.0
    private var totalBorrow = 0.0
    private var tradedNotional = 0.0
    private var impactSkipped = 0
    private var exposedBars = 0
    public private(set) var timestamps: [Int64] = []
    /// Equity at each session close (0 from ruin on).
    public private(set) var equity: [Double] = []
    /// The session bar at which equity reached zero, if it did.
    public private(set) var ruinBar: Int?
    /// The fills of the last ``open(timestamp:open:high:low:close:volume:)`` or ``close()``.
    public private(set) var lastFills: [Fill] = []

    /// An account holding `config.initialCapital` in cash, trading `symbols`; `history` are
    /// the bars before the session (same symbols and timestamps), used for impact windows.
    public init(config: BacktestConfig, symbols: [String], periodsPerYear: Double, history: [BarSeries] = []) throws {
        try config.validate(symbolCount: symbols.count)
        guard config.stops.isEmpty else {
            throw BacktestError("the paper account does not run protective stops",
                                hint: "remove stop_loss/take_profit/trailing_stop from the live configuration")
        }
        guard history.isEmpty || history.map(\.symbol) == symbols else {
            throw BacktestError("paper account history symbols \(history.map(\.symbol)) differ from \(symbols)")
        }
        self.config = config
        self.symbols = symbols
        self.periodsPerYear = periodsPerYear
        allocations = config.allocations ?? [Double](repeating: 1 / Double(symbols.count), count: symbols.count)
        closes = symbols.indices.map { history.isEmpty ? [] : history[$0].close }
        volumes = symbols.indices.map { history.isEmpty ? [] : history[$0].volume }
        opens = [Double](repeating: .nan, count: symbols.count)
        firstSessionBar = history.first?.count ?? 0
        t = firstSessionBar - 1
        cash = config.initialCapital
        shares = [Double](repeating: 0, count: symbols.count)
        pending = [[Pending]](repeating: [], count: symbols.count)
        ledgers = symbols.map { TradeLedger(symbol: $0) }
    }

    /// Session bars seen so far.
    public var bars: Int { t + 1 - firstSessionBar }

    /// Orders submitted and not yet filled, per symbol: (id, weight).
    public var openOrders: [(symbol: String, id: String, weight: Double)] {
        symbols.indices.flatMap { i in pending[i].map { (symbols[i], $0.id, $0.weight) } }
    }

    /// The bar's prices arrive: carry since the last close, then the orders due at this open.
    public mutating func open(timestamp: Int64, open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]) {
        lastFills = []
        for i in symbols.indices {
            closes[i].append(close[i])
            volumes[i].append(volume[i])
        }
        opens = open
        timestamps.append(timestamp)
        t += 1
        guard ruinBar == nil else { return }
        if t > 0 {
            var shortNotional = 0.0
            if config.borrowRate > 0 {
                for i in symbols.indices where shares[i] < 0 { shortNotional -= shares[i] * closes[i][t - 1] }
            }
            Carry.accrue(cash: &cash, shortNotional: shortNotional, config: config, periodsPerYear: periodsPerYear,
                         financing: &totalFinancing, borrow: &totalBorrow)
        }
        if config.fill == .nextOpen { fillDue(atOpen: true) }
    }

    /// An order for `weight` of equity in symbol `i`, decided at the current bar (after its
    /// ``open(timestamp:open:high:low:close:volume:)``), due at the next open (or this close) plus
    /// the configured delay; `id` names it in fills.
    public mutating func submit(symbol i: Int, weight: Double, id: String = "") {
        guard ruinBar == nil else { return }
        let due = t + (config.fill == .nextOpen ? 1 : 0) + config.delayBars
        // One order per symbol and fill moment, as in the engine: a later decision for the
        // same moment replaces the earlier one.
        if let last = pending[i].last, last.due == due { pending[i].removeLast() }
        pending[i].append(Pending(due: due, weight: weight, id: id))
    }

    /// Withdraws the pending order `id`.
    public mutating func cancel(id: String) {
        for i in symbols.indices { pending[i].removeAll { $0.id == id } }
    }

    /// The bar closes: the orders due at the close, then valuation (and ruin at zero equity).
    public mutating func close() {
        if config.fill == .close { lastFills = [] }
        guard ruinBar == nil else {
            equity.append(0)
            return
        }
        if config.fill == .close { fillDue(atOpen: false) }
        guard ruinBar == nil else {
            equity.append(0)
            return
        }
        var value = cash
        for i in symbols.indices { value += shares[i] * closes[i][t] }
        if value <= 0 {
            declareRuin(atOpen: false)
            equity.append(0)
            return
        }
        equity.append(value)
        if shares.contains(where: { $0 != 0 }) { exposedBars += 1 }
    }

    /// Equity at the last close (the initial capital before any bar).
    public var lastEquity: Double { equity.last ?? config.initialCapital }

    /// The backtest result of the session bars so far (open trades marked at the last close).
    public func result() -> BacktestResult {
        let n = equity.count
        var builder = ResultBuilder(bars: n, detail: .full)
        for k in 0..<n where ruinBar.map({ k < $0 }) ?? true { builder.record(equity[k], at: k) }
        var trades: [Trade] = []
        if n > 0 {
            for i in symbols.indices {
                var ledger = ledgers[i]
                ledger.finish(position: shares[i], mark: closes[i][firstSessionBar + n - 1], bar: firstSessionBar + n - 1,
                              time: timestamps[n - 1])
                trades.append(contentsOf: ledger.trades)
            }
        }
        trades.sort { ($0.exitTime, $0.entryTime, $0.symbol) < ($1.exitTime, $1.entryTime, $1.symbol) }
        let metrics = builder.finish(periodsPerYear: periodsPerYear, trades: trades, tradedNotional: tradedNotional,
                                     exposedBars: exposedBars)
        var result = BacktestResult(
            timestamps: timestamps, equity: builder.equity, returns: builder.returns, symbols: symbols,
            positions: [], weights: [], trades: trades, exposure: metrics.exposure, turnover: metrics.turnover,
            totalCommission: totalCommission, totalSlippage: totalSlippage, totalFinancing: totalFinancing,
            totalBorrowCost: totalBorrow, impactSkippedFills: impactSkipped, ruinBar: ruinBar,
            ruinTime: ruinBar.map { timestamps[$0] }, periodsPerYear: periodsPerYear, summary: metrics.summary)
        result.finalEquity = builder.lastEquity
        return result
    }

    // MARK: Fills (as Simulation.fillDue and execute)

    private func price(_ i: Int, atOpen: Bool) -> Double { atOpen ? opens[i] : closes[i][t] }

    private mutating func fillDue(atOpen: Bool) {
        guard symbols.indices.contains(where: { pending[$0].first?.due == t }) else { return }
        var value = cash
        for i in symbols.indices { value += shares[i] * price(i, atOpen: atOpen) }
        guard value > 0 else {
            declareRuin(atOpen: atOpen)
            return
        }
        var costs = 0.0, restGross = 0.0, keptGross = 0.0, addedGross = 0.0
        var ordering = [Bool](repeating: false, count: symbols.count)
        var targets = [Double](repeating: 0, count: symbols.count)
        var ids = [String](repeating: "", count: symbols.count)
        for i in symbols.indices {
            let p = price(i, atOpen: atOpen)
            let current = shares[i]
            guard let order = pending[i].first, order.due == t else {
                restGross += abs(current) * p
                continue
            }
            pending[i].removeFirst()
            let target = order.weight == 0 ? 0 : order.weight * value / p
            ordering[i] = true
            targets[i] = target
            ids[i] = order.id
            costs += cost(i, quantity: target - current, reference: p).total
            let kept = LeverageCap.kept(current: current, target: target)
            keptGross += abs(kept) * p
            addedGross += abs(target - kept) * p
        }
        let s = LeverageCap.factor(restGross: restGross, keptGross: keptGross, addedGross: addedGross,
                                   equity: value, costs: costs, maxLeverage: config.maxLeverage)
        for i in symbols.indices where ordering[i] {
            let current = shares[i]
            var target = targets[i]
            if s < 1 {
                let kept = LeverageCap.kept(current: current, target: target)
                target = kept + s * (target - kept)
            }
            execute(i, quantity: target - current, reference: price(i, atOpen: atOpen), reason: .signal, id: ids[i])
        }
    }

    private func cost(_ i: Int, quantity: Double, reference: Double) -> FillCost {
        guard let impact = config.costs.marketImpact else {
            return FillCost.of(quantity: quantity, reference: reference, costs: config.costs, sigma: .nan, volume: .nan)
        }
        let sigma = t > 0 ? rollingReturnVolatility(close: closes[i], at: t - 1, lookback: impact.volatilityLookback) : .nan
        let volume = trailingMeanVolume(volume: volumes[i], at: t, lookback: impact.volatilityLookback)
        return FillCost.of(quantity: quantity, reference: reference, costs: config.costs, sigma: sigma, volume: volume)
    }

    private mutating func execute(_ i: Int, quantity: Double, reference: Double, reason: Trade.ExitReason, id: String) {
        let before = shares[i]
        guard quantity != 0, abs(quantity) > 1e-12 * max(abs(before), abs(before + quantity)) else { return }
        let fill = cost(i, quantity: quantity, reference: reference)
        if fill.impactSkipped { impactSkipped += 1 }
        cash -= quantity * fill.price + fill.commission
        shares[i] = before + quantity
        totalCommission += fill.commission
        totalSlippage += fill.slippage
        tradedNotional += abs(quantity * fill.price)
        ledgers[i].record(before: before, quantity: quantity, price: fill.price, commission: fill.commission,
                          slippage: fill.slippage, bar: t, time: timestamps[timestamps.count - 1], reason: reason)
        lastFills.append(Fill(symbol: symbols[i], order: id, quantity: quantity, price: fill.price,
                              commission: fill.commission, slippage: fill.slippage))
    }

    private mutating func declareRuin(atOpen: Bool) {
        ruinBar = t - firstSessionBar
        for i in symbols.indices {
            pending[i].removeAll()
            if shares[i] != 0 { execute(i, quantity: -shares[i], reference: price(i, atOpen: atOpen), reason: .ruin, id: "ruin") }
        }
    }
}
