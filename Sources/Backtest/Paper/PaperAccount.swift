import Market
import Metrics

/// A brokerage account that trades bar by bar with the backtester's fill and cost model: the
/// paper broker of live sessions.
///
/// It is the engine's general loop (``BacktestEngine``) driven one bar at a time as the bars
/// arrive — the same state and the same code: at ``open(timestamp:open:high:low:close:volume:)``
/// financing and borrow since the previous close, the orders due at this open (sized on equity at
/// the open prices under the leverage cap, with the configured costs), then protective stops on
/// the bar's open, high and low; between it and ``close()`` the caller submits orders
/// (``submit(symbol:weight:id:)``), due at the next open (or this close) plus
/// ``BacktestConfig/delayBars``, where the engine would turn a changed signal into one; at
/// ``close()`` the orders due at the close, valuation and ruin. Market impact reads σ and volume
/// from the bars the account has seen, including the warm-up history given at creation.
///
/// Fed a series' bars from its first one and the engine's orders (a changed signal turned into
/// ``Sizing/weight(signal:symbol:closes:at:)``), ``result()`` is bit for bit the
/// ``BacktestEngine`` result over those bars (tested, with and without stops).
public struct PaperAccount: Sendable {
    /// One executed fill: `order` names the order, or the exit (`stop_loss`, `ruin`, …).
    public struct Fill: Sendable, Equatable {
        public var symbol: String
        public var order: String
        public var quantity: Double
        public var price: Double
        public var commission: Double
        public var slippage: Double
    }

    public let config: BacktestConfig
    public let symbols: [String]
    public let periodsPerYear: Double
    private var simulation: Simulation
    private let firstSessionBar: Int
    private var exposedBars = 0
    public private(set) var timestamps: [Int64] = []
    /// Equity at each session close (0 from ruin on).
    public private(set) var equity: [Double] = []

    /// An account holding `config.initialCapital` in cash, trading `symbols`; `history` are
    /// the bars before the session (same symbols and timestamps), used for impact windows.
    public init(config: BacktestConfig, symbols: [String], periodsPerYear: Double, history: [BarSeries] = []) throws {
        try config.validate(symbolCount: symbols.count)
        guard history.isEmpty || history.map(\.symbol) == symbols else {
            throw BacktestError("paper account history symbols \(history.map(\.symbol)) differ from \(symbols)")
        }
        var config = config
        config.periodsPerYear = periodsPerYear
        self.config = config
        self.symbols = symbols
        self.periodsPerYear = periodsPerYear
        let bars = history.isEmpty
            ? symbols.map { BarSeries(symbol: $0, timestamps: [], open: [], high: [], low: [], close: [], volume: []) } : history
        simulation = Simulation(config: config, bars: bars, signals: [])
        simulation.fillLog = []
        firstSessionBar = bars[0].count
    }

    /// The index of the current bar among every bar seen (history, then session bars).
    private var t: Int { simulation.n - 1 }

    /// Session bars seen so far.
    public var bars: Int { simulation.n - firstSessionBar }
    public var cash: Double { simulation.cash }
    public var shares: [Double] { simulation.books.map(\.shares) }
    /// The session bar at which equity reached zero, if it did.
    public var ruinBar: Int? { simulation.ruinBar.map { $0 - firstSessionBar } }
    /// The fills of the last ``open(timestamp:open:high:low:close:volume:)`` or ``close()``.
    public private(set) var lastFills: [Fill] = []

    /// Orders submitted and not yet filled: (symbol, id, weight).
    public var openOrders: [(symbol: String, id: String, weight: Double)] {
        symbols.indices.flatMap { i in simulation.books[i].pending.map { (symbols[i], $0.id, $0.weight) } }
    }

