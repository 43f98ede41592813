import Indicators

/// `momentum`: trend following on the spread between a fast and a slow moving average.
///
/// With `m_t = SMA_fast[t] / SMA_slow[t] − 1`: long when `m_t > signal_threshold`,
/// short when `m_t < −signal_threshold`, flat in between (and during warm-up).
/// The threshold keeps the strategy out of weak, noisy trends.
///
/// Parameters: `fast_period` (10), `slow_period` (30), `signal_threshold` (0.01);
/// constraint `fast_period < slow_period`.
enum Momentum {
    static let definition = StrategyDefinition(
        name: "momentum",
        summary: "long/short when the fast/slow SMA spread exceeds ±signal_threshold",
        parameters: [
            ParameterSpec("fast_period", .integer, default: 10, range: 1...1000, "fast SMA window (bars)"),
            ParameterSpec("slow_period", .integer, default: 30, range: 2...2000, "slow SMA window (bars)"),
            ParameterSpec("signal_threshold", .real, default: 0.01, range: 0...1,
                          "minimum relative spread |fast/slow − 1| to take a position"),
        ],
        constraints: [.less("fast_period", "slow_period")],
        stream: { p in
            var fast = SMAState(period: p.int("fast_period")), slow = SMAState(period: p.int("slow_period"))
            let threshold = p.value("signal_threshold")
            return SignalStream(symbolCount: 1) { bars in
                [spreadSignal(fast.update(bars[0].close), slow.update(bars[0].close), threshold: threshold)]
            }
        }
    ) { context, p in
        let close = context.bars[0].close
        let fast = context.indicator("sma", [p.value("fast_period")]) { Indicators.sma(close, period: p.int("fast_period")) }
        let slow = context.indicator("sma", [p.value("slow_period")]) { Indicators.sma(close, period: p.int("slow_period")) }
        let threshold = p.value("signal_threshold")
        var out = [Double](repeating: 0, count: close.count)
        for t in close.indices { out[t] = spreadSignal(fast[t], slow[t], threshold: threshold) }
        return [out]
    }

    /// One bar's signal: ±1 beyond ±threshold of `fast / slow − 1`, else 0 (and 0 in warm-up).
    @inline(__always)
    static func spreadSignal(_ fast: Double, _ slow: Double, threshold: Double) -> Double {
        guard fast.isFinite && slow.isFinite && slow != 0 else { return 0 }
        let spread = fast / slow - 1
        return spread > threshold ? 1 : (spread < -threshold ? -1 : 0)
    }
}
