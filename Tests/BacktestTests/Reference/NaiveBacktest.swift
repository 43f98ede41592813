import Backtest
import Foundation
import Market

/// A deliberately plain bar-by-bar model of the engine, written from the documented
/// semantics (``BacktestEngine``, ``BacktestConfig``, ``CostModel``, ``StopRules``,
/// ``PositionSizing``) rather than from `Simulation`: no precomputed windows, no scratch
/// state, and the leverage factor found by bisection instead of the closed form.
/// The differential tests compare the engine with it over thousands of random setups.
struct NaiveBacktest {
    struct Output {
        var equity: [Double] = []
        var trades = 0
        var ruinBar: Int? = nil
        var financing = 0.0
        var borrow = 0.0
        /// Fills that had market impact switched on but no σ or volume to compute it.
        var impactSkipped = 0
        /// Fill moments whose added exposure the leverage cap scaled (s < 1), and of those, fully blocked (s = 0).
        var scaledMoments = 0
        var blockedMoments = 0
    }

    let config: BacktestConfig
    let bars: [BarSeries]
    let signals: [[Double]]
    let periodsPerYear: Double

    // Account and per-symbol state.
    var cash: Double
    var units: [Double]
    var lastSignal: [Double]
    var pending: [[(due: Int, weight: Double)]]
    var entryBar: [Int?]
    var entryUnits: [Double]  // Σ|q| of the fills that built the open trade
    var entryCost: [Double]  // Σ|q|·price of those fills
    var best: [Double]
    var output = Output()

    init(config: BacktestConfig, bars: [BarSeries], signals: [[Double]], periodsPerYear: Double) {
        self.config = config
        self.bars = bars
        self.signals = signals
        self.periodsPerYear = periodsPerYear
        let k = bars.count
        cash = config.initialCapital
        units = Array(repeating: 0, count: k)
        lastSignal = Array(repeating: 0, count: k)
        pending = Array(repeating: [], count: k)
        entryBar = Array(repeating: nil, count: k)
        entryUnits = Array(repeating: 0, count: k)
        entryCost = Array(repeating: 0, count: k)
        best = Array(repeating: 0, count: k)
    }

    var ruined: Bool { output.ruinBar != nil }

    mutating func run() -> Output {
        let n = bars[0].count
        for t in 0..<n {
            if ruined {
                output.equity.append(0)
                continue
            }
            if t > 0 {  // interest for close t−1 → close t on the balances at close t−1
                let financing = max(0, -cash) * config.financingRate / periodsPerYear
                var borrow = 0.0
                for i in bars.indices { borrow += max(0, -units[i]) * bars[i].close[t - 1] * config.borrowRate / periodsPerYear }
                cash -= financing + borrow
                output.financing += financing
                output.borrow += borrow
            }
            if config.fill == .nextOpen { fillMoment(t, prices: bars.map { $0.open[t] }) }
            if !ruined && !config.stops.isEmpty { stops(t) }
            if !ruined { decide(t) }
            if !ruined && config.fill == .close { fillMoment(t, prices: bars.map { $0.close[t] }) }
            if !ruined {
                var value = cash
                for i in bars.indices { value += units[i] * bars[i].close[t] }
                if value <= 0 { ruin(t, prices: bars.map { $0.close[t] }) }
            }
            if ruined {
                output.equity.append(0)
            } else {
                output.equity.append(cash + bars.indices.reduce(0.0) { $0 + units[$1] * bars[$1].close[t] })
            }
        }
        return output
    }

    // MARK: Signals and sizing

    mutating func decide(_ t: Int) {
        for i in bars.indices {
            var s = signals[i][t]
            if s.isNaN || s.isInfinite { s = 0 }
            s = Swift.max(-1, Swift.min(1, s))
            if !config.allowShort && s < 0 { s = 0 }
            if s == lastSignal[i] { continue }
            lastSignal[i] = s
            let due = config.fill == .nextOpen ? t + 1 + config.delayBars : t + config.delayBars
            if due < bars[i].count { pending[i].append((due, weight(s, i, t))) }
        }
    }

    func weight(_ s: Double, _ i: Int, _ t: Int) -> Double {
        if s == 0 { return 0 }
        let allocation = config.allocations?[i] ?? 1 / Double(bars.count)
        switch config.sizing {
        case .fixedFraction(let f):
            return s * f * allocation
        case .volatilityTarget(let target, let lookback, let cap):
            guard t >= lookback else { return 0 }
            let sigma = Self.std(returns(i, from: t - lookback + 1, to: t)) * periodsPerYear.squareRoot()
            guard sigma > 0, sigma.isFinite else { return 0 }
            return s * Swift.min(cap, target / sigma) * allocation
        }
    }

    /// Simple close-to-close returns r[j] = close[j]/close[j−1] − 1 for j in from...to.
    func returns(_ i: Int, from: Int, to: Int) -> [Double] {
        (from...to).map { bars[i].close[$0] / bars[i].close[$0 - 1] - 1 }
    }

    static func std(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
    }

    // MARK: Costs

