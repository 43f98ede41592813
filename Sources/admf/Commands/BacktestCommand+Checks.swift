import ArgumentParser
import Backtest
import Foundation
import Market
import Strategies

/// The checks of `admf backtest`'s options. Each refusal is one ``refusal(_:_:_:)`` line naming
/// the option, the value given and the range or form expected.
extension BacktestCommand {
    static let defaultVolLookback = 20
    static let defaultVolMaxLeverage = 2.0
    /// Above this a Double no longer holds cents, and the metrics of a good run overflow.
    static let largestCapital = 1e15
    /// The largest account leverage cap (and volatility-target weight) accepted.
    static let largestLeverage = 100.0
    /// Weights beyond ``largestLeverage`` are scaled down to it anyway; this only keeps sizes finite.
    static let largestFraction = 1e6
    /// 10,000 basis points are the whole price: a sale would fill at or below zero.
    static let wholePriceBps = 10_000.0
    /// The largest square-root impact coefficient η (measured values are about 0.5–1).
    static let largestImpact = 10.0
    /// The largest annual financing or borrow rate (1000 % a year).
    static let largestRate = 10.0
    /// The largest annualised volatility target (100 % a year).
    static let largestVolTarget = 1.0
    /// The largest take-profit fraction (the engine's bound).
    static let largestTakeProfit = 10.0

    var fillTiming: FillTiming { FillTiming(rawValue: fill) ?? .nextOpen }

    /// The checks that need no data; run by ArgumentParser right after parsing.
    func validate() throws {
        try checkDataFiles()
        guard FillTiming(rawValue: fill) != nil else {
            throw refusal("--fill", "'\(fill)'", "must be next_open (the next bar's open) or close (the signal bar's close)")
        }
        _ = try resolvedParameters(try strategyDefinition())
        _ = try dateRange()
        try checkCapitalAndCosts()
        try checkSizing()
        try checkLeverageAndRates()
        try checkStops()
    }

    private func checkDataFiles() throws {
        guard !data.isEmpty else {
            throw refusal("--data", "", "give at least one --data FILE (a CSV of bars; repeat for several symbols)")
        }
        var seen = Set<String>()
        for path in data {
            let normalised = URL(fileURLWithPath: path).standardizedFileURL.path
            guard seen.insert(normalised).inserted else {
                throw refusal("--data", path, "given twice; give each file once")
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw refusal("--data", path, "is a directory; give a CSV file of bars, e.g. --data data/aapl_daily.csv")
            }
        }
    }

    private func checkCapitalAndCosts() throws {
        guard capital.isFinite, capital > 0 else {
            throw refusal("--capital", shown(capital), "must be a positive amount, e.g. 100000")
        }
        guard capital <= Self.largestCapital else {
            throw refusal("--capital", shown(capital),
                          "must be at most 1e15; beyond that a Double no longer holds cents and the metrics overflow")
        }
        for (option, value, beyond) in [
            ("--commission-bps", commissionBps, "the commission would take the whole traded value or more"),
            ("--slippage-bps", slippageBps, "a sale would fill at or below a zero price"),
        ] {
            guard value.isFinite, value >= 0 else {
                throw refusal(option, shown(value), "must be a number ≥ 0 (a cost in basis points, e.g. 2 for 0.02 %)")
            }
            guard value < Self.wholePriceBps else {
                throw refusal(option, shown(value), "must be below 10000 basis points (100 %): \(beyond)")
            }
        }
        guard commissionPerShare.isFinite, commissionPerShare >= 0 else {
            throw refusal("--commission-per-share", shown(commissionPerShare),
                          "must be a number ≥ 0 (an amount per share traded, e.g. 0.005)")
        }
        if let marketImpact {
            guard marketImpact.isFinite, marketImpact >= 0, marketImpact <= Self.largestImpact else {
                throw refusal("--market-impact", shown(marketImpact),
                              "must be between 0 and 10 (the square-root impact coefficient η; measured values are about 0.5–1)")
            }
        }
        guard delayBars >= 0 else {
            throw refusal("--delay-bars", String(delayBars), "must be ≥ 0 (whole bars between the decision and the fill)")
        }
    }

