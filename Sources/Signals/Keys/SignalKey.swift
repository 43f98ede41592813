import Strategies

/// The content address of a captured signal: SHA-256 over everything the signal is a
/// function of, as 64 lower-case hex digits.
///
/// The hash covers a canonical encoding of:
///
/// ```
/// field("admf.signal-key.v1")                 domain tag (bumped if this encoding changes)
/// field(strategy name)
/// UInt64 parameter count, then per parameter, sorted by the UTF-8 bytes of its name:
///     field(name), UInt64 Double.bitPattern of the value
/// field(symbol)
/// field(bars fingerprint)                     caller-provided, e.g. BarsFingerprint.sha256(bars)
/// field(code version)                         caller-provided
/// where field(x) = UInt64 byte length, then the bytes (UTF-8 for text); integers little-endian
/// ```
///
/// Parameter values enter by their exact bit patterns: `10` and `10.000000000000002` are
/// different keys, and so are `0.0` and `-0.0`. The code version is the caller's
/// statement of "how the strategies compute": bump it whenever strategy, indicator or
/// signal code changes results, and every stored signal is invalidated at once (old
/// files are simply never asked for again; remove them with the store's `remove`).
public struct SignalKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 64 lower-case hex digits.
    public let hex: String

    /// The key of the signal `strategy` computes with `parameters` on `symbol`'s bars
    /// (identified by `barsFingerprint`) under code version `codeVersion`.
    public init(strategy: String, parameters: ParameterSet, symbol: String, barsFingerprint: [UInt8], codeVersion: String) {
        hex = Hex.encode(SHA256.hash(Self.canonicalEncoding(
            strategy: strategy, parameters: parameters, symbol: symbol, barsFingerprint: barsFingerprint, codeVersion: codeVersion)))
    }

    /// As above with the fingerprint given as text (its UTF-8 bytes are hashed).
    public init(strategy: String, parameters: ParameterSet, symbol: String, barsFingerprint: String, codeVersion: String) {
        self.init(strategy: strategy, parameters: parameters, symbol: symbol,
                  barsFingerprint: Array(barsFingerprint.utf8), codeVersion: codeVersion)
    }

    /// A key from its hex form; `nil` unless `hex` is exactly 64 lower-case hex digits.
    public init?(hex: String) {
        guard Hex.isLowercaseHex(hex, count: 64) else { return nil }
        self.hex = hex
    }

    /// The bytes that are hashed (see the type's documentation).
    public static func canonicalEncoding(strategy: String, parameters: ParameterSet, symbol: String,
                                         barsFingerprint: [UInt8], codeVersion: String) -> [UInt8] {
        var writer = ByteWriter(capacity: 128)
        func field(_ bytes: [UInt8]) {
            writer.u64(UInt64(bytes.count))
            writer.append(bytes)
        }
        field(Array("admf.signal-key.v1".utf8))
        field(Array(strategy.utf8))
        let names = parameters.values.keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        writer.u64(UInt64(names.count))
        for name in names {
            field(name)
            writer.u64((parameters.values[String(decoding: name, as: UTF8.self)] ?? .nan).bitPattern)
        }
        field(Array(symbol.utf8))
        field(barsFingerprint)
        field(Array(codeVersion.utf8))
        return writer.bytes
    }

    /// The first two hex digits (the store's fan-out directory).
    public var prefix: String { String(hex.prefix(2)) }

    public var description: String { hex }

    public static func < (lhs: SignalKey, rhs: SignalKey) -> Bool { lhs.hex < rhs.hex }
}
