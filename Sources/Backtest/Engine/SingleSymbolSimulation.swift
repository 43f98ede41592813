import Market
import Metrics

/// The engine's path for its most common case — one symbol, no protective stops — chosen by
/// ``BacktestEngine`` itself, never by the caller.
///
/// It performs exactly the operations of ``Simulation`` (the same formulas in the same order:
/// carry, open fills under the leverage cap, decisions, close fills, valuation, ruin), but on
/// local state and contiguous buffers: one pending-order slot per bar instead of a queue, no
/// per-symbol book array, no per-bar position arrays unless ``ResultDetail/full`` asks for
/// them. Results are bit-for-bit those of the general path; the engine-versus-naive-reference
/// differential test and a fast-versus-general test check it.
struct SingleSymbolSimulation {
    static func isEligible(config: BacktestConfig, symbols: Int) -> Bool {
        symbols == 1 && config.stops.isEmpty
    }

    let config: BacktestConfig
    let bars: BarSeries
    let signal: [Double]
    let n: Int
    let allocation: Double
    let impactSigma: [Double]
    let impactVolume: [Double]
    let sizingSigma: [Double]
    let periodsPerYear: Double

    private var cash: Double
    private var shares = 0.0
    private var lastSignal = 0.0
    /// The weight of the order due at each bar (NaN: none), in a ring of `delay + 2` slots: each
    /// decision bar schedules at most one order, due within the next `delay + 1` bars, so the
    /// orders pending at any moment never share a slot.
    private var pending: [Double]
    private let slots: Int
    /// `t mod slots` for the current bar, advanced without dividing.
    private var slot = 0
    private var ledger: TradeLedger
    private var totalCommission = 0.0
    private var totalSlippage = 0.0
    private var totalFinancing = 0.0
    private var totalBorrow = 0.0
    private var tradedNotional = 0.0
    private var impactSkipped = 0
    private var ruinBar: Int?

    init(config: BacktestConfig, bars: BarSeries, signal: SignalSeries) {
        self.config = config
        self.bars = bars
        self.signal = signal.values
        n = bars.count
        allocation = config.allocations?.first ?? 1 / Double(1)
        if let impact = config.costs.marketImpact {
            impactSigma = rollingReturnVolatility(close: bars.close, lookback: impact.volatilityLookback)
            impactVolume = trailingMeanVolume(volume: bars.volume, lookback: impact.volatilityLookback)
        } else {
            impactSigma = []
            impactVolume = []
        }
        periodsPerYear = config.periodsPerYear ?? BarSpacing.infer(timestamps: bars.timestamps).periodsPerYear
        if case .volatilityTarget(_, let lookback, _) = config.sizing {
            sizingSigma = rollingReturnVolatility(close: bars.close, lookback: lookback)
        } else {
            sizingSigma = []
        }
        cash = config.initialCapital
        slots = config.delayBars >= n - 2 ? n : config.delayBars + 2  // min(n, delay + 2) without overflow
        pending = [Double](repeating: .nan, count: slots)
        ledger = TradeLedger(symbol: bars.symbol)
    }

    mutating func run() -> BacktestResult {
        let full = config.detail == .full
        var builder = ResultBuilder(bars: n, detail: config.detail)
        var positions = full ? [Double](repeating: 0, count: n) : []
        var weights = positions
        var exposedBars = 0
        let nextOpen = config.fill == .nextOpen
        let carries = config.financingRate > 0 || config.borrowRate > 0
        let close = bars.close
        close.withUnsafeBufferPointer { close in
            for t in 0..<n {
                slot = t == 0 ? 0 : (slot + 1 == slots ? 0 : slot + 1)
                if carries { accrueCarry(at: t, close: close) }
                if nextOpen, pending[slot].isFinite {
                    fill(at: t, price: bars.open[t], atOpen: true)
                    if ruinBar != nil { break }
                }
                decide(at: t)
                if !nextOpen, pending[slot].isFinite {
                    fill(at: t, price: close[t], atOpen: false)
                    if ruinBar != nil { break }
                }
                let value = cash + shares * close[t]
                if value <= 0 {
                    declareRuin(at: t, price: close[t])
                    break
                }
                if full {
                    positions[t] = shares
                    weights[t] = shares * close[t] / value
                }
                builder.record(value, at: t)
                if shares != 0 { exposedBars += 1 }
            }
        }
        ledger.finish(position: shares, mark: close[n - 1], bar: n - 1, time: bars.timestamps[n - 1])
        var trades = ledger.trades
        trades.sort { ($0.exitTime, $0.entryTime, $0.symbol) < ($1.exitTime, $1.entryTime, $1.symbol) }
        let metrics = builder.finish(periodsPerYear: periodsPerYear, trades: trades, tradedNotional: tradedNotional,
                                     exposedBars: exposedBars)
        var result = BacktestResult(
            timestamps: bars.timestamps, equity: builder.equity, returns: builder.returns,
            symbols: [bars.symbol], positions: full ? [positions] : [], weights: full ? [weights] : [], trades: trades,
            exposure: metrics.exposure, turnover: metrics.turnover, totalCommission: totalCommission,
            totalSlippage: totalSlippage, totalFinancing: totalFinancing, totalBorrowCost: totalBorrow,
            impactSkippedFills: impactSkipped, ruinBar: ruinBar,
            ruinTime: ruinBar.map { bars.timestamps[$0] }, periodsPerYear: periodsPerYear, summary: metrics.summary)
        result.finalEquity = builder.lastEquity
        return result
    }

