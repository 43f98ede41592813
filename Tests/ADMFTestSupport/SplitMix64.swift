import Foundation

/// A seeded SplitMix64 stream for reproducible random test inputs (Steele, Lea & Flood 2014),
/// shared by the test targets.
public struct SplitMix64: Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Uniform integer in 0 ..< n.
    public mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Standard normal by Box–Muller.
    public mutating func normal() -> Double {
        let u = max(uniform(), 0x1.0p-60)
        let v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
