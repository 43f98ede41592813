import Foundation
import Indicators
import Market

/// The technical features a `feature_engineering` phase can compute, by name — each causal:
/// its value at bar t reads bars 0…t only (NaN during its warm-up).
///
/// | name | value at bar t |
/// |---|---|
/// | `return_N` | `close[t] / close[t−N] − 1` (TA-Lib `ROC` / 100) |
/// | `volatility_N` | population standard deviation of the last N one-bar returns × √(bars per year) |
/// | `rsi_N` | Wilder's RSI over N bars (TA-Lib `RSI`), 0…100 |
/// | `sma_ratio_A_B` | `SMA_A / SMA_B − 1` of the close (TA-Lib `SMA`) |
/// | `volume_z_N` | `(volume[t] − mean) / std` over the last N volumes (0 when they are all equal) |
public enum TechnicalFeature: Sendable, Equatable {
    case returns(Int)
    case volatility(Int)
    case rsi(Int)
    case smaRatio(Int, Int)
    case volumeZ(Int)

    /// The default set: returns over 1, 5 and 20 bars, 20-bar volatility, 14-bar RSI, the
    /// 10/50 moving-average ratio and the 20-bar volume z-score.
    public static let defaults: [TechnicalFeature] = [.returns(1), .returns(5), .returns(20), .volatility(20), .rsi(14),
                                                      .smaRatio(10, 50), .volumeZ(20)]

    /// Reads `return_5`, `sma_ratio_10_50`, …; nil for an unknown name or a period outside 1…1000.
    public init?(name: String) {
        let parts = name.split(separator: "_").map(String.init)
        func period(_ text: String) -> Int? { Int(text).flatMap { (1...1000).contains($0) ? $0 : nil } }
        switch (parts.first, parts.count) {
        case ("return", 2): guard let n = period(parts[1]) else { return nil }; self = .returns(n)
        case ("volatility", 2): guard let n = period(parts[1]), n >= 2 else { return nil }; self = .volatility(n)
        case ("rsi", 2): guard let n = period(parts[1]) else { return nil }; self = .rsi(n)
        case ("sma", 4) where parts[1] == "ratio":
            guard let a = period(parts[2]), let b = period(parts[3]) else { return nil }
            self = .smaRatio(a, b)
        case ("volume", 3) where parts[1] == "z": guard let n = period(parts[2]), n >= 2 else { return nil }; self = .volumeZ(n)
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .returns(let n): "return_\(n)"
        case .volatility(let n): "volatility_\(n)"
        case .rsi(let n): "rsi_\(n)"
        case .smaRatio(let a, let b): "sma_ratio_\(a)_\(b)"
        case .volumeZ(let n): "volume_z_\(n)"
        }
    }

    /// The feature over `bars`, one value per bar.
    public func compute(_ bars: BarSeries, periodsPerYear: Double) -> [Double] {
        let close = bars.close, n = bars.count
        switch self {
        case .returns(let k):
            return Indicators.roc(close, period: k).map { $0 / 100 }
        case .volatility(let k):
            var returns = [Double](repeating: .nan, count: n)
            for t in 1..<max(1, n) where close[t - 1] > 0 { returns[t] = close[t] / close[t - 1] - 1 }
            var out = [Double](repeating: .nan, count: n)
            guard n > k else { return out }
            for t in k..<n {
                let window = returns[(t - k + 1)...t]
                let mean = window.reduce(0, +) / Double(k)
                let variance = window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(k)
                out[t] = (variance * periodsPerYear).squareRoot()
            }
            return out
        case .rsi(let k):
            return Indicators.rsi(close, period: k)
        case .smaRatio(let a, let b):
            let fast = Indicators.sma(close, period: a), slow = Indicators.sma(close, period: b)
            return zip(fast, slow).map { $1 > 0 ? $0 / $1 - 1 : .nan }
        case .volumeZ(let k):
            var out = [Double](repeating: .nan, count: n)
            guard n >= k else { return out }
            for t in (k - 1)..<n {
                let window = bars.volume[(t - k + 1)...t]
                let mean = window.reduce(0, +) / Double(k)
                let sd = (window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(k)).squareRoot()
                out[t] = sd > 0 ? (bars.volume[t] - mean) / sd : 0
            }
            return out
        }
    }
}