    /// Fill price and commission for q units at reference p on bar t.
    /// σ: returns ending at t − 1; V: mean volume of the `lookback` bars before t.
    func fill(_ i: Int, _ t: Int, _ q: Double, _ p: Double) -> (price: Double, commission: Double, impactSkipped: Bool) {
        let c = config.costs
        let side: Double = q > 0 ? 1 : -1
        var price = p * (1 + side * c.slippageBps / 10_000)
        var skipped = false
        if let impact = c.marketImpact {
            let lookback = impact.volatilityLookback
            skipped = true
            if t >= lookback + 1 {
                let sigma = Self.std(returns(i, from: t - lookback, to: t - 1))
                let volume = bars[i].volume[(t - lookback)..<t].reduce(0, +) / Double(lookback)
                if volume > 0 {
                    price += p * side * impact.coefficient * sigma * (abs(q) / volume).squareRoot()
                    skipped = false
                }
            }
        }
        return (price, abs(q * price) * c.commissionBps / 10_000 + abs(q) * c.commissionPerShare, skipped)
    }

    func costOf(_ i: Int, _ t: Int, _ q: Double, _ p: Double) -> Double {
        if q == 0 { return 0 }
        let f = fill(i, t, q, p)
        return f.commission + abs(q) * abs(f.price - p)
    }

    // MARK: Trading

    mutating func trade(_ i: Int, _ t: Int, _ q: Double, _ p: Double) {
        let u = units[i]
        if q == 0 || abs(q) <= 1e-12 * Swift.max(abs(u), abs(u + q)) { return }
        let f = fill(i, t, q, p)
        if f.impactSkipped { output.impactSkipped += 1 }
        cash -= q * f.price + f.commission
        let after = u + q
        units[i] = after
        if after == 0 {
            entryBar[i] = nil
        } else if u == 0 || (u > 0) != (after > 0) {  // a new trade opens (fresh, or a reversal)
            output.trades += 1
            entryBar[i] = t
            entryUnits[i] = abs(after)
            entryCost[i] = abs(after) * f.price
            best[i] = f.price
        } else if abs(after) > abs(u) {  // adds to the open trade
            entryUnits[i] += abs(q)
            entryCost[i] += abs(q) * f.price
        }
    }

    mutating func fillMoment(_ t: Int, prices: [Double]) {
        let due = bars.indices.filter { pending[$0].first?.due == t }
        if due.isEmpty { return }
        var equity = cash
        for i in bars.indices { equity += units[i] * prices[i] }
        if equity <= 0 {
            ruin(t, prices: prices)
            return
        }
        var target = units
        for i in due { target[i] = pending[i].removeFirst().weight * equity / prices[i] }
        var costs = 0.0
        for i in due { costs += costOf(i, t, target[i] - units[i], prices[i]) }
        let cap = config.maxLeverage * (equity - costs)
        // The documented scaled target: reductions as asked, added exposure × s.
        func scaled(_ i: Int, _ s: Double) -> Double {
            let u = units[i], tau = target[i]
            if u * tau > 0 { return abs(tau) <= abs(u) ? tau : u + s * (tau - u) }
            return s * tau
        }
        func gross(_ s: Double) -> Double {
            bars.indices.reduce(0.0) { $0 + abs(due.contains($1) ? scaled($1, s) : units[$1]) * prices[$1] }
        }
        var s = 1.0
        if gross(1) > cap * (1 + 1e-12) {
            if gross(0) >= cap * (1 - 1e-12) {  // no headroom (rounding counts as none)
                s = 0
            } else {  // gross(s) is increasing: bisect for the largest s with gross(s) ≤ cap
                var lo = 0.0, hi = 1.0
                for _ in 0..<200 {
                    let mid = (lo + hi) / 2
                    if gross(mid) <= cap { lo = mid } else { hi = mid }
                }
                s = lo
            }
            output.scaledMoments += 1
            if s == 0 { output.blockedMoments += 1 }
        }
        for i in due { trade(i, t, scaled(i, s) - units[i], prices[i]) }
    }

    mutating func ruin(_ t: Int, prices: [Double]) {
        output.ruinBar = t
        for i in bars.indices where units[i] != 0 { trade(i, t, -units[i], prices[i]) }
        pending = pending.map { _ in [] }
    }

    // MARK: Stops

    mutating func stops(_ t: Int) {
        let rules = config.stops
        for i in bars.indices {
            let u = units[i]
            if u == 0 { continue }
            let long = u > 0
            let entry = entryCost[i] / entryUnits[i]
            let open = bars[i].open[t], high = bars[i].high[t], low = bars[i].low[t]
            var stop: Double? = nil
            if let loss = rules.stopLoss { stop = long ? entry * (1 - loss) : entry * (1 + loss) }
            if let trail = rules.trailingStop {
                let level = long ? best[i] * (1 - trail) : best[i] * (1 + trail)
                if let current = stop {
                    stop = long ? Swift.max(current, level) : Swift.min(current, level)
                } else {
                    stop = level
                }
            }
            let profit = rules.takeProfit.map { long ? entry * (1 + $0) : entry * (1 - $0) }
            let enteredAtThisOpen = entryBar[i] == t && config.fill == .nextOpen
            var exitPrice: Double? = nil
            if let stop {
                if !enteredAtThisOpen && (long ? open <= stop : open >= stop) {
                    exitPrice = open
                } else if long ? low <= stop : high >= stop {
                    exitPrice = stop
                }
            }
            if exitPrice == nil, let profit {
                if !enteredAtThisOpen && (long ? open >= profit : open <= profit) {
                    exitPrice = open
                } else if long ? high >= profit : low <= profit {
                    exitPrice = profit
                }
            }
            if let exitPrice {
                trade(i, t, -u, exitPrice)
                pending[i].removeAll { $0.due <= t }
            } else {
                best[i] = long ? Swift.max(best[i], high) : Swift.min(best[i], low)
            }
        }
    }
}
