import Market

/// Uniform random indices from a ``SeededGenerator``, with a fixed algorithm.
///
/// `index(below: n)` is Lemire's multiply-and-reject method ("Fast random integer
/// generation in an interval", ACM TOMACS 29(1), 2019): take the high 64 bits of
/// `x · n` for a random 64-bit `x`, rejecting the few `x` whose low half falls below
/// `2⁶⁴ mod n`, so every index is exactly equally likely. Written out here rather
/// than calling `Int.random(in:using:)` so the draws cannot change with the
/// standard library's version.
///
/// Degenerate input: `n ≤ 0` gives 0 without consuming a draw.
///
/// ```swift
/// var rng = SeededGenerator(seed: 7, stream: "demo")
/// let i = RandomIndex.index(below: 10, using: &rng)   // in 0..<10
/// ```
enum RandomIndex {
    /// A uniform integer in `0..<n`.
    static func index(below n: Int, using generator: inout SeededGenerator) -> Int {
        guard n > 1 else { return 0 }
        let bound = UInt64(n)
        var product = generator.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = generator.next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }
}
