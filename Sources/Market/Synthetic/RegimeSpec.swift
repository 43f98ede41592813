/// One market regime of a synthetic market: how prices drift and how much they swing.
///
/// ```swift
/// let crash = RegimeSpec(name: "crash", annualDrift: -0.40, annualVolatility: 0.60)
/// ```
public struct RegimeSpec: Sendable, Equatable {
    /// A label for reports, e.g. `"calm"`.
    public var name: String
    /// The expected annual log-return drift, e.g. `0.08` for 8% a year.
    public var annualDrift: Double
    /// The annualised volatility of log returns, e.g. `0.15`.
    public var annualVolatility: Double

    public init(name: String, annualDrift: Double, annualVolatility: Double) {
        self.name = name
        self.annualDrift = annualDrift
        self.annualVolatility = annualVolatility
    }

    /// 8% drift, 12% volatility.
    public static let calm = RegimeSpec(name: "calm", annualDrift: 0.08, annualVolatility: 0.12)
    /// −15% drift, 35% volatility.
    public static let turbulent = RegimeSpec(name: "turbulent", annualDrift: -0.15, annualVolatility: 0.35)
}
