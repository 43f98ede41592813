/// Gross profit over gross loss.
///
/// `profit factor = Σ_{v > 0} v / |Σ_{v < 0} v|`. Pass trade P&Ls (or per-bar returns,
/// as quantstats does).
///
/// Agrees with quantstats `profit_factor`. Edge cases: gains but no losses → +∞ (a
/// genuine limit, kept so callers can tell it from "no data"; ``PerformanceSummary``'s
/// JSON writes it as null like every non-finite value); an empty series or no gains
/// and no losses (all zeros) → NaN (quantstats returns 0.0 there); losses but no gains
/// → 0.
///
/// ```swift
/// ProfitFactor.compute([30, -10, -5])   // 30 / 15 = 2
/// ```
public enum ProfitFactor: ReturnStatistic, SeriesStatistic {
    public static let name = "profit_factor"

    public static func compute(_ values: UnsafeBufferPointer<Double>) -> Double {
        var gains = 0.0
        var losses = 0.0
        for value in values {
            if value > 0 { gains += value } else if value < 0 { losses += value }
        }
        return ratio(grossProfit: gains, grossLoss: losses)
    }

    /// `grossProfit / |grossLoss|`: +∞ when only the profit is non-zero, NaN when both are 0.
    public static func ratio(grossProfit: Double, grossLoss: Double) -> Double {
        let loss = abs(grossLoss)
        if loss == 0 { return grossProfit > 0 ? .infinity : .nan }
        return grossProfit / loss
    }
}
