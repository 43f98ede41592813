import ADMFTestSupport
import Foundation
import Metrics
import Testing

@Suite("PerformanceSummary JSON and field order")
struct SummaryCodingTests {
    static let keys = [
        "total_return", "cagr", "annual_volatility", "sharpe_ratio", "sortino_ratio", "calmar_ratio",
        "max_drawdown", "max_drawdown_duration_bars", "win_rate", "profit_factor", "average_trade",
        "num_trades", "exposure", "turnover", "bars", "periods_per_year",
    ]

    private func sample() -> PerformanceSummary {
        let r = randomReturns(count: 500, seed: 8, range: -0.03...0.032, zeroEvery: 4)
        return PerformanceSummary(
            returns: r, periodsPerYear: 252, trades: TradeStatistics(tradePnLs: [10, -4, 0, 6.5]),
            exposure: 0.75, turnover: 4.2)
    }

    @Test("orderedFields and fieldKeys use the fixed snake_case order")
    func order() {
        let summary = sample()
        #expect(PerformanceSummary.fieldKeys == Self.keys)
        #expect(summary.orderedFields.map(\.key) == Self.keys)
        let values = Dictionary(uniqueKeysWithValues: summary.orderedFields.map { ($0.key, $0.value) })
        #expect(values["sharpe_ratio"] == summary.sharpeRatio)
        #expect(values["bars"] == 500)
        #expect(values["num_trades"] == 4)
        #expect(values["periods_per_year"] == 252)
    }

    @Test("encodes every key, round-trips, and writes non-finite values as null")
    func roundTrip() throws {
        var summary = sample()
        summary.calmarRatio = .nan
        summary.profitFactor = .infinity
        let data = try JSONEncoder().encode(summary)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == Set(Self.keys))
        #expect(object["calmar_ratio"] is NSNull)
        #expect(object["profit_factor"] is NSNull)
        #expect((object["bars"] as? Int) == 500)
        // (JSONSerialization may round the last digit; JSONDecoder below is exact.)
        #expect(Tolerance.agree(object["sharpe_ratio"] as? Double ?? .nan, summary.sharpeRatio))

        let decoded = try JSONDecoder().decode(PerformanceSummary.self, from: data)
        #expect(decoded.calmarRatio.isNaN)
        #expect(decoded.profitFactor.isNaN)  // ±∞ does not survive JSON
        var expected = summary
        expected.profitFactor = .nan
        #expect(decoded == expected)
        #expect(decoded != sample())
    }

    @Test("decoding requires every key")
    func missingKey() throws {
        var object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(sample())) as? [String: Any])
        object.removeValue(forKey: "turnover")
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PerformanceSummary.self, from: data) }
    }

    @Test("equality treats NaN as equal to NaN")
    func nanEquality() {
        let empty = PerformanceSummary(returns: [Double](), periodsPerYear: 252)
        #expect(empty == empty)
        var other = empty
        other.exposure = 0
        #expect(empty != other)
    }

    @Test("TradeStatistics JSON uses snake_case keys and null for non-finite values")
    func tradeStatisticsCoding() throws {
        let trades = TradeStatistics(tradePnLs: [5, 3])
        #expect(trades.profitFactor == .infinity)
        let data = try JSONEncoder().encode(trades)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["num_trades", "win_rate", "profit_factor", "average_trade"])
        #expect(object["profit_factor"] is NSNull)
        let decoded = try JSONDecoder().decode(TradeStatistics.self, from: data)
        #expect(decoded == TradeStatistics(numTrades: 2, winRate: 1, profitFactor: .nan, averageTrade: 4))
    }
}
