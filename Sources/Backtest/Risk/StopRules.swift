/// Protective exits checked on every bar while a position is open.
///
/// Levels are fractions of the entry price (stop-loss, take-profit) or of the best
/// price since entry (trailing stop), e.g. `stopLoss: 0.05` exits a long when the
/// price falls 5 % below the entry.
///
/// Fills are gap-aware: if the bar opens beyond the level, the exit fills at the
/// open (the price actually available); otherwise at the level when the bar's
/// low (long) or high (short) reaches it. When a stop and a take-profit are both
/// reached inside the same bar, the stop is assumed to fill first (the
/// conservative reading of an OHLC bar). The trailing reference is updated with
/// each bar's high (long) / low (short) *after* that bar's checks. After a
/// protective exit the symbol stays flat until its signal changes.
public struct StopRules: Sendable, Equatable, Codable {
    public var stopLoss: Double?
    public var takeProfit: Double?
    public var trailingStop: Double?

    public init(stopLoss: Double? = nil, takeProfit: Double? = nil, trailingStop: Double? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.trailingStop = trailingStop
    }

    /// Whether no rule is set.
    public var isEmpty: Bool { stopLoss == nil && takeProfit == nil && trailingStop == nil }
}
