/// Ex-post trend regimes: each bar labelled down or up by its close against its
/// simple moving average.
///
/// For `t ≥ window − 1`, `SMA_t = (1/window) Σ_{s=t−window+1…t} close_s` (the window
/// includes bar t), and the label is 1 (`uptrend`) when `close_t > SMA_t`, else 0
/// (`downtrend`; a close exactly on its average counts as down).
///
/// The moving average is causal, but the labels are meant for after-the-fact
/// performance breakdowns (see ``RegimePerformance``), not as a strategy.
///
/// Degenerate input: bars `t < window − 1` (the warm-up) are nil, and so is any bar
/// whose window holds a non-finite close. `window < 1` gives all nil.
///
/// ```swift
/// let labels = TrendRegime.labels(close: bars.close, window: 200)
/// let name = (labels.last ?? nil).map { TrendRegime.names[$0] }   // "uptrend" or "downtrend"
/// ```
public enum TrendRegime {
    /// Label names, indexed by label: 0 down, 1 up.
    public static let names = ["downtrend", "uptrend"]

    /// One label per close (nil during warm-up).
    public static func labels(close: [Double], window: Int = 200) -> [Int?] {
        var result = [Int?](repeating: nil, count: close.count)
        guard window >= 1, close.count >= window else { return result }
        for bar in (window - 1)..<close.count {
            var sum = 0.0
            for value in close[(bar + 1 - window)...bar] { sum += value }
            let average = sum / Double(window)
            guard average.isFinite, close[bar].isFinite else { continue }
            result[bar] = close[bar] > average ? 1 : 0
        }
        return result
    }
}
