import Market
import Metrics

/// One run of the engine: the mutable state behind ``BacktestEngine/run(bars:signals:)``.
///
/// The per-bar order of operations is documented on ``BacktestEngine``; fills and the
/// leverage cap are in `Simulation+Fills.swift`, stops in `Simulation+Stops.swift`,
/// financing, borrow and ruin in `Simulation+Carry.swift`. ``PaperAccount`` drives the same
/// state bar by bar as the bars arrive (appending to ``bars``), with orders instead of signals.
struct Simulation {
    struct PendingOrder {
        var dueBar: Int
        var weight: Double
        /// The order's name in ``fillLog`` (paper accounts; empty in backtests).
        var id = ""
    }

    struct Book {
        var shares = 0.0
        var lastSignal = 0.0
        var entryBar = -1
        var bestPrice = 0.0
        var pending: [PendingOrder] = []
        var ledger: TradeLedger
        /// Scratch for one fill moment: whether an order is due, its unscaled target and name.
        var ordering = false
        var target = 0.0
        var order = ""
    }

    let config: BacktestConfig
    /// The bars (a paper account appends each one as it arrives).
    var bars: [BarSeries]
    let signals: [SignalSeries]
    var n: Int
    let allocations: [Double]
    var impactSigma: [[Double]]
    var impactVolume: [[Double]]
    let sizingSigma: [[Double]]
    let periodsPerYear: Double
    var books: [Book]
    var cash: Double
    var totalCommission = 0.0
    var totalSlippage = 0.0
    var totalFinancing = 0.0
    var totalBorrow = 0.0
    var tradedNotional = 0.0
    var impactSkipped = 0
    /// The bar at which equity reached zero or below, after which nothing trades.
    var ruinBar: Int? = nil
    /// Every fill with its order's name, when kept (paper accounts report fills per order).
    var fillLog: [PaperAccount.Fill]? = nil

    init(config: BacktestConfig, bars: [BarSeries], signals: [SignalSeries]) {
        self.config = config
        self.bars = bars
        self.signals = signals
        n = bars[0].count
        let k = bars.count
        allocations = config.allocations ?? [Double](repeating: 1 / Double(k), count: k)
        if let impact = config.costs.marketImpact {
            impactSigma = bars.map { rollingReturnVolatility(close: $0.close, lookback: impact.volatilityLookback) }
            impactVolume = bars.map { trailingMeanVolume(volume: $0.volume, lookback: impact.volatilityLookback) }
        } else {
            impactSigma = []
            impactVolume = []
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
        let full = config.detail == .full
        var builder = ResultBuilder(bars: n, detail: config.detail)
        var positions = full ? [[Double]](repeating: [Double](repeating: 0, count: n), count: k) : []
        var weights = positions
        var exposedBars = 0
        for t in 0..<n {
            // After ruin every array keeps its zero: no equity, no positions, no trading.
            guard ruinBar == nil else { break }
            step(at: t)
            guard ruinBar == nil, let value = valuation(at: t) else { break }
            var exposed = false
            for i in 0..<k {
                let shares = books[i].shares
                if full {
                    positions[i][t] = shares
                    weights[i][t] = shares * bars[i].close[t] / value
                }
                exposed = exposed || shares != 0
            }
            builder.record(value, at: t)
            if exposed { exposedBars += 1 }
        }
        var trades: [Trade] = []
        for i in 0..<k {
            books[i].ledger.finish(position: books[i].shares, mark: bars[i].close[n - 1], bar: n - 1,
                                   time: bars[i].timestamps[n - 1])
            trades.append(contentsOf: books[i].ledger.trades)
        }
        trades.sort { ($0.exitTime, $0.entryTime, $0.symbol) < ($1.exitTime, $1.entryTime, $1.symbol) }
        let metrics = builder.finish(periodsPerYear: periodsPerYear, trades: trades, tradedNotional: tradedNotional,
                                     exposedBars: exposedBars)
        var result = BacktestResult(
            timestamps: bars[0].timestamps, equity: builder.equity, returns: builder.returns,
            symbols: bars.map(\.symbol), positions: positions, weights: weights, trades: trades,
            exposure: metrics.exposure, turnover: metrics.turnover, totalCommission: totalCommission,
            totalSlippage: totalSlippage, totalFinancing: totalFinancing, totalBorrowCost: totalBorrow,
            impactSkippedFills: impactSkipped, ruinBar: ruinBar,
            ruinTime: ruinBar.map { bars[0].timestamps[$0] }, periodsPerYear: periodsPerYear, summary: metrics.summary)
        result.finalEquity = builder.lastEquity
        return result
    }

    /// Step 5: equity at close `t`, or nil after declaring ruin when it is zero or below.
    mutating func valuation(at t: Int) -> Double? {
        var value = cash
        for i in books.indices { value += books[i].shares * bars[i].close[t] }
        guard value > 0 else {
            declareRuin(at: t, atOpen: false)
            return nil
        }
        return value
    }

    /// Steps 0–4 of ``BacktestEngine``'s order of operations for bar `t`; stops early on ruin.
    private mutating func step(at t: Int) {
        accrueCarry(at: t)
        if config.fill == .nextOpen { fillDue(at: t, atOpen: true) }
        guard ruinBar == nil else { return }
        if !config.stops.isEmpty { checkStops(at: t) }
        decide(at: t)
        if config.fill == .close { fillDue(at: t, atOpen: false) }
    }

}
