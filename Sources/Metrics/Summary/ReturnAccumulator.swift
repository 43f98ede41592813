/// Streaming return statistics for hot loops: O(1) memory, no equity curve kept.
///
/// ``add(_:)`` takes one simple return per bar and updates, in one pass:
/// - the count, mean and sum of squared deviations `M2` (Welford 1962), giving the
///   sample variance `M2 / (N − 1)` for volatility and Sharpe;
/// - the downside sum of squares `Σ min(r − MAR, 0)²` for Sortino;
/// - the compounded equity `Π(1 + r)` (starting at 1), its running peak, the maximum
///   drawdown `max (peak − V)/peak`, and the longest drawdown duration in bars.
///
/// The results equal the batch statistics (``SharpeRatio``, ``SortinoRatio``,
/// ``MaxDrawdown``, ...) on the same returns up to floating-point rounding (Welford
/// against two-pass moments), with the same degenerate NaNs. ``summary(periodsPerYear:trades:exposure:turnover:)``
/// packs them into a ``PerformanceSummary``.
///
/// ```swift
/// var accumulator = ReturnAccumulator()
/// var trades = TradeAccumulator()
/// var activity = ActivityAccumulator()
/// for bar in 0..<returns.count {
///     accumulator.add(returns[bar])
///     activity.add(weights[bar])
/// }
/// let summary = accumulator.summary(periodsPerYear: 252, trades: trades.statistics,
///                                   exposure: activity.exposure,
///                                   turnover: activity.turnover(periodsPerYear: 252))
/// ```
public struct ReturnAccumulator: Sendable {
    /// The risk-free return per period subtracted for ``sharpeRatio(periodsPerYear:)``.
    public let riskFreePerPeriod: Double
    /// The minimum acceptable return per period for ``sortinoRatio(periodsPerYear:)``.
    public let minimumAcceptableReturn: Double

    @usableFromInline var n = 0
    @usableFromInline var runningMean = 0.0
    @usableFromInline var m2 = 0.0
    @usableFromInline var downsideSquares = 0.0
    @usableFromInline var growth = 1.0
    @usableFromInline var peak = 1.0
    @usableFromInline var worstDrawdown = 0.0
    @usableFromInline var peakIndex = 0
    @usableFromInline var longestRecovered = 0

    /// An empty accumulator; the equity curve starts at 1.
    public init(riskFreePerPeriod: Double = 0, minimumAcceptableReturn: Double = 0) {
        self.riskFreePerPeriod = riskFreePerPeriod
        self.minimumAcceptableReturn = minimumAcceptableReturn
    }

    /// Adds the next bar's simple return.
    @inlinable
    public mutating func add(_ r: Double) {
        n += 1
        let delta = r - runningMean
        runningMean += delta / Double(n)
        m2 += delta * (r - runningMean)
        let shortfall = min(r - minimumAcceptableReturn, 0)
        downsideSquares += shortfall * shortfall
        growth *= 1 + r
        if growth >= peak {
            let elapsed = n - peakIndex
            if elapsed > 1 && elapsed > longestRecovered { longestRecovered = elapsed }
            peak = growth
            peakIndex = n
        } else {
            // (peak − growth) / peak can exceed the worst drawdown only if peak − growth exceeds
            // worst × peak (up to rounding, hence the margin): divide only then. Same result, one
            // division fewer on most bars under water.
            let gap = peak - growth
            if gap > worstDrawdown * peak * (1 - 1e-12) {
                let drawdown = gap / peak
                if drawdown > worstDrawdown { worstDrawdown = drawdown }
            }
        }
    }

    /// Adds each return of `returns` in order.
    @inlinable
    public mutating func add<S: Sequence>(contentsOf returns: S) where S.Element == Double {
        for r in returns { add(r) }
    }

    // MARK: - Running state

