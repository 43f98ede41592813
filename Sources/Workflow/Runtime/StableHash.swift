/// FNV-1a 64-bit hashing: stable across processes and platforms (unlike `Hasher`),
/// used for run identities and data fingerprints.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    public mutating func combine(_ string: String) {
        combine(bytes: string.utf8)
        combine(bytes: [0xFF])
    }

    public mutating func combine(_ double: Double) {
        withUnsafeBytes(of: double.bitPattern.littleEndian) { combine(bytes: $0) }
    }

    public mutating func combine(_ integer: Int64) {
        withUnsafeBytes(of: integer.littleEndian) { combine(bytes: $0) }
    }

    /// Sixteen lower-case hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
