import ADMFTestSupport
import Metrics
import Testing

/// Each statistic against empyrical / quantstats / scipy on the fixture series
/// (1e-9 relative, `Tolerance.agree`).
@Suite("Reference libraries agree")
struct FixtureAgreementTests {
    @Test("fixture file loads with every series")
    func fixtureLoads() throws {
        let names = try MetricsFixture.series().map(\.name)
        #expect(names == [
            "aapl_daily", "msft_daily", "aapl_sma50_strategy", "normal_weekly", "short_5", "all_positive",
        ])
    }

    @Test("returns, volatility, drawdown", arguments: MetricsFixture.names)
    func returnAndRisk(name: String) throws {
        let s = try MetricsFixture.named(name)
        let r = s.returns
        let p = s.periodsPerYear
        try check(s, "total_return", TotalReturn.compute(r))
        try check(s, "cagr", CAGR.compute(r, periodsPerYear: p))
        try check(s, "annual_volatility", AnnualVolatility.compute(r, periodsPerYear: p))
        try check(s, "downside_risk", DownsideRisk.compute(r, periodsPerYear: p, minimumAcceptableReturn: 0))
        // empyrical reports the drawdown negative; ours is positive.
        try check(s, "max_drawdown", -MaxDrawdown.compute(r))
        try check(s, "max_drawdown_duration_bars", MaxDrawdownDuration.compute(r))
        #expect(Double(MaxDrawdownDuration.bars(r)) == (try s.value("max_drawdown_duration_bars")))
    }

    @Test("Sharpe, Sortino, Calmar", arguments: MetricsFixture.names)
    func riskAdjusted(name: String) throws {
        let s = try MetricsFixture.named(name)
        let r = s.returns
        let p = s.periodsPerYear
        let rf = try MetricsFixture.parameter("risk_free")
        let mar = try MetricsFixture.parameter("minimum_acceptable_return")
        try check(s, "sharpe_ratio", SharpeRatio.compute(r, periodsPerYear: p))
        try check(s, "sharpe_ratio_rf", SharpeRatio.compute(r, periodsPerYear: p, riskFreePerPeriod: rf))
        // empyrical gives +inf without downside; ours is NaN there (documented).
        try check(s, "sortino_ratio", SortinoRatio.compute(r, periodsPerYear: p), infiniteMeansNaN: true)
        try check(
            s, "sortino_ratio_mar",
            SortinoRatio.compute(r, periodsPerYear: p, minimumAcceptableReturn: mar), infiniteMeansNaN: true)
        try check(s, "calmar_ratio", CalmarRatio.compute(r, periodsPerYear: p))
    }

    @Test("VaR, CVaR, Gaussian VaR", arguments: MetricsFixture.names)
    func tailRisk(name: String) throws {
        let s = try MetricsFixture.named(name)
        let r = s.returns
        for (confidence, tag) in [(0.95, "95"), (0.99, "99")] {
            try check(s, "value_at_risk_\(tag)", ValueAtRisk.compute(r, confidence: confidence))
            try check(s, "cvar_\(tag)", ConditionalValueAtRisk.compute(r, confidence: confidence))
            try check(s, "gaussian_var_\(tag)", GaussianValueAtRisk.compute(r, confidence: confidence))
        }
        try check(s, "value_at_risk_95", ValueAtRisk.compute(r))
        try check(s, "cvar_95", ConditionalValueAtRisk.compute(r))
        // No ties at the cut in these series, so quantstats' "mean of r ≤ VaR" agrees too.
        try check(s, "cvar_95_quantstats", ConditionalValueAtRisk.compute(r, confidence: 0.95))
        try check(s, "gaussian_var_95", GaussianValueAtRisk.compute(r))
    }

    @Test("skewness and kurtosis", arguments: MetricsFixture.names)
    func distribution(name: String) throws {
        let s = try MetricsFixture.named(name)
        let r = s.returns
        try check(s, "skewness", Skewness.compute(r))
        try check(s, "excess_kurtosis", Kurtosis.compute(r))
        try check(s, "excess_kurtosis", Kurtosis.excess(r))
        try check(s, "raw_kurtosis", Kurtosis.raw(r))
    }

    @Test("win rate, profit factor, average on bar returns", arguments: MetricsFixture.names)
    func barOutcomes(name: String) throws {
        let s = try MetricsFixture.named(name)
        try check(s, "win_rate", WinRate.compute(s.returns))
        try check(s, "profit_factor", ProfitFactor.compute(s.returns))
        try check(s, "average_return", AverageTrade.compute(s.returns))
    }

    @Test("strategy trades, exposure and turnover")
    func strategyActivity() throws {
        let s = try MetricsFixture.named("aapl_sma50_strategy")
        let positions = try #require(s.positions)
        let pnls = try #require(s.tradePnLs)
        try check(s, "exposure", Exposure.compute(positions))
        try check(s, "turnover", Turnover.compute(positions, periodsPerYear: s.periodsPerYear))
        let trades = TradeStatistics(tradePnLs: pnls)
        #expect(Double(trades.numTrades) == (try s.value("num_trades")))
        try check(s, "trade_win_rate", trades.winRate)
        try check(s, "trade_profit_factor", trades.profitFactor)
        try check(s, "trade_average", trades.averageTrade)
        try check(s, "trade_win_rate", WinRate.compute(pnls))
        try check(s, "trade_profit_factor", ProfitFactor.compute(pnls))
        try check(s, "trade_average", AverageTrade.compute(pnls))

        var activity = ActivityAccumulator()
        for position in positions { activity.add(position) }
        try check(s, "exposure", activity.exposure)
        try check(s, "turnover", activity.turnover(periodsPerYear: s.periodsPerYear))
    }

    @Test("summary (batch and streaming) matches the references", arguments: MetricsFixture.names)
    func summary(name: String) throws {
        let s = try MetricsFixture.named(name)
        let trades = s.tradePnLs.map { TradeStatistics(tradePnLs: $0) }
        let batch = PerformanceSummary(returns: s.returns, periodsPerYear: s.periodsPerYear, trades: trades)
        var accumulator = ReturnAccumulator()
        accumulator.add(contentsOf: s.returns)
        let streamed = accumulator.summary(periodsPerYear: s.periodsPerYear, trades: trades)
        for summary in [batch, streamed] {
            try check(s, "total_return", summary.totalReturn)
            try check(s, "cagr", summary.cagr)
            try check(s, "annual_volatility", summary.annualVolatility)
            try check(s, "sharpe_ratio", summary.sharpeRatio)
            try check(s, "sortino_ratio", summary.sortinoRatio, infiniteMeansNaN: true)
            try check(s, "calmar_ratio", summary.calmarRatio)
            try check(s, "max_drawdown", -summary.maxDrawdown)
            try check(s, "max_drawdown_duration_bars", Double(summary.maxDrawdownDurationBars))
            #expect(summary.bars == s.returns.count)
            if trades != nil {
                try check(s, "trade_win_rate", summary.winRate)
                try check(s, "trade_profit_factor", summary.profitFactor)
                try check(s, "trade_average", summary.averageTrade)
            }
        }
    }

    /// Expects `actual` to agree with the fixture's `key` to 1e-9 relative.
    private func check(
        _ series: MetricsFixtureSeries, _ key: String, _ actual: Double, infiniteMeansNaN: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        var expected = try series.value(key)
        if infiniteMeansNaN && expected.isInfinite { expected = .nan }
        #expect(
            Tolerance.agree(actual, expected), "\(series.name) \(key): \(actual) != expected \(expected)",
            sourceLocation: sourceLocation)
    }
}