    /// The number of returns added.
    public var count: Int { n }
    /// The mean return (NaN when empty).
    public var mean: Double { n == 0 ? .nan : runningMean }
    /// The sample variance, ddof 1 (NaN with fewer than two returns).
    public var variance: Double { n < 2 ? .nan : m2 / Double(n - 1) }
    /// The current equity `Π(1 + r)`, starting from 1.
    public var equity: Double { growth }
    /// The running peak of the equity curve (at least the starting 1).
    public var equityPeak: Double { peak }

    // MARK: - Statistics

    /// ``TotalReturn``: `Π(1 + r) − 1` (NaN when empty).
    public var totalReturn: Double { n == 0 ? .nan : growth - 1 }

    /// ``MaxDrawdown`` as a positive fraction (NaN when empty).
    public var maxDrawdown: Double { n == 0 ? .nan : worstDrawdown }

    /// ``MaxDrawdownDuration`` in bars, counting a drawdown still open (0 when empty).
    public var maxDrawdownDurationBars: Int {
        growth < peak ? max(longestRecovered, n - peakIndex) : longestRecovered
    }

    /// ``CAGR``.
    public func cagr(periodsPerYear: Double) -> Double {
        n == 0 ? .nan : CAGR.annualise(growth: growth, bars: n, periodsPerYear: periodsPerYear)
    }

    /// ``AnnualVolatility``: `std(r, ddof 1)·√periodsPerYear`.
    public func annualVolatility(periodsPerYear: Double) -> Double {
        guard n >= 2, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        return variance.squareRoot() * periodsPerYear.squareRoot()
    }

    /// ``SharpeRatio`` with ``riskFreePerPeriod``.
    public func sharpeRatio(periodsPerYear: Double) -> Double {
        guard n >= 2, m2 > 0, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        return (runningMean - riskFreePerPeriod) / variance.squareRoot() * periodsPerYear.squareRoot()
    }

    /// ``SortinoRatio`` with ``minimumAcceptableReturn``.
    public func sortinoRatio(periodsPerYear: Double) -> Double {
        guard n >= 2, Moments.isValidAnnualisation(periodsPerYear) else { return .nan }
        return SortinoRatio.ratio(
            meanExcess: runningMean - minimumAcceptableReturn,
            downsideDeviation: (downsideSquares / Double(n)).squareRoot(),
            periodsPerYear: periodsPerYear)
    }

    /// ``CalmarRatio``: CAGR / max drawdown.
    public func calmarRatio(periodsPerYear: Double) -> Double {
        CalmarRatio.ratio(cagr: cagr(periodsPerYear: periodsPerYear), maxDrawdown: maxDrawdown)
    }

    /// The ``PerformanceSummary`` of the returns added so far.
    ///
    /// - Parameters:
    ///   - periodsPerYear: bars per year, from the bar spacing (252 for US daily bars).
    ///   - trades: closed-trade statistics; nil leaves the trade fields NaN and
    ///     `numTrades` 0.
    ///   - exposure: fraction of bars in the market (``ActivityAccumulator/exposure``).
    ///   - turnover: annualised one-way turnover (``ActivityAccumulator/turnover(periodsPerYear:)``).
    public func summary(
        periodsPerYear: Double, trades: TradeStatistics? = nil,
        exposure: Double = .nan, turnover: Double = .nan
    ) -> PerformanceSummary {
        PerformanceSummary(
            totalReturn: totalReturn,
            cagr: cagr(periodsPerYear: periodsPerYear),
            annualVolatility: annualVolatility(periodsPerYear: periodsPerYear),
            sharpeRatio: sharpeRatio(periodsPerYear: periodsPerYear),
            sortinoRatio: sortinoRatio(periodsPerYear: periodsPerYear),
            calmarRatio: calmarRatio(periodsPerYear: periodsPerYear),
            maxDrawdown: maxDrawdown,
            maxDrawdownDurationBars: maxDrawdownDurationBars,
            winRate: trades?.winRate ?? .nan,
            profitFactor: trades?.profitFactor ?? .nan,
            averageTrade: trades?.averageTrade ?? .nan,
            numTrades: trades?.numTrades ?? 0,
            exposure: exposure, turnover: turnover,
            bars: n, periodsPerYear: periodsPerYear)
    }
}
