import Market

/// Fingerprints of bar data, for ``SignalKey``'s `barsFingerprint`.
public enum BarsFingerprint {
    /// SHA-256 over the bar count and, for every bar, its timestamp and the bit patterns of
    /// open, high, low, close and volume (each column in turn, little-endian 64-bit).
    /// The symbol is not included (the key carries it separately). 32 bytes.
    public static func sha256(_ bars: BarSeries) -> [UInt8] {
        var hasher = SHA256()
        var writer = ByteWriter(capacity: 8 + bars.count * 8)
        writer.append(Array("admf.bars.v1".utf8))
        writer.u64(UInt64(bars.count))
        hasher.update(writer.bytes)
        for column in [bars.timestamps.map { UInt64(bitPattern: $0) }, bars.open.map(\.bitPattern), bars.high.map(\.bitPattern),
                       bars.low.map(\.bitPattern), bars.close.map(\.bitPattern), bars.volume.map(\.bitPattern)] {
            var bytes = ByteWriter(capacity: column.count * 8)
            for value in column { bytes.u64(value) }
            hasher.update(bytes.bytes)
        }
        return hasher.finalize()
    }
}
