#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Market
import Metrics

/// Assesses recent market conditions from bars, and recommends strategy families
/// by a fixed, documented rule.
///
/// For each symbol with at least `window + 1` finite, positive closes, over its last
/// `window` close-to-close returns:
/// - recent volatility `σ_recent = std(r, ddof 1)·√periodsPerYear` of the simple
///   returns (Metrics' `AnnualVolatility`), and the same over ALL its returns,
///   `σ_full`;
/// - trend strength `|Σ ℓ_t| / (σ_ℓ · √window)` with `ℓ_t = ln(close_t/close_{t−1})`
///   and `σ_ℓ` their per-bar standard deviation (ddof 1). Since
///   `Σℓ / (σ_ℓ√w) = mean(ℓ) / (σ_ℓ/√w)`, this is the absolute t-statistic of the
///   mean log return: ≈ |N(0,1)| for a driftless random walk, so above 1 the window's
///   net move is larger than one standard error of noise.
///
/// Across symbols:
/// - `volatility`, `trendStrength`: the means over the symbols where each is finite;
/// - `averageCorrelation`: the series are aligned on their common timestamps
///   (Market's `Alignment.commonTimestamps`), the last `window` returns of each are
///   taken, and the Pearson correlations (``Correlation``) of all pairs i < j are
///   averaged (NaN pairs skipped); NaN for fewer than two symbols or too few common bars;
/// - `volatilityRegime`: with `ratio = mean σ_recent / mean σ_full` over the symbols
///   where both are finite — `"low"` if ratio < 0.8, `"high"` if ratio > 1.25, else
///   `"normal"`; `"unknown"` when the ratio is NaN;
/// - `trendRegime`: `"trending"` if `trendStrength > 1`, `"ranging"` if ≤ 1,
///   `"unknown"` when NaN.
///
/// Recommendation rule (``recommendations(volatilityRegime:trendRegime:)``):
/// `"high"` volatility puts `["defensive", "volatility_trading"]` first; then
/// `"trending"` adds `["momentum", "breakout", "sma_crossover"]` and `"ranging"`
/// adds `["mean_reversion", "bollinger_bands", "rsi_bands"]`. Unknown regimes add
/// nothing.
///
/// Degenerate input: no bars, `window < 2`, no symbol with enough bars, or
/// `periodsPerYear` not finite and positive give NaN numbers, `"unknown"` regimes
/// (volatility NaN from an invalid `periodsPerYear` makes only the volatility
/// fields unknown) and recommendations from whatever regime is known.
///
/// ```swift
/// let conditions = MarketConditionAnalysis.assess(bars: [spy, qqq, iwm], window: 63,
///                                                 periodsPerYear: 252)
/// print(conditions.volatilityRegime, conditions.recommendedStrategyTypes)
/// ```
public enum MarketConditionAnalysis {
    /// Families recommended in a trending market.
    public static let trendingStrategies = ["momentum", "breakout", "sma_crossover"]
    /// Families recommended in a ranging market.
    public static let rangingStrategies = ["mean_reversion", "bollinger_bands", "rsi_bands"]
    /// Families put first when volatility is high.
    public static let highVolatilityStrategies = ["defensive", "volatility_trading"]
    /// Below this multiple of the full-sample σ, recent volatility is `"low"`.
    public static let lowVolatilityRatio = 0.8
    /// Above this multiple of the full-sample σ, recent volatility is `"high"`.
    public static let highVolatilityRatio = 1.25

    /// The market conditions of `bars` over their last `window` returns.
    public static func assess(bars: [BarSeries], window: Int = 63, periodsPerYear: Double) -> MarketConditions {
        var recent: [Double] = []
        var ratioRecent: [Double] = []
        var ratioFull: [Double] = []
        var trends: [Double] = []
        if window >= 2 {
            for series in bars {
                let close = series.close
                guard close.count > window, close.allSatisfy({ $0.isFinite && $0 > 0 }) else { continue }
                let returns = VolatilityRegime.simpleReturns(close)
                let last = returns[(returns.count - window)...]
                let sigmaRecent = AnnualVolatility.compute(last, periodsPerYear: periodsPerYear)
                let sigmaFull = AnnualVolatility.compute(returns, periodsPerYear: periodsPerYear)
                if sigmaRecent.isFinite { recent.append(sigmaRecent) }
                if sigmaRecent.isFinite, sigmaFull.isFinite {
                    ratioRecent.append(sigmaRecent)
                    ratioFull.append(sigmaFull)
                }
                let trend = trendStrength(close: close, window: window)
                if trend.isFinite { trends.append(trend) }
            }
        }
        let volatility = mean(recent)
        let strength = mean(trends)
        let fullMean = mean(ratioFull)
        let ratio = fullMean > 0 ? mean(ratioRecent) / fullMean : .nan
        let volatilityRegime = classifyVolatility(ratio: ratio)
        let trendRegime = strength.isNaN ? "unknown" : (strength > 1 ? "trending" : "ranging")
        return MarketConditions(
            volatility: volatility, trendStrength: strength,
            averageCorrelation: averageCorrelation(bars: bars, window: window),
            volatilityRegime: volatilityRegime, trendRegime: trendRegime,
            recommendedStrategyTypes: recommendations(
                volatilityRegime: volatilityRegime, trendRegime: trendRegime))
    }

    /// The documented recommendation rule (see the type's documentation).
    public static func recommendations(volatilityRegime: String, trendRegime: String) -> [String] {
        var result: [String] = []
        if volatilityRegime == "high" { result += highVolatilityStrategies }
        switch trendRegime {
        case "trending": result += trendingStrategies
        case "ranging": result += rangingStrategies
        default: break
        }
        return result
    }

    /// `|ln(close_T / close_{T−w})| / (σ_ℓ √w)` over the last `window` log returns
    /// (NaN when undefined or σ_ℓ = 0).
    static func trendStrength(close: [Double], window: Int) -> Double {
        guard window >= 2, close.count > window else { return .nan }
        let start = close.count - window - 1
        var logReturns: [Double] = []
        logReturns.reserveCapacity(window)
        var total = 0.0
        for index in (start + 1)..<close.count {
            let value = log(close[index] / close[index - 1])
            logReturns.append(value)
            total += value
        }
        // AnnualVolatility with one period a year is the per-bar sample deviation.
        let sigma = AnnualVolatility.compute(logReturns, periodsPerYear: 1)
        guard sigma > 0, sigma.isFinite else { return .nan }
        let value = abs(total) / (sigma * Double(window).squareRoot())
        return value.isFinite ? value : .nan
    }

    /// The mean pairwise correlation of the aligned series' last `window` returns.
    static func averageCorrelation(bars: [BarSeries], window: Int) -> Double {
        guard bars.count >= 2, window >= 2 else { return .nan }
        let aligned = Alignment.commonTimestamps(bars)
        guard let common = aligned.first?.count, common > window else { return .nan }
        let returns = aligned.map { series in
            Array(VolatilityRegime.simpleReturns(Array(series.close[(common - window - 1)...])))
        }
        var pairs: [Double] = []
        for i in 0..<returns.count {
            for j in (i + 1)..<max(i + 1, returns.count) {
                let value = Correlation.pearson(returns[i], returns[j])
                if value.isFinite { pairs.append(value) }
            }
        }
        return mean(pairs)
    }

    static func classifyVolatility(ratio: Double) -> String {
        guard ratio.isFinite else { return "unknown" }
        if ratio < lowVolatilityRatio { return "low" }
        if ratio > highVolatilityRatio { return "high" }
        return "normal"
    }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
}
