import Metrics

/// Ex-post volatility regimes: each bar labelled low / normal / high by where its
/// rolling volatility falls among the terciles of the whole sample's.
///
/// With `r_t = close_t / close_{t−1} − 1` and, for `t ≥ window`,
/// `σ_t = std(r_{t−window+1…t}, ddof 1) · √periodsPerYear` (Metrics'
/// `AnnualVolatility` over the last `window` returns ending at bar t):
///
/// - `q₁, q₂` = the 1/3 and 2/3 quantiles (numpy linear interpolation) of all
///   finite `σ_t` of the sample;
/// - label 0 (`low_volatility`) when `σ_t ≤ q₁`, 2 (`high_volatility`) when
///   `σ_t > q₂`, else 1 (`normal_volatility`).
///
/// **Ex post, for analysis only.** The terciles use the WHOLE sample, including
/// bars after t, so a label at t knows the future volatility distribution. Use these
/// labels to break down performance after the fact, never as a trading signal.
///
/// Degenerate input: bars `t < window` (the warm-up) are nil, as is any bar whose
/// volatility is not finite (e.g. a non-positive close in the window). `window < 2`,
/// too few closes, or `periodsPerYear` not finite and positive give all nil.
///
/// ```swift
/// let labels = VolatilityRegime.labels(close: bars.close, window: 20, periodsPerYear: 252)
/// let name = labels[300].map { VolatilityRegime.names[$0] }   // e.g. "high_volatility"
/// ```
public enum VolatilityRegime {
    /// Label names, indexed by label: 0 low, 1 normal, 2 high.
    public static let names = ["low_volatility", "normal_volatility", "high_volatility"]

    /// One label per close (nil during warm-up), terciles over the whole sample (ex post).
    public static func labels(close: [Double], window: Int = 20, periodsPerYear: Double) -> [Int?] {
        labels(close: close, window: window, periodsPerYear: periodsPerYear, fittedOn: 0..<close.count)
    }

    /// Causal labels: the tercile thresholds come from the volatilities of the bars in
    /// `fittedOn` only (e.g. the training split), and the label at bar t compares σ_t — known
    /// at t's close — with them. For t after the fitting bars nothing later than t is used, so
    /// the labels can drive decisions out of sample.
    public static func labels(close: [Double], window: Int = 20, periodsPerYear: Double, fittedOn: Range<Int>) -> [Int?] {
        let volatility = rollingVolatility(close: close, window: window, periodsPerYear: periodsPerYear)
        let fit = fittedOn.clamped(to: 0..<volatility.count)
        let finite = volatility[fit].compactMap { $0 }.sorted()
        guard !finite.isEmpty else { return Array(repeating: nil, count: close.count) }
        let lower = SampleQuantile.sorted(finite, probability: 1.0 / 3.0)
        let upper = SampleQuantile.sorted(finite, probability: 2.0 / 3.0)
        return volatility.map { value in
            value.map { sigma in sigma <= lower ? 0 : (sigma > upper ? 2 : 1) }
        }
    }

    /// The annualised rolling volatility at each bar (nil when undefined or not finite).
    static func rollingVolatility(close: [Double], window: Int, periodsPerYear: Double) -> [Double?] {
        var result = [Double?](repeating: nil, count: close.count)
        guard window >= 2, close.count > window else { return result }
        let returns = simpleReturns(close)
        for bar in window..<close.count {
            // returns[k] is the return into bar k + 1.
            let sigma = AnnualVolatility.compute(
                returns[(bar - window)..<bar], periodsPerYear: periodsPerYear)
            if sigma.isFinite { result[bar] = sigma }
        }
        return result
    }

    /// `close[t] / close[t − 1] − 1` for t = 1…n−1 (n − 1 values).
    static func simpleReturns(_ close: [Double]) -> [Double] {
        guard close.count >= 2 else { return [] }
        return (1..<close.count).map { close[$0] / close[$0 - 1] - 1 }
    }
}
