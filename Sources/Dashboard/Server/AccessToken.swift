#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The dashboard's access rule: on a loopback address no token is needed; on any other address a
/// token is required, given by the user or generated (printed once), and compared in constant
/// time (no early exit on the first differing byte).
public struct AccessToken: Sendable, Equatable {
    public let value: String

    public init(_ value: String) { self.value = value }

    /// 32 random bytes as hex, from the system's generator.
    public static func generate() -> AccessToken {
        var generator = SystemRandomNumberGenerator()
        return AccessToken((0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined())
    }

    /// Whether `candidate` equals the token, in time independent of where they differ.
    public func matches(_ candidate: String?) -> Bool {
        guard let candidate else { return false }
        let a = Array(value.utf8), b = Array(candidate.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }

    /// Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