    private func checkSizing() throws {
        if let fraction {
            if volTarget != nil {
                throw refusal("--fraction", shown(fraction),
                              "cannot be combined with --vol-target (both size positions); give one of them")
            }
            guard fraction.isFinite, fraction > 0 else {
                throw refusal("--fraction", shown(fraction),
                              "must be a positive fraction of equity (1 = fully invested, 0.5 for half)")
            }
            guard fraction <= Self.largestFraction else {
                throw refusal("--fraction", shown(fraction),
                              "must be at most 1000000; exposure is capped at --max-leverage (at most 100) × equity anyway")
            }
        }
        guard let volTarget else {
            let onlyWithTarget = "only applies with --vol-target; add --vol-target (e.g. 0.15) or drop it"
            if let volLookback { throw refusal("--vol-lookback", String(volLookback), onlyWithTarget) }
            if let volMaxLeverage { throw refusal("--vol-max-leverage", shown(volMaxLeverage), onlyWithTarget) }
            return
        }
        guard volTarget.isFinite, volTarget > 0, volTarget <= Self.largestVolTarget else {
            throw refusal("--vol-target", shown(volTarget),
                          "must be an annualised volatility above 0 and at most 1 (a fraction: 0.15 for 15 %)")
        }
        if let volLookback, volLookback < 2 {
            throw refusal("--vol-lookback", String(volLookback), "must be at least 2 (bars of returns behind the volatility estimate)")
        }
        if let volMaxLeverage {
            guard volMaxLeverage.isFinite, volMaxLeverage > 0, volMaxLeverage <= Self.largestLeverage else {
                throw refusal("--vol-max-leverage", shown(volMaxLeverage),
                              "must be above 0 and at most 100 (the largest weight the volatility target may ask for, e.g. 2)")
            }
        }
    }

    private func checkLeverageAndRates() throws {
        guard maxLeverage.isFinite, maxLeverage > 0 else {
            throw refusal("--max-leverage", shown(maxLeverage),
                          "must be positive (gross exposure ÷ equity; 1 = no borrowing, 2 = up to twice equity)")
        }
        guard maxLeverage <= Self.largestLeverage else {
            throw refusal("--max-leverage", shown(maxLeverage),
                          "must be at most 100: at 100 × equity a 1 % move against the book already wipes out the account")
        }
        for (option, value) in [("--financing-rate", financingRate), ("--borrow-rate", borrowRate)] {
            guard value.isFinite, value >= 0, value <= Self.largestRate else {
                throw refusal(option, shown(value),
                              "must be an annual rate between 0 and 10 (a fraction: 0.05 for 5 % a year)")
            }
        }
    }

    private func checkStops() throws {
        for (option, value, meaning) in [
            ("--stop-loss", stopLoss, "0.05 exits 5 % below the entry"),
            ("--trailing-stop", trailingStop, "0.1 exits 10 % below the best price since entry"),
        ] {
            if let value, !(value > 0 && value < 1) {
                throw refusal(option, shown(value),
                              "must be a fraction above 0 and below 1 (\(meaning)); a long cannot lose more than 100 %")
            }
        }
        if let takeProfit, !(takeProfit > 0 && takeProfit < Self.largestTakeProfit) {
            throw refusal("--take-profit", shown(takeProfit),
                          "must be a fraction above 0 and below 10 (0.1 exits 10 % above the entry; above 1 is allowed)")
        }
    }

    // MARK: Strategy, parameters, dates

    func strategyDefinition() throws -> StrategyDefinition {
        do {
            return try StrategyRegistry.strategy(named: strategy)
        } catch let error as StrategyError {
            throw ValidationError("--strategy: \(error)")
        }
    }

