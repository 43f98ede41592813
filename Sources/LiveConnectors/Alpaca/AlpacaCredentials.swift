import Foundation

/// An Alpaca API key pair: the key id and its secret, sent as the `APCA-API-KEY-ID` and
/// `APCA-API-SECRET-KEY` headers of the Trading API and in the `auth` message of the
/// market-data stream.
///
/// ``init(environment:)`` reads Alpaca's documented variables `APCA_API_KEY_ID` and
/// `APCA_API_SECRET_KEY` (https://docs.alpaca.markets/docs/authentication). The secret is never
/// printed: ``description``, ``debugDescription`` and the reflection `dump` sees show only the
/// key id's last four characters, `AlpacaCredentials(key: ****1234)`, so logging the value is safe.
/// Paper and live accounts have separate key pairs; the key decides which account a request
/// reaches, the base URL must match it.
public struct AlpacaCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The environment variable of the key id.
    public static let keyIDVariable = "APCA_API_KEY_ID"
    /// The environment variable of the secret key.
    public static let secretKeyVariable = "APCA_API_SECRET_KEY"

    /// The public half of the pair (still shown only redacted).
    public let keyID: String
    /// The secret half; readable inside the module only, where requests are built.
    let secretKey: String

    public init(keyID: String, secretKey: String) {
        self.keyID = keyID
        self.secretKey = secretKey
    }

    /// The pair from `APCA_API_KEY_ID` and `APCA_API_SECRET_KEY`, or `nil` when either is
    /// missing or blank.
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let key = environment[Self.keyIDVariable]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let secret = environment[Self.secretKeyVariable]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !key.isEmpty, !secret.isEmpty else { return nil }
        self.init(keyID: key, secretKey: secret)
    }

    /// `****` and the key id's last four characters (only `****` for a key of four or fewer).
    public var redactedKeyID: String {
        keyID.count > 4 ? "****" + keyID.suffix(4) : "****"
    }

    public var description: String { "AlpacaCredentials(key: \(redactedKeyID))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["key": redactedKeyID], displayStyle: .struct) }

    /// `text` with every occurrence of the secret, and of the whole key id, replaced by their
    /// redacted forms: for server messages that reach an error (a server may echo a request).
    func redact(_ text: String) -> String {
        var text = text
        if secretKey.count >= 4 { text = text.replacingOccurrences(of: secretKey, with: "****") }
        if keyID.count >= 4 { text = text.replacingOccurrences(of: keyID, with: redactedKeyID) }
        return text
    }
}
