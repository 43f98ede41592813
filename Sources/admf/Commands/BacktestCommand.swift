import ArgumentParser
import Backtest
import Indicators
import Market
import Reports
import Strategies

/// `admf backtest`: one strategy on one or more data files.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Backtest one strategy and print its metrics.",
        discussion: """
            Signals decided at a bar's close trade at the next bar's open (--fill next_open, the \
            default). Give --data once per symbol: a single-symbol strategy then runs as an \
            equal-weight portfolio; pairs_trading takes exactly two files. `admf strategies` lists \
            the strategies and their parameters. Orders are capped at --max-leverage × equity \
            (default 1: no borrowing); negative cash pays --financing-rate and shorts pay \
            --borrow-rate. If equity reaches zero the run stops there (ruin) at −100 %.
            """)

    @Option(name: .customLong("data"), help: "CSV file of bars (repeat for several symbols).")
    var data: [String] = []

    @Option(help: "Strategy name (see `admf strategies`).")
    var strategy: String

    @Option(name: .customLong("param"), help: "Strategy parameter as key=value (repeatable).")
    var params: [String] = []

    @Option(help: "First date to include (YYYY-MM-DD or ISO date-time).")
    var from: String?

    @Option(help: "Last date to include (YYYY-MM-DD or ISO date-time).")
    var to: String?

    @Option(help: "Fill at the next bar's open (next_open) or at the signal bar's close (close).")
    var fill: String = FillTiming.nextOpen.rawValue

    @Option(help: "Commission in basis points of traded notional.")
    var commissionBps: Double = 0

    @Option(help: "Commission per unit (share) traded.")
    var commissionPerShare: Double = 0

    @Option(help: "Slippage in basis points, against the trade.")
    var slippageBps: Double = 0

    @Option(help: "Square-root market impact coefficient η (off unless given).")
    var marketImpact: Double?

    @Option(help: "Extra bars between decision and fill.")
    var delayBars: Int = 0

    @Option(help: "Fraction of equity per unit of signal (1 = fully invested).")
    var fraction: Double = 1

    @Option(help: "Size positions to this annualised volatility instead (e.g. 0.15).")
    var volTarget: Double?

    @Option(help: "Bars of returns behind the volatility target.")
    var volLookback: Int = 20

    @Option(help: "Largest weight the volatility target may ask for (still capped by --max-leverage).")
    var volMaxLeverage: Double = 2

    @Option(help: "Account leverage cap: gross exposure after each fill ≤ this × equity after costs (1 = no borrowing).")
    var maxLeverage: Double = 1

    @Option(help: "Annual interest rate on negative cash (a fraction, e.g. 0.05), accrued every bar.")
    var financingRate: Double = 0

    @Option(help: "Annual borrow fee on short notional (a fraction, e.g. 0.01), accrued every bar.")
    var borrowRate: Double = 0

    @Option(help: "Stop-loss as a fraction of the entry price (e.g. 0.05).")
    var stopLoss: Double?

    @Option(help: "Take-profit as a fraction of the entry price.")
    var takeProfit: Double?

    @Option(help: "Trailing stop as a fraction of the best price since entry.")
    var trailingStop: Double?

    @Option(help: "Starting capital.")
    var capital: Double = 100_000

    @Flag(help: "Treat negative signals as flat.")
    var longOnly = false

    @Flag(help: "Skip invalid rows of the data files (and report how many) instead of failing.")
    var dropInvalidRows = false

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func validate() throws {
        if data.isEmpty { throw ValidationError("give at least one --data FILE") }
        if FillTiming(rawValue: fill) == nil {
            throw ValidationError("--fill must be next_open or close, got '\(fill)'")
        }
    }

    func run() throws {
        let definition = try StrategyRegistry.strategy(named: strategy)
        let parameters = try definition.resolve(try parseParameters())
        let start = try from.map { try parseDate($0, option: "--from") }
        let end = try to.map { try parseDate($0, option: "--to") }
        if let start, let end, start > end {
            throw UsageError("--from \(from ?? "") is after --to \(to ?? "")")
        }
        let loader = CSVBarLoader(options: CSVLoadOptions(dropInvalidRows: dropInvalidRows))
        var series: [BarSeries] = []
        for path in data {
            let (bars, dropped) = try loader.loadWithReport(path: path)
            if !dropped.isEmpty {
                warn("\(path): dropped \(dropped.count) invalid row(s); first: \(dropped[0])")
            }
            let sliced = bars.slice(from: start, to: end)
            guard sliced.count >= 2 else {
                throw UsageError("\(path): \(sliced.count) bar(s) between --from and --to; need at least 2")
            }
            series.append(sliced)
        }
        if series.count > 1 { series = Alignment.commonTimestamps(series) }
        let signals = try makeSignals(definition, parameters, series)
        let config = try makeConfig()
        let result = try BacktestEngine(config: config).run(bars: series, signals: signals)
        if json {
            emit(BacktestReport.json(result, strategy: definition.name,
                                     parameters: parameters.sortedPairs.map { ($0.name, $0.value) },
                                     fill: config.fill).serialized(pretty: true))
        } else {
            emit(BacktestReport.table(result, title: "\(definition.name) (\(parameters)) on \(result.symbols.joined(separator: ", "))"))
        }
    }

    private func makeSignals(_ definition: StrategyDefinition, _ parameters: ParameterSet,
                             _ series: [BarSeries]) throws -> [SignalSeries] {
        if definition.symbolCount == 1 {
            let cache = IndicatorCache()
            return series.flatMap { definition.signals(StrategyContext(bars: [$0], cache: cache), parameters) }
        }
        guard series.count == definition.symbolCount else {
            throw UsageError("\(definition.name) trades \(definition.symbolCount) symbols: give --data \(definition.symbolCount) times")
        }
        return definition.signals(StrategyContext(bars: series), parameters)
    }

    private func makeConfig() throws -> BacktestConfig {
        var config = BacktestConfig()
        config.initialCapital = capital
        config.fill = FillTiming(rawValue: fill) ?? .nextOpen
        config.delayBars = delayBars
        config.costs = CostModel(
            commissionBps: commissionBps, commissionPerShare: commissionPerShare, slippageBps: slippageBps,
            marketImpact: marketImpact.map { MarketImpact(coefficient: $0) })
        if let volTarget {
            config.sizing = .volatilityTarget(annualVolatility: volTarget, lookback: volLookback, maxLeverage: volMaxLeverage)
        } else {
            config.sizing = .fixedFraction(fraction)
        }
        config.stops = StopRules(stopLoss: stopLoss, takeProfit: takeProfit, trailingStop: trailingStop)
        config.allowShort = !longOnly
        config.maxLeverage = maxLeverage
        config.financingRate = financingRate
        config.borrowRate = borrowRate
        return config
    }

    private func parseParameters() throws -> [String: Double] {
        var values: [String: Double] = [:]
        for item in params {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw UsageError("--param '\(item)' must look like key=value, e.g. fast_period=10")
            }
            guard let value = Double(parts[1]) else {
                throw UsageError("--param \(parts[0]): '\(parts[1])' is not a number")
            }
            values[parts[0]] = value
        }
        return values
    }

    private func parseDate(_ text: String, option: String) throws -> Int64 {
        guard let value = Timestamps.parseDate(text) else {
            throw UsageError("\(option) '\(text)' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        }
        return value
    }
}
