/// A CSV file read into memory, with its header located and mapped to bar roles.
///
/// This is the shared first step of ``CSVBarLoader`` and ``DataInspector``: read
/// the bytes, skip a UTF-8 byte-order mark and any blank lines, and parse the header.
struct CSVDocument {
    /// The path as the caller gave it (used in messages).
    let file: String
    let bytes: [UInt8]
    let header: CSVHeader
    /// The header's line number (1 unless blank lines precede it).
    let headerLine: Int
    /// The byte offset just after the header line.
    let bodyStart: Int

    /// Reads `path` and parses its header; throws for an unreadable or empty file or an unusable header.
    init(path: String) throws(MarketDataError) {
        file = path
        bytes = try FileBytes.read(path: path)
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var line = 0
        var found: (text: [String], end: Int)?
        var position = start
        while position < bytes.count {
            line += 1
            let end = Self.lineEnd(bytes, from: position)
            let content = Self.stripCR(bytes, position, end)
            if !Self.isBlank(bytes, position, content) {
                let text = String(decoding: bytes[position..<content], as: UTF8.self)
                found = (text.split(separator: ",", omittingEmptySubsequences: false).map(String.init), end)
                break
            }
            position = end + 1
        }
        guard let found else {
            throw MarketDataError(
                file: path, reason: "file is empty",
                hint: "expected a header such as timestamp,open,high,low,close,volume and one row per bar")
        }
        header = try CSVHeader(fields: found.text, file: path, line: line)
        headerLine = line
        bodyStart = min(found.end + 1, bytes.count)
    }

    /// The index of the next `\n` at or after `from`, or `bytes.count`.
    static func lineEnd(_ bytes: [UInt8], from: Int) -> Int {
        var i = from
        while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        return i
    }

    /// The end of a line's content: `end`, less one for a trailing `\r`.
    @inline(__always)
    static func stripCR(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        end > start && bytes[end - 1] == 0x0D ? end - 1 : end
    }

    static func isBlank(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            let c = bytes[i]
            if c != 0x20, c != 0x09, c != 0x0D { return false }
            i += 1
        }
        return true
    }
}