    /// The `--param` values, each key given once, checked against the strategy's declarations.
    func resolvedParameters(_ definition: StrategyDefinition) throws -> ParameterSet {
        var values: [String: Double] = [:]
        var given: [String: String] = [:]
        for item in params {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw refusal("--param", "'\(item)'", "must look like key=value, e.g. fast_period=10")
            }
            let (key, text) = (parts[0], parts[1])
            guard let value = Double(text) else {
                throw refusal("--param", item, "'\(text)' is not a number")
            }
            if let first = given[key] {
                throw refusal("--param", key, "given twice (\(first) and \(text)); give each parameter once")
            }
            given[key] = text
            values[key] = value
        }
        do {
            return try definition.resolve(values)
        } catch let error as StrategyError {
            throw ValidationError("--param: \(error)")
        }
    }

    func dateRange() throws -> (start: Int64?, end: Int64?) {
        let start = try from.map { try parseDate($0, option: "--from") }
        let end = try to.map { try parseDate($0, option: "--to") }
        if let start, let end, start > end, let from, let to {
            throw refusal("--from", from, "is after --to \(to); give the earlier date to --from")
        }
        return (start, end)
    }

    private func parseDate(_ text: String, option: String) throws -> Int64 {
        guard let value = Timestamps.parseDate(text) else {
            throw refusal(option, "'\(text)'", "is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        }
        return value
    }

    // MARK: Checks against the data

    /// The refusal for a file with fewer than 2 bars between `--from` and `--to`.
    func windowRefusal(path: String, bars: BarSeries, kept: Int) -> ValidationError {
        let covers = bars.timestamps.first.map { first in
            " (the file covers \(Timestamps.format(first)) to \(Timestamps.format(bars.timestamps.last ?? first)))"
        } ?? ""
        switch (from, to) {
        case (nil, nil):
            return refusal("--data", path, "has \(kept) bar(s); need at least 2")
        case (let from?, let to?):
            return refusal("--from/--to", "\(from) to \(to)", "leave \(kept) bar(s) of \(path); need at least 2\(covers)")
        case (let from?, nil):
            return refusal("--from", from, "leaves \(kept) bar(s) of \(path); need at least 2\(covers)")
        case (nil, let to?):
            return refusal("--to", to, "leaves \(kept) bar(s) of \(path); need at least 2\(covers)")
        }
    }

    /// Two files for the same symbol would be two positions in one instrument under one name.
    func checkDistinctSymbols(_ series: [BarSeries]) throws {
        var seen: [String: Int] = [:]
        for (index, bars) in series.enumerated() {
            if let other = seen[bars.symbol], other < data.count, index < data.count {
                throw refusal("--data", data[index], "is symbol \(bars.symbol), like --data \(data[other]); give each symbol once")
            }
            seen[bars.symbol] = index
        }
    }

    /// The settings that only make sense against the number of bars `n` (≥ 2) actually backtested.
    func checkAgainstData(bars n: Int) throws {
        let offset = fillTiming == .nextOpen ? 1 : 0
        let dataText = "the data (\(grouped(n)) bars)"
        // A decision at bar t fills at t + offset + delay, which must be a bar of the data.
        let longestDelay = max(0, n - 1 - offset)
        if delayBars > longestDelay {
            let why = delayBars >= n ? "longer than \(dataText)" : "leaves no bar to fill on in \(dataText)"
            throw refusal("--delay-bars", String(delayBars),
                          "\(why); use at most \(grouped(longestDelay)) with --fill \(fillTiming.rawValue)")
        }
        if volTarget != nil {
            // The first volatility estimate is known at bar `lookback`; its order must still fill.
            let lookback = volLookback ?? Self.defaultVolLookback
            let longest = longestDelay - delayBars
            if lookback > longest {
                let why = lookback >= n ? "longer than \(dataText)" : "leaves no bar to trade on in \(dataText)"
                let fix = longest >= 2
                    ? "use at most \(grouped(longest))\(delayBars > 0 ? " with --delay-bars \(delayBars)" : "")"
                    : delayBars > 0 ? "--delay-bars \(delayBars) leaves too few bars for a volatility target; shorten it"
                    : "the data is too short for a volatility target"
                throw refusal("--vol-lookback", String(lookback), "\(why); \(fix)")
            }
        }
        if let marketImpact {
            // σ ends at the bar before the fill and V averages the `lookback` bars before it.
            let lookback = MarketImpact().volatilityLookback
            if n < lookback + 2 {
                throw refusal("--market-impact", shown(marketImpact),
                              "\(dataText) is too short: impact needs the \(lookback) bars before a fill for its volatility "
                                + "and volume and would never apply; give at least \(lookback + 2) bars")
            }
        }
    }
}