    /// Step 0 (see ``Simulation``'s `accrueCarry`): financing on negative cash, borrow on a short.
    @inline(__always)
    private mutating func accrueCarry(at t: Int, close: UnsafeBufferPointer<Double>) {
        guard t > 0 else { return }
        let shortNotional = config.borrowRate > 0 && shares < 0 ? 0.0 - shares * close[t - 1] : 0.0
        Carry.accrue(cash: &cash, shortNotional: shortNotional, config: config, periodsPerYear: periodsPerYear,
                     financing: &totalFinancing, borrow: &totalBorrow)
    }

    /// Step 3: a changed signal schedules an order for its due bar.
    @inline(__always)
    private mutating func decide(at t: Int) {
        var s = signal[t]
        if !s.isFinite { s = 0 }
        s = min(1, max(-1, s))
        if !config.allowShort { s = max(0, s) }
        guard s != lastSignal else { return }
        lastSignal = s
        let offset = config.fill == .nextOpen ? 1 : 0
        guard config.delayBars < n - t - offset else { return }
        // (t + offset + delay) mod slots, with offset + delay < slots: one wrap at most.
        var due = slot + offset + config.delayBars
        if due >= slots { due -= slots }
        pending[due] = targetWeight(signal: s, bar: t)
    }

    private func targetWeight(signal: Double, bar t: Int) -> Double {
        guard signal != 0 else { return 0 }
        switch config.sizing {
        case .fixedFraction(let fraction):
            return signal * fraction * allocation
        case .volatilityTarget(let target, _, let maxLeverage):
            let sigma = sizingSigma[t] * periodsPerYear.squareRoot()
            guard sigma.isFinite, sigma > 0 else { return 0 }
            return signal * min(maxLeverage, target / sigma) * allocation
        }
    }

    /// Steps 1 and 4: the order due at `t`, sized on equity at `price`, under the leverage cap.
    private mutating func fill(at t: Int, price: Double, atOpen: Bool) {
        let weight = pending[slot]
        pending[slot] = .nan
        let value = cash + shares * price
        guard value > 0 else {
            declareRuin(at: t, price: price)
            return
        }
        let current = shares
        var target = weight == 0 ? 0 : weight * value / price
        let costs = 0.0 + cost(bar: t, quantity: target - current, reference: price).total
        let kept = LeverageCap.kept(current: current, target: target)
        let s = LeverageCap.factor(restGross: 0.0, keptGross: 0.0 + abs(kept) * price,
                                   addedGross: 0.0 + abs(target - kept) * price,
                                   equity: value, costs: costs, maxLeverage: config.maxLeverage)
        if s < 1 { target = kept + s * (target - kept) }
        execute(bar: t, quantity: target - current, reference: price, reason: .signal)
    }

    /// As ``Simulation``'s `cost(symbol:bar:quantity:reference:)`.
    @inline(__always)
    private func cost(bar t: Int, quantity: Double, reference: Double) -> FillCost {
        let impact = config.costs.marketImpact != nil
        return FillCost.of(quantity: quantity, reference: reference, costs: config.costs,
                           sigma: impact && t > 0 ? impactSigma[t - 1] : .nan,
                           volume: impact ? impactVolume[t] : .nan)
    }

    /// As ``Simulation``'s `execute`: one fill with its costs, recorded in the ledger.
    private mutating func execute(bar t: Int, quantity: Double, reference: Double, reason: Trade.ExitReason) {
        let before = shares
        guard quantity != 0, abs(quantity) > 1e-12 * max(abs(before), abs(before + quantity)) else { return }
        let fill = cost(bar: t, quantity: quantity, reference: reference)
        if fill.impactSkipped { impactSkipped += 1 }
        cash -= quantity * fill.price + fill.commission
        shares = before + quantity
        totalCommission += fill.commission
        totalSlippage += fill.slippage
        tradedNotional += abs(quantity * fill.price)
        ledger.record(before: before, quantity: quantity, price: fill.price, commission: fill.commission,
                      slippage: fill.slippage, bar: t, time: bars.timestamps[t], reason: reason)
    }

    /// As ``Simulation``'s `declareRuin`: close at this moment's price and stop trading.
    private mutating func declareRuin(at t: Int, price: Double) {
        ruinBar = t
        if shares != 0 { execute(bar: t, quantity: -shares, reference: price, reason: .ruin) }
    }
}
