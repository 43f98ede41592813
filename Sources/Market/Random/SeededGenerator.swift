#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fast, reproducible random number generator: xoshiro256** seeded by SplitMix64.
///
/// The same seed gives the same sequence on every run and every machine, which is
/// what synthetic data, bootstraps and random searches need. Independent streams
/// for the same seed come from `init(seed:stream:)`: the label is mixed into the
/// seed with a stable hash (FNV-1a 64 of its UTF-8 bytes),
/// never with `Hasher`, whose values change from process to process.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42, stream: "bootstrap")
/// let u = rng.nextDouble()          // in [0, 1)
/// let z = rng.nextGaussian()        // standard normal
/// let k = Int.random(in: 0..<10, using: &rng)
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose state is four outputs of SplitMix64 started at `seed`.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // xoshiro's one forbidden state
    }

    /// A generator for the named stream of `seed`: different labels give unrelated sequences.
    ///
    /// The seed is first scrambled by one SplitMix64 step, then combined with the
    /// FNV-1a 64 hash of `stream`, so `(seed, "a")` and `(seed, "b")` differ and
    /// neither equals `init(seed:)`'s sequence by construction.
    public init(seed: UInt64, stream: String) {
        var mixer = SplitMix64(state: seed)
        let scrambled = mixer.next()
        self.init(seed: scrambled ^ FNV1a.hash64(stream))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal variate (mean 0, variance 1), by the Box–Muller transform.
    ///
    /// Each call uses two uniforms and returns one value, so the sequence does
    /// not depend on how calls are interleaved with other draws.
    public mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextDouble()  // (0, 1]: log is finite
        let u2 = nextDouble()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

/// SplitMix64 (Steele, Lea, Flood): used only to expand a seed into generator state.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state = state &+ 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
