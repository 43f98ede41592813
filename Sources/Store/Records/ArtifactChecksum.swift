/// The checksum stored with every artifact, written in the same transaction as the artifact.
///
/// 64-bit FNV-1a over the UTF-8 bytes of the kind, the JSON and the lineage, each followed by
/// a 0xff byte (which UTF-8 never contains), as 16 hex digits. It detects damage and hand edits (a changed digit, a truncated
/// JSON), not deliberate forgery.
public enum ArtifactChecksum {
    public static func compute(kind: String, json: String, lineage: String?) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for text in [kind, json, lineage ?? ""] {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0xff
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// A stored artifact whose content no longer matches its checksum.
public struct ArtifactDamaged: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var phase: String
    public var name: String

    public init(path: String, phase: String, name: String) {
        self.path = path
        self.phase = phase
        self.name = name
    }

    public var description: String {
        "run store \(path): output \(phase).\(name) is damaged (its checksum does not match: the row was edited or corrupted) — run the workflow again to recompute phase '\(phase)' and what depends on it"
    }
}
