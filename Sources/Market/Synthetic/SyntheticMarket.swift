#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generates regime-switching, correlated OHLCV markets for tests and experiments.
///
/// A hidden Markov chain picks a regime per bar (shared by all symbols). Each
/// symbol's close-to-close log return is
/// `(μ − σ²/2)·Δt + σ·√Δt·(√ρ·Z_common + √(1−ρ)·Z_own)`, where `μ`, `σ` are the
/// regime's annual drift and volatility and `Δt = 1 / periodsPerYear`. So the
/// symbols' returns have pairwise correlation `ρ` and each regime's realised
/// volatility matches its spec.
///
/// The other fields are drawn around the closes so that every bar is consistent:
/// `open` is the previous close moved by a small gap (a tenth of the bar's σ; the
/// first open is `startPrice`), `high = max(open, close)·exp(½σ√Δt·|Z|)`,
/// `low = min(open, close)·exp(−½σ√Δt·|Z|)`, so `high ≥ max(open, close)`,
/// `low ≤ min(open, close)` and every price is > 0. Volume is
/// `baseVolume × (σ_regime / σ_calmest) × lognormal noise`, rounded, at least 1:
/// higher in more volatile regimes.
///
/// Randomness comes from separate ``SeededGenerator`` streams — `"regimes"`,
/// `"common"` and `"symbol:<name>"` — so the same config always gives the same
/// market, and adding a symbol leaves the others' bars unchanged.
///
/// ```swift
/// let (series, regimes) = try SyntheticMarket.generate(.default)
/// series[0].close.count   // 1000
/// regimes.count           // 1000: the true regime of each bar
/// ```
public struct SyntheticMarket: Sendable {
    /// The series (one per symbol, in order) and the regime index of every bar.
    public static func generate(_ config: SyntheticMarketConfig) throws -> (series: [BarSeries], regimes: [Int]) {
        try generateTyped(config)
    }

    static func generateTyped(_ config: SyntheticMarketConfig) throws(MarketDataError) -> (series: [BarSeries], regimes: [Int]) {
        try config.validate()
        let matrix = try config.transitionMatrixTyped()
        let n = config.bars
        let timestamps = Self.timestamps(config)
        let regimes = regimePath(config, matrix)

        let dt = 1 / config.periodsPerYear
        let sqrtDt = dt.squareRoot()
        let calmest = config.regimes.map(\.annualVolatility).min() ?? 1
        let loading = config.correlation.squareRoot()
        let ownLoading = (1 - config.correlation).squareRoot()

        var common = SeededGenerator(seed: config.seed, stream: "common")
        let commonDraws = (0..<n).map { _ in common.nextGaussian() }

        var series: [BarSeries] = []
        for symbol in config.symbols {
            var rng = SeededGenerator(seed: config.seed, stream: "symbol:" + symbol)
            var open = [Double](), high = [Double](), low = [Double](), close = [Double](), volume = [Double]()
            open.reserveCapacity(n)
            high.reserveCapacity(n)
            low.reserveCapacity(n)
            close.reserveCapacity(n)
            volume.reserveCapacity(n)
            var previousClose = config.startPrice
            for t in 0..<n {
                let regime = config.regimes[regimes[t]]
                let sigma = regime.annualVolatility
                let barSigma = sigma * sqrtDt
                let z = loading * commonDraws[t] + ownLoading * rng.nextGaussian()
                let gap = rng.nextGaussian()
                let up = abs(rng.nextGaussian())
                let down = abs(rng.nextGaussian())
                let volumeNoise = rng.nextGaussian()

                let logReturn = (regime.annualDrift - 0.5 * sigma * sigma) * dt + barSigma * z
                let c = previousClose * exp(logReturn)
                let o = t == 0 ? config.startPrice : previousClose * exp(0.1 * barSigma * gap)
                let h = max(o, c) * exp(0.5 * barSigma * up)
                let l = min(o, c) * exp(-0.5 * barSigma * down)
                let v = max(1, (config.baseVolume * (sigma / calmest) * exp(0.25 * volumeNoise - 0.03125)).rounded())
                open.append(o)
                high.append(max(h, o, c))
                low.append(min(l, o, c))
                close.append(c)
                volume.append(v)
                previousClose = c
            }
            series.append(
                BarSeries(
                    symbol: symbol, timestamps: timestamps, open: open, high: high, low: low, close: close,
                    volume: volume))
        }
        return (series, regimes)
    }

    /// `bars` timestamps from `start`, `barSeconds` apart, skipping weekends when asked (bars up to a day long).
    static func timestamps(_ config: SyntheticMarketConfig) -> [Int64] {
        let skip = config.skipWeekends && config.barSeconds <= 86_400
        var result: [Int64] = []
        result.reserveCapacity(config.bars)
        var t = config.start
        while result.count < config.bars {
            if !skip || !CivilCalendar.isWeekend(day: CivilCalendar.day(of: t)) {
                result.append(t)
            }
            t += config.barSeconds
        }
        return result
    }

    /// The Markov chain of regimes, from `initialRegime`, on the `"regimes"` stream.
    static func regimePath(_ config: SyntheticMarketConfig, _ matrix: [[Double]]) -> [Int] {
        var rng = SeededGenerator(seed: config.seed, stream: "regimes")
        var path: [Int] = []
        path.reserveCapacity(config.bars)
        var current = config.initialRegime
        path.append(current)
        let k = matrix.count
        for _ in 1..<max(config.bars, 1) {
            let u = rng.nextDouble()
            var cumulative = 0.0
            var next = k - 1
            for j in 0..<k {
                cumulative += matrix[current][j]
                if u < cumulative {
                    next = j
                    break
                }
            }
            current = next
            path.append(current)
        }
        return path
    }
}
