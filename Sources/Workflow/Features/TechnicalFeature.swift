import Foundation
import Indicators
import Market

/// The technical features a `feature_engineering` phase can compute, by name — each causal:
/// its value at bar t reads bars 0…t only (NaN during its warm-up). Each is a definition of the
/// shared feature registry (``Indicators/BarFeature``), which `data_processing` and the regime
/// features use too.
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

    /// Its definition in the shared registry (``Indicators/BarFeature``).
    public var definition: BarFeature {
        switch self {
        case .returns(let k): .returns(k)
        case .volatility(let k): .volatility(k)
        case .rsi(let k): .rsi(k)
        case .smaRatio(let a, let b): .smaRatio(a, b)
        case .volumeZ(let k): .volumeZ(k)
        }
    }

    /// The feature over `bars`, one value per bar.
    public func compute(_ bars: BarSeries, periodsPerYear: Double) -> [Double] {
        definition.values(close: bars.close, volume: bars.volume, periodsPerYear: periodsPerYear)
    }
}
