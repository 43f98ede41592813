import Foundation

/// A run's identity: a hash of the configuration text, the exact data and the seed.
///
/// The same file on the same bars resumes the same run; any change to either —
/// even a comment in the YAML — starts a new one beside it in the same store.
enum RunIdentity {
    static func make(configText: String, dataFingerprint: String, seed: UInt64) -> String {
        var hash = StableHash()
        hash.combine("admf-run-v1")
        hash.combine(configText)
        hash.combine(dataFingerprint)
        hash.combine(String(seed))
        return hash.hex
    }
}
