import Backtest
import Market
import Metrics

/// The terminal table and the JSON document of one backtest.
public enum BacktestReport {
    /// The metrics as a two-column table, in ``PerformanceSummary/orderedFields`` order.
    public static func table(_ result: BacktestResult, title: String) -> String {
        var table = TextTable(headers: ["metric", "value"], rightAligned: [1])
        for (key, value) in result.summary.orderedFields {
            table.append([key, formatMetric(key, value)])
        }
        table.append(["total_commission", formatNumber(result.totalCommission, decimals: 2)])
        table.append(["total_slippage", formatNumber(result.totalSlippage, decimals: 2)])
        table.append(["total_financing", formatNumber(result.totalFinancing, decimals: 2)])
        table.append(["total_borrow_cost", formatNumber(result.totalBorrowCost, decimals: 2)])
        table.append(["ruin", result.ruinTime.map(Timestamps.format) ?? "none"])
        table.append(["final_equity", formatNumber(result.finalEquity, decimals: 2)])
        let first = result.timestamps.first.map(Timestamps.format) ?? "-"
        let last = result.timestamps.last.map(Timestamps.format) ?? "-"
        return "\(title)\n\(first) → \(last), \(result.timestamps.count) bars\n\n" + table.render()
    }

    /// One JSON object: every summary metric plus the run's context.
    public static func json(_ result: BacktestResult, strategy: String, parameters: [(String, Double)],
                            fill: FillTiming) -> JSONValue {
        var pairs: [(String, JSONValue)] = result.summary.orderedFields.map { ($0.key, .number($0.value)) }
        pairs += [
            ("strategy", .string(strategy)),
            ("parameters", .object(parameters.map { ($0.0, .number($0.1)) })),
            ("symbols", .array(result.symbols.map(JSONValue.string))),
            ("start", .string(result.timestamps.first.map(Timestamps.format) ?? "")),
            ("end", .string(result.timestamps.last.map(Timestamps.format) ?? "")),
            ("fill", .string(fill.rawValue)),
            ("final_equity", .number(result.finalEquity)),
            ("total_commission", .number(result.totalCommission)),
            ("total_slippage", .number(result.totalSlippage)),
            ("total_financing", .number(result.totalFinancing)),
            ("total_borrow_cost", .number(result.totalBorrowCost)),
            ("ruin", result.ruinTime.map { .string(Timestamps.format($0)) } ?? .null),
        ]
        return .object(pairs)
    }

    /// Percentages for return-like metrics, plain numbers for ratios and counts.
    static func formatMetric(_ key: String, _ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
        switch key {
        case "total_return", "cagr", "annual_volatility", "max_drawdown", "win_rate", "exposure", "average_trade_return":
            return formatNumber(value * 100, decimals: 2) + " %"
        case "num_trades", "bars", "max_drawdown_duration_bars":
            return String(Int(value))
        case "periods_per_year":
            return value.rounded() == value ? String(Int(value)) : formatNumber(value, decimals: 2)
        case "average_trade":
            return formatNumber(value, decimals: 2)
        default:
            return formatNumber(value, decimals: 4)
        }
    }

    /// `value` rounded to `decimals` places, without Foundation's locale-dependent formatting;
    /// magnitudes too large for that (`|value| × 10^decimals ≥ 9e18`) in Swift's own notation, e.g. `1.5e+20`.
    public static func formatNumber(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        // Beyond Int64's range (about 9.2e18) the digits below cannot be formed: plain notation.
        guard scaled < 9e18 else { return "\(value)" }
        let whole = (scaled / scale).rounded(.down)
        let fraction = scaled - whole * scale
        var digits = decimals > 0 ? String(Int64(fraction)) : ""
        while digits.count < decimals { digits = "0" + digits }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + String(Int64(whole)) + (decimals > 0 ? "." + digits : "")
    }
}
