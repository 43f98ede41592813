/// The recipe for a synthetic market: symbols, calendar, regimes, correlation, seed.
///
/// Every field has a sensible default (``default``), so a test can change only
/// what it cares about:
///
/// ```swift
/// var config = SyntheticMarketConfig.default
/// config.symbols = ["AAA", "BBB", "CCC"]
/// config.bars = 2_000
/// config.correlation = 0.3
/// let (series, regimes) = try SyntheticMarket.generate(config)
/// ```
///
/// The regime path is a Markov chain with `transition` as its matrix (row `i`
/// holds the probabilities of moving from regime `i` to each regime; rows sum to
/// 1). Without an explicit matrix, `persistence` is the probability of staying,
/// the rest shared equally among the other regimes.
public struct SyntheticMarketConfig: Sendable, Equatable {
    /// The instruments, in output order; names must be distinct and non-empty.
    public var symbols: [String]
    /// Bars per symbol (≥ 1).
    public var bars: Int
    /// The first bar's time (UTC seconds); moved forward past a weekend when weekends are skipped.
    public var start: Int64
    /// Seconds between bars: 86 400 for daily, 300 for 5-minute bars.
    public var barSeconds: Int64
    /// Skip bars falling on Saturday or Sunday (UTC), as equity markets do; applies when `barSeconds` ≤ 1 day.
    public var skipWeekends: Bool
    /// The seed: the same config always gives the same market.
    public var seed: UInt64
    /// The regimes (at least one).
    public var regimes: [RegimeSpec]
    /// The regime transition matrix (`regimes.count` square, rows sum to 1), or `nil` to use `persistence`.
    public var transition: [[Double]]?
    /// The probability of staying in the current regime from one bar to the next, when `transition` is `nil`.
    public var persistence: Double
    /// The regime of the first bar.
    public var initialRegime: Int
    /// The pairwise correlation of the symbols' returns, in [0, 1] (one common factor).
    public var correlation: Double
    /// Every symbol's first open.
    public var startPrice: Double
    /// The typical volume of a bar in the calmest regime; volume scales with regime volatility.
    public var baseVolume: Double

    public init(
        symbols: [String] = ["SYN"], bars: Int = 1_000, start: Int64 = 1_577_923_200, barSeconds: Int64 = 86_400,
        skipWeekends: Bool = true, seed: UInt64 = 42, regimes: [RegimeSpec] = [.calm, .turbulent],
        transition: [[Double]]? = nil, persistence: Double = 0.98, initialRegime: Int = 0,
        correlation: Double = 0.5, startPrice: Double = 100, baseVolume: Double = 1_000_000
    ) {
        self.symbols = symbols
        self.bars = bars
        self.start = start
        self.barSeconds = barSeconds
        self.skipWeekends = skipWeekends
        self.seed = seed
        self.regimes = regimes
        self.transition = transition
        self.persistence = persistence
        self.initialRegime = initialRegime
        self.correlation = correlation
        self.startPrice = startPrice
        self.baseVolume = baseVolume
    }

    /// One symbol `SYN`, 1000 daily bars from 2020-01-02, weekends skipped, seed 42,
    /// a calm and a turbulent regime with persistence 0.98, correlation 0.5, price 100.
    public static let `default` = SyntheticMarketConfig()

    /// Bars per year used to scale annual drift and volatility to one bar:
    /// 252 (or 365 without weekend skipping) trading days × bars per day for bars up
    /// to a day long; 365.25 days ÷ bar length for longer bars.
    public var periodsPerYear: Double {
        let day = 86_400.0
        let seconds = Double(max(barSeconds, 1))
        if barSeconds <= 86_400 { return (skipWeekends ? 252 : 365) * day / seconds }
        return 365.25 * day / seconds
    }

    /// The transition matrix in force (explicit, or built from `persistence`), validated.
    public func transitionMatrix() throws -> [[Double]] {
        try transitionMatrixTyped()
    }

    func transitionMatrixTyped() throws(MarketDataError) -> [[Double]] {
        let k = regimes.count
        let matrix: [[Double]]
        if let transition {
            matrix = transition
        } else {
            guard persistence >= 0, persistence <= 1 else {
                throw Self.error("persistence", "persistence \(persistence) is not a probability in [0, 1]")
            }
            if k == 1 { return [[1]] }
            let move = (1 - persistence) / Double(k - 1)
            matrix = (0..<k).map { i in (0..<k).map { $0 == i ? persistence : move } }
        }
        guard matrix.count == k, matrix.allSatisfy({ $0.count == k }) else {
            throw Self.error("transition", "transition matrix must be \(k)×\(k) for \(k) regimes")
        }
        for (i, row) in matrix.enumerated() {
            guard row.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw Self.error("transition", "transition row \(i) has a negative or non-finite probability")
            }
            let sum = row.reduce(0, +)
            guard abs(sum - 1) <= 1e-9 else {
                throw Self.error("transition", "transition row \(i) sums to \(sum), not 1")
            }
        }
        return matrix
    }

    /// Checks every field; throws a ``MarketDataError`` naming the first bad one.
    func validate() throws(MarketDataError) {
        guard !symbols.isEmpty else { throw Self.error("symbols", "at least one symbol is needed") }
        guard symbols.allSatisfy({ !$0.isEmpty }) else { throw Self.error("symbols", "symbol names must not be empty") }
        let sortedSymbols = symbols.sorted()
        for i in sortedSymbols.indices.dropFirst() where sortedSymbols[i] == sortedSymbols[i - 1] {
            throw Self.error("symbols", "symbol \(sortedSymbols[i]) appears more than once")
        }
        guard bars >= 1 else { throw Self.error("bars", "bars must be at least 1, not \(bars)") }
        guard barSeconds > 0 else { throw Self.error("barSeconds", "barSeconds must be positive, not \(barSeconds)") }
        guard !regimes.isEmpty else { throw Self.error("regimes", "at least one regime is needed") }
        for regime in regimes {
            guard regime.annualVolatility > 0, regime.annualVolatility.isFinite, regime.annualDrift.isFinite else {
                throw Self.error(
                    "regimes", "regime \(regime.name) needs a finite drift and a positive volatility")
            }
        }
        guard initialRegime >= 0, initialRegime < regimes.count else {
            throw Self.error("initialRegime", "initialRegime \(initialRegime) is not one of the \(regimes.count) regimes")
        }
        guard correlation >= 0, correlation <= 1 else {
            throw Self.error("correlation", "correlation \(correlation) is not in [0, 1]")
        }
        guard startPrice > 0, startPrice.isFinite else {
            throw Self.error("startPrice", "startPrice must be positive, not \(startPrice)")
        }
        guard baseVolume > 0, baseVolume.isFinite else {
            throw Self.error("baseVolume", "baseVolume must be positive, not \(baseVolume)")
        }
        _ = try transitionMatrixTyped()
    }

    static func error(_ field: String, _ reason: String) -> MarketDataError {
        MarketDataError(file: "", field: field, reason: "synthetic market: \(reason)")
    }
}
