/// Win rate, profit factor and average of a list of closed trades' P&Ls.
///
/// The P&L unit is the caller's (currency, or per-trade returns); the statistics are
/// ``WinRate``, ``ProfitFactor`` and ``AverageTrade`` over the list, with their
/// degenerate values (NaN with no trades, +∞ profit factor with no losing trade).
///
/// ```swift
/// let trades = TradeStatistics(tradePnLs: [120.0, -40.0, 0, 75.5])
/// trades.numTrades      // 4
/// trades.winRate        // 2 / 3
/// trades.profitFactor   // 195.5 / 40
/// ```
public struct TradeStatistics: Sendable, Equatable, Codable {
    /// The number of trades, zeros included.
    public var numTrades: Int
    /// `#{pnl > 0} / #{pnl ≠ 0}` (NaN without non-zero trades).
    public var winRate: Double
    /// `Σ gains / |Σ losses|` (+∞ without losses, NaN without either).
    public var profitFactor: Double
    /// The mean P&L per trade (NaN without trades).
    public var averageTrade: Double

    /// The statistics as given.
    public init(numTrades: Int, winRate: Double, profitFactor: Double, averageTrade: Double) {
        self.numTrades = numTrades
        self.winRate = winRate
        self.profitFactor = profitFactor
        self.averageTrade = averageTrade
    }

    /// The statistics of `tradePnLs`, one value per closed trade.
    public init(tradePnLs: [Double]) {
        var accumulator = TradeAccumulator()
        for pnl in tradePnLs { accumulator.add(pnl) }
        self = accumulator.statistics
    }

    /// Equal when every field is equal, NaN counting as equal to NaN.
    public static func == (lhs: TradeStatistics, rhs: TradeStatistics) -> Bool {
        lhs.numTrades == rhs.numTrades && sameValue(lhs.winRate, rhs.winRate)
            && sameValue(lhs.profitFactor, rhs.profitFactor)
            && sameValue(lhs.averageTrade, rhs.averageTrade)
    }

    private enum CodingKeys: String, CodingKey {
        case numTrades = "num_trades"
        case winRate = "win_rate"
        case profitFactor = "profit_factor"
        case averageTrade = "average_trade"
    }

    /// Decodes the snake_case keys; null reads back as NaN.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        numTrades = try container.decode(Int.self, forKey: .numTrades)
        winRate = try container.decodeNullableDouble(forKey: .winRate)
        profitFactor = try container.decodeNullableDouble(forKey: .profitFactor)
        averageTrade = try container.decodeNullableDouble(forKey: .averageTrade)
    }

    /// Encodes the snake_case keys; non-finite values are written as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(numTrades, forKey: .numTrades)
        try container.encodeFiniteOrNull(winRate, forKey: .winRate)
        try container.encodeFiniteOrNull(profitFactor, forKey: .profitFactor)
        try container.encodeFiniteOrNull(averageTrade, forKey: .averageTrade)
    }
}

/// Streaming ``TradeStatistics``: add each trade's P&L as it closes.
///
/// ```swift
/// var trades = TradeAccumulator()
/// trades.add(120)
/// trades.add(-40)
/// let statistics = trades.statistics
/// ```
public struct TradeAccumulator: Sendable {
    @usableFromInline var count = 0
    @usableFromInline var wins = 0
    @usableFromInline var losses = 0
    @usableFromInline var grossProfit = 0.0
    @usableFromInline var grossLoss = 0.0
    @usableFromInline var total = 0.0

    /// An empty accumulator.
    public init() {}

    /// Adds one closed trade's P&L.
    @inlinable
    public mutating func add(_ pnl: Double) {
        count += 1
        total += pnl
        if pnl > 0 {
            wins += 1
            grossProfit += pnl
        } else if pnl < 0 {
            losses += 1
            grossLoss += pnl
        }
    }

    /// The number of trades added.
    public var numTrades: Int { count }

    /// The statistics of the trades added so far.
    public var statistics: TradeStatistics {
        let decided = wins + losses
        return TradeStatistics(
            numTrades: count,
            winRate: decided == 0 ? .nan : Double(wins) / Double(decided),
            profitFactor: count == 0 ? .nan : ProfitFactor.ratio(grossProfit: grossProfit, grossLoss: grossLoss),
            averageTrade: count == 0 ? .nan : total / Double(count))
    }
}

/// Whether two doubles are equal or both NaN.
@inline(__always) func sameValue(_ a: Double, _ b: Double) -> Bool {
    a == b || (a.isNaN && b.isNaN)
}
