/// Upper, middle and lower lines of a band indicator (Bollinger, Keltner, Donchian),
/// each as long as the input series.
///
/// ```swift
/// let bands = Indicators.bollinger(closes, period: 20, deviations: 2)
/// let width = zip(bands.upper, bands.lower).map { $0 - $1 }
/// ```
public struct Bands: Sendable, Equatable {
    public var upper: [Double]
    public var middle: [Double]
    public var lower: [Double]

    public init(upper: [Double], middle: [Double], lower: [Double]) {
        self.upper = upper
        self.middle = middle
        self.lower = lower
    }
}

/// One bar of a band indicator.
public struct BandValue: Sendable, Equatable {
    public var upper: Double
    public var middle: Double
    public var lower: Double

    public init(upper: Double, middle: Double, lower: Double) {
        self.upper = upper
        self.middle = middle
        self.lower = lower
    }

    static let none = BandValue(upper: .nan, middle: .nan, lower: .nan)
}

extension Bands {
    /// Runs `step` over `count` bars, collecting its band values into arrays.
    @inline(__always)
    static func collect(count: Int, _ step: (Int) -> BandValue) -> Bands {
        let (upper, middle, lower) = SeriesMap.map3(count: count) { i, u, m, l in
            let value = step(i)
            u[i] = value.upper
            m[i] = value.middle
            l[i] = value.lower
        }
        return Bands(upper: upper, middle: middle, lower: lower)
    }
}