    /// The bar's prices arrive: carry since the last close, the orders due at this open, stops.
    public mutating func open(timestamp: Int64, open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]) {
        for i in symbols.indices {
            simulation.bars[i].timestamps.append(timestamp)
            simulation.bars[i].open.append(open[i])
            simulation.bars[i].high.append(high[i])
            simulation.bars[i].low.append(low[i])
            simulation.bars[i].close.append(close[i])
            simulation.bars[i].volume.append(volume[i])
            if let impact = config.costs.marketImpact {
                let bars = simulation.bars[i]
                simulation.impactSigma[i].append(rollingReturnVolatility(close: bars.close, at: bars.count - 1, lookback: impact.volatilityLookback))
                simulation.impactVolume[i].append(trailingMeanVolume(volume: bars.volume, at: bars.count - 1, lookback: impact.volatilityLookback))
            }
        }
        simulation.n += 1
        timestamps.append(timestamp)
        simulation.fillLog = []
        defer { lastFills = simulation.fillLog ?? [] }
        guard simulation.ruinBar == nil else { return }
        simulation.accrueCarry(at: t)
        if config.fill == .nextOpen { simulation.fillDue(at: t, atOpen: true) }
        guard simulation.ruinBar == nil else { return }
        if !config.stops.isEmpty { simulation.checkStops(at: t) }
    }

    /// An order for `weight` of equity in symbol `i`, decided at the current bar (after its
    /// ``open(timestamp:open:high:low:close:volume:)``), due at the next open (or this close) plus
    /// the configured delay; `id` names it in fills. One order per symbol and fill moment, as in
    /// the engine: a later decision for the same moment replaces the earlier one.
    public mutating func submit(symbol i: Int, weight: Double, id: String = "") {
        guard simulation.ruinBar == nil else { return }
        let due = t + (config.fill == .nextOpen ? 1 : 0) + config.delayBars
        if let last = simulation.books[i].pending.last, last.dueBar == due { simulation.books[i].pending.removeLast() }
        simulation.books[i].pending.append(Simulation.PendingOrder(dueBar: due, weight: weight, id: id))
    }

    /// Withdraws the pending order `id`.
    public mutating func cancel(id: String) {
        for i in symbols.indices { simulation.books[i].pending.removeAll { $0.id == id } }
    }

    /// The bar closes: the orders due at the close, then valuation (and ruin at zero equity).
    public mutating func close() {
        simulation.fillLog = []
        defer { if config.fill == .close { lastFills = simulation.fillLog ?? [] } }
        guard simulation.ruinBar == nil else {
            equity.append(0)
            return
        }
        if config.fill == .close { simulation.fillDue(at: t, atOpen: false) }
        guard simulation.ruinBar == nil, let value = simulation.valuation(at: t) else {
            equity.append(0)
            return
        }
        equity.append(value)
        if simulation.books.contains(where: { $0.shares != 0 }) { exposedBars += 1 }
    }

    /// Equity at the last close (the initial capital before any bar).
    public var lastEquity: Double { equity.last ?? config.initialCapital }

    /// The backtest result of the session bars so far (open trades marked at the last close).
    public func result() -> BacktestResult {
        let n = equity.count
        let ruin = ruinBar
        var builder = ResultBuilder(bars: n, detail: .full)
        for k in 0..<n where ruin.map({ k < $0 }) ?? true { builder.record(equity[k], at: k) }
        var trades: [Trade] = []
        if n > 0 {
            for (i, book) in simulation.books.enumerated() {
                var ledger = book.ledger
                ledger.finish(position: book.shares, mark: simulation.bars[i].close[t], bar: t, time: timestamps[n - 1])
                trades.append(contentsOf: ledger.trades)
            }
        }
        trades.sort { ($0.exitTime, $0.entryTime, $0.symbol) < ($1.exitTime, $1.entryTime, $1.symbol) }
        let metrics = builder.finish(periodsPerYear: periodsPerYear, trades: trades, tradedNotional: simulation.tradedNotional,
                                     exposedBars: exposedBars)
        var result = BacktestResult(
            timestamps: timestamps, equity: builder.equity, returns: builder.returns, symbols: symbols,
            positions: [], weights: [], trades: trades, exposure: metrics.exposure, turnover: metrics.turnover,
            totalCommission: simulation.totalCommission, totalSlippage: simulation.totalSlippage,
            totalFinancing: simulation.totalFinancing, totalBorrowCost: simulation.totalBorrow,
            impactSkippedFills: simulation.impactSkipped, ruinBar: ruin, ruinTime: ruin.map { timestamps[$0] },
            periodsPerYear: periodsPerYear, summary: metrics.summary)
        result.finalEquity = builder.lastEquity
        return result
    }
}
