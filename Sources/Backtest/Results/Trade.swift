/// One round trip: from a position opening until it is flat again (or reverses).
///
/// Resizing a position without changing its sign stays inside the same trade:
/// ``entryPrice`` is the quantity-weighted average of the buys (long) or sells
/// (short) that built it and ``exitPrice`` that of the fills that reduced it.
/// A position still open at the end of the data is reported with
/// ``exitReason`` `.endOfData`, valued at the last close without any exit cost.
public struct Trade: Sendable, Equatable, Codable {
    /// Why a trade ended.
    public enum ExitReason: String, Sendable, Codable {
        case signal, stopLoss = "stop_loss", takeProfit = "take_profit"
        case trailingStop = "trailing_stop", endOfData = "end_of_data"
        /// Closed because equity reached zero (see ``BacktestResult/ruinBar``).
        case ruin
    }

    public var symbol: String
    /// `+1` long, `−1` short.
    public var direction: Int
    public var entryTime: Int64
    public var exitTime: Int64
    public var entryPrice: Double
    public var exitPrice: Double
    /// The largest absolute quantity held during the trade.
    public var quantity: Double
    /// Net profit and loss in currency, after all costs of the trade's fills.
    public var pnl: Double
    /// Commission plus slippage and impact (the price difference against the reference), in currency.
    public var costs: Double
    /// `pnl` over the notional at entry (`quantity × entryPrice`).
    public var returnFraction: Double
    /// Bars from the entry fill to the exit fill.
    public var barsHeld: Int
    public var exitReason: ExitReason

    enum CodingKeys: String, CodingKey {
        case symbol, direction, entryTime = "entry_time", exitTime = "exit_time"
        case entryPrice = "entry_price", exitPrice = "exit_price", quantity, pnl, costs
        case returnFraction = "return", barsHeld = "bars_held", exitReason = "exit_reason"
    }
}
