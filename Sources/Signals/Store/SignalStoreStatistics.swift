/// How much room stored signals take compared with dense 64-bit storage.
///
/// Two ratios per entry and in total: `valueRatio` compares the column payloads with
/// 8 bytes per value (the encoding's own gain), `fileRatio` compares whole files
/// (header, timestamps and checksum included) with 8 bytes per timestamp and per value.
public struct SignalStoreStatistics: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: SignalKey
        public var summary: SignalFileSummary

        public init(key: SignalKey, summary: SignalFileSummary) {
            self.key = key
            self.summary = summary
        }

        public var valueRatio: Double { ratio(summary.denseValueBytes, summary.encodedValueBytes) }
        public var fileRatio: Double { ratio(summary.denseBytes, summary.fileBytes) }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    public var fileBytes: Int { entries.reduce(0) { $0 + $1.summary.fileBytes } }
    public var denseBytes: Int { entries.reduce(0) { $0 + $1.summary.denseBytes } }
    public var encodedValueBytes: Int { entries.reduce(0) { $0 + $1.summary.encodedValueBytes } }
    public var denseValueBytes: Int { entries.reduce(0) { $0 + $1.summary.denseValueBytes } }
    public var valueRatio: Double { ratio(denseValueBytes, encodedValueBytes) }
    public var fileRatio: Double { ratio(denseBytes, fileBytes) }

    /// A plain-text table: one line per entry (key prefix, rows, encodings, bytes, ratios), then the total.
    public var report: String {
        var lines = ["key           rows  file bytes  dense bytes  value ratio  file ratio  columns"]
        func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        func fixed(_ x: Double) -> String {
            guard x.isFinite else { return "inf" }
            let hundredths = Int((x * 100).rounded())
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        }
        for entry in entries {
            let columns = entry.summary.columns.map { "\($0.name)=\($0.encoding)" }.joined(separator: " ")
            lines.append(String(entry.key.hex.prefix(12)) + pad("\(entry.summary.rows)", 6) + pad("\(entry.summary.fileBytes)", 12)
                         + pad("\(entry.summary.denseBytes)", 13) + pad(fixed(entry.valueRatio), 13)
                         + pad(fixed(entry.fileRatio), 12) + "  " + columns)
        }
        lines.append("total" + pad("\(entries.count) entries", 13) + pad("\(fileBytes)", 12) + pad("\(denseBytes)", 13)
                     + pad(fixed(valueRatio), 13) + pad(fixed(fileRatio), 12))
        return lines.joined(separator: "\n")
    }
}

/// `dense / encoded`, or 1 when both are zero (an empty frame), infinity when only `encoded` is.
private func ratio(_ dense: Int, _ encoded: Int) -> Double {
    if encoded == 0 { return dense == 0 ? 1 : .infinity }
    return Double(dense) / Double(encoded)
}
