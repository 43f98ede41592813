#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Log-space arithmetic used by the HMM (hmmlearn `_hmmc` conventions).
enum LogSpace {
    /// `log Σ exp(a[i])` over `count` values starting at `base`, stable: `max + log Σ exp(a − max)`;
    /// `-∞` when every term is `-∞`.
    @inline(__always)
    static func logSumExp(_ a: UnsafeMutableBufferPointer<Double>, _ count: Int) -> Double {
        var m = -Double.infinity
        for i in 0..<count where a[i] > m { m = a[i] }
        if m.isInfinite { return m }
        var acc = 0.0
        for i in 0..<count { acc += exp(a[i] - m) }
        return log(acc) + m
    }

    /// `log(exp(a) + exp(b))` as hmmlearn's `logaddexp`.
    @inline(__always)
    static func logAddExp(_ a: Double, _ b: Double) -> Double {
        if a.isInfinite && a < 0 { return b }
        if b.isInfinite && b < 0 { return a }
        return max(a, b) + log1p(exp(-abs(a - b)))
    }

    /// `log(p)` with `log(0) = -∞`.
    @inline(__always)
    static func safeLog(_ p: Double) -> Double { p > 0 ? log(p) : -.infinity }
}
