/// FNV-1a, 64-bit, over the UTF-8 bytes of a string: a hash that is the same in every
/// process and on every machine.
///
/// Swift's `Hasher` is seeded per process, so it must never decide anything that has
/// to be reproducible, such as a random stream. ``SeededGenerator/init(seed:stream:)``
/// uses this instead. (Internal, so it does not clash with other modules' hashers.)
///
/// ```swift
/// FNV1a.hash64("")   // 0xcbf29ce484222325
/// FNV1a.hash64("a")  // 0xaf63dc4c8601ec8c
/// ```
enum FNV1a {
    /// The FNV-1a 64-bit hash of `text`'s UTF-8 bytes.
    static func hash64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
