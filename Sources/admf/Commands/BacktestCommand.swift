import ArgumentParser
import Backtest
import Indicators
import Market
import Reports
import Strategies

/// `admf backtest`: one strategy on one or more data files.
///
/// Every value is checked before any work (``validate()``, and the checks that need the data
/// right after it is loaded, ``checkAgainstData(bars:)``): a refusal is one line naming the
/// option, exit status 64, and nothing on standard output.
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
            --borrow-rate. If equity reaches zero the run stops there (ruin) at −100 %. \
            Fractions are written as such: 0.05 for 5 %. Numeric options take negative values \
            as written (--commission-bps -1 is read, then refused as out of range).
            """)

    @Option(name: .customLong("data"), help: "CSV file of bars (repeat for several symbols).")
    var data: [String] = []

    @Option(help: "Strategy name (see `admf strategies`).")
    var strategy: String

    @Option(name: .customLong("param"), help: "Strategy parameter as key=value (repeatable, each key once).")
    var params: [String] = []

    @Option(parsing: .unconditional, help: "First date to include (YYYY-MM-DD or ISO date-time).")
    var from: String?

    @Option(parsing: .unconditional, help: "Last date to include (YYYY-MM-DD or ISO date-time).")
    var to: String?

    @Option(help: "Fill at the next bar's open (next_open) or at the signal bar's close (close).")
    var fill: String = FillTiming.nextOpen.rawValue

    @Option(parsing: .unconditional, help: "Commission in basis points of traded notional (0 ≤ bps < 10000).")
    var commissionBps: Double = 0

    @Option(parsing: .unconditional, help: "Commission per unit (share) traded.")
    var commissionPerShare: Double = 0

    @Option(parsing: .unconditional, help: "Slippage in basis points, against the trade (0 ≤ bps < 10000).")
    var slippageBps: Double = 0

    @Option(parsing: .unconditional, help: "Square-root market impact coefficient η, 0–10 (off unless given).")
    var marketImpact: Double?

    @Option(parsing: .unconditional, help: "Extra bars between decision and fill.")
    var delayBars: Int = 0

    @Option(parsing: .unconditional, help: "Fraction of equity per unit of signal (default: 1 = fully invested).")
    var fraction: Double?

    @Option(parsing: .unconditional, help: "Size positions to this annualised volatility instead (0.15 for 15 %, at most 1).")
    var volTarget: Double?

    @Option(parsing: .unconditional, help: "Bars of returns behind the volatility target (default: 20).")
    var volLookback: Int?

    @Option(parsing: .unconditional,
            help: "Largest weight the volatility target may ask for (default: 2; still capped by --max-leverage).")
    var volMaxLeverage: Double?

    @Option(parsing: .unconditional,
            help: "Account leverage cap, at most 100: gross exposure after each fill ≤ this × equity after costs (1 = no borrowing).")
    var maxLeverage: Double = 1

    @Option(parsing: .unconditional, help: "Annual interest rate on negative cash (a fraction, e.g. 0.05), accrued every bar.")
    var financingRate: Double = 0

    @Option(parsing: .unconditional, help: "Annual borrow fee on short notional (a fraction, e.g. 0.01), accrued every bar.")
    var borrowRate: Double = 0

    @Option(parsing: .unconditional, help: "Stop-loss as a fraction of the entry price, below 1 (e.g. 0.05).")
    var stopLoss: Double?

    @Option(parsing: .unconditional, help: "Take-profit as a fraction of the entry price (e.g. 0.1).")
    var takeProfit: Double?

    @Option(parsing: .unconditional, help: "Trailing stop as a fraction of the best price since entry, below 1.")
    var trailingStop: Double?

    @Option(parsing: .unconditional, help: "Starting capital (at most 1e15).")
    var capital: Double = 100_000

    @Flag(help: "Treat negative signals as flat.")
    var longOnly = false

    @Flag(help: "Skip invalid rows of the data files (and report how many) instead of failing.")
    var dropInvalidRows = false

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func run() throws {
        let definition = try strategyDefinition()
        let parameters = try resolvedParameters(definition)
        let (start, end) = try dateRange()
        let loader = CSVBarLoader(options: CSVLoadOptions(dropInvalidRows: dropInvalidRows))
        var series: [BarSeries] = []
        for path in data {
            let (bars, dropped) = try loader.loadWithReport(path: path)
            if !dropped.isEmpty {
                warn("\(path): dropped \(dropped.count) invalid row(s); first: \(dropped[0])")
            }
            let sliced = bars.slice(from: start, to: end)
            guard sliced.count >= 2 else { throw windowRefusal(path: path, bars: bars, kept: sliced.count) }
            series.append(sliced)
        }
        try checkDistinctSymbols(series)
        if series.count > 1 {
            series = Alignment.commonTimestamps(series)
            let common = series.first?.count ?? 0
            guard common >= 2 else {
                let window = from != nil || to != nil ? " between --from and --to" : ""
                throw refusal("--data", "", "the \(data.count) files share \(common) timestamp(s)\(window); need at least 2 in common")
            }
        }
        let signals = try makeSignals(definition, parameters, series)
        try checkAgainstData(bars: series[0].count)
        var config = makeConfig()
        // The table and the JSON need the metrics, the trades and the final equity only: no per-bar paths.
        config.detail = .summary
        let result = try BacktestEngine(config: config).run(bars: series, signals: signals)
        if result.trades.isEmpty {
            warn("no trade was made, so ratios such as sharpe_ratio are undefined; check the strategy's warm-up, "
                 + "--delay-bars and the costs against the data and --max-leverage")
        }
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
            let count = definition.symbolCount
            throw refusal("--data", "", "\(definition.name) trades \(count) symbols: give --data \(count) times (got \(series.count))")
        }
        return definition.signals(StrategyContext(bars: series), parameters)
    }

    private func makeConfig() -> BacktestConfig {
        var config = BacktestConfig()
        config.initialCapital = capital
        config.fill = fillTiming
        config.delayBars = delayBars
        config.costs = CostModel(
            commissionBps: commissionBps, commissionPerShare: commissionPerShare, slippageBps: slippageBps,
            marketImpact: marketImpact.map { MarketImpact(coefficient: $0) })
        if let volTarget {
            config.sizing = .volatilityTarget(annualVolatility: volTarget, lookback: volLookback ?? Self.defaultVolLookback,
                                              maxLeverage: volMaxLeverage ?? Self.defaultVolMaxLeverage)
        } else {
            config.sizing = .fixedFraction(fraction ?? 1)
        }
        config.stops = StopRules(stopLoss: stopLoss, takeProfit: takeProfit, trailingStop: trailingStop)
        config.allowShort = !longOnly
        config.maxLeverage = maxLeverage
        config.financingRate = financingRate
        config.borrowRate = borrowRate
        return config
    }
}
