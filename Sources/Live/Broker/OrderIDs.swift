/// Client order ids that name an order by what decided it, so that deciding again — after a
/// crash, on a replayed step — yields the same id and a broker never places it twice.
///
/// `<prefix>-<decision bar, epoch seconds>-<symbol>-<n>`, where the prefix is 12 hex digits of
/// FNV-1a-64 over the run id and the phase name, and `n` numbers the orders one step makes for a
/// symbol (a decision, then a rollback). At most 48 characters (Alpaca's limit) for symbols of
/// up to 12 characters.
public struct OrderIDs: Sendable {
    public let prefix: String

    public init(run: String, phase: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(run)|\(phase)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        prefix = "admf" + (String(repeating: "0", count: max(0, 16 - hex.count)) + hex).prefix(12)
    }

    public func id(decidedAt timestamp: Int64, symbol: String, sequence: Int) -> String {
        "\(prefix)-\(timestamp)-\(symbol)-\(sequence)"
    }
}
