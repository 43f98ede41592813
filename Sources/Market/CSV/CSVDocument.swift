/// A CSV file opened for one pass, with its header read and mapped to bar roles.
///
/// This is the shared first step of ``CSVBarLoader`` and ``DataInspector``: open the
/// file, skip a UTF-8 byte-order mark and any blank lines, and parse the header (with
/// RFC 4180 quoting, see ``CSVFields``). The body is then read by one
/// ``CSVRowScanner`` through the same ``ChunkedFileReader``, so the whole file is
/// never in memory; a document can be scanned once.
struct CSVDocument {
    /// The path as the caller gave it (used in messages).
    let file: String
    /// The reader, positioned at the first line after the header.
    let reader: ChunkedFileReader
    let header: CSVHeader
    /// The header's line number (1 unless blank lines precede it).
    let headerLine: Int
    /// About how many rows follow the header (from the file size and the first lines),
    /// for reserving column capacity; 0 when unknown.
    let estimatedRows: Int

    /// Opens `path` and parses its header; throws for an unreadable or empty file or an unusable header.
    /// `buffer` sets the reader's sizes (tests make them tiny to put a chunk boundary everywhere).
    init(path: String, buffer: ReadBufferSizes = .standard) throws(MarketDataError) {
        file = path
        reader = try ChunkedFileReader(path: path, chunkSize: buffer.chunk, maxLineLength: buffer.maxLine)
        try reader.refill()
        let bom = reader.bytes
        if bom.count >= 3, bom[0] == 0xEF, bom[1] == 0xBB, bom[2] == 0xBF { reader.consume(to: 3) }

        var line = 0
        var found: [String]?
        while found == nil {
            let bytes = reader.bytes
            let newline = Self.lineEnd(bytes, from: reader.start)
            if newline == bytes.count, !reader.atEOF {
                if reader.pending >= reader.maxLineLength {
                    throw MarketDataError(
                        file: path, line: line + 1,
                        reason: "the first line is longer than \(reader.maxLineLength) bytes: this is not a CSV header",
                        hint: "expected a header such as timestamp,open,high,low,close,volume")
                }
                try reader.refill()
                continue
            }
            if reader.start >= bytes.count { break }  // end of file
            line += 1
            let content = Self.stripCR(bytes, reader.start, newline)
            if !Self.isBlank(bytes, reader.start, content) {
                if Self.hasInnerCR(bytes, reader.start, content) {
                    throw MarketDataError(
                        file: path, line: line,
                        reason: "the header line has a carriage return (\\r) followed by more text: "
                            + "the lines seem to end with \\r only",
                        hint: "convert the file to \\n or \\r\\n line endings")
                }
                let fields = CSVFields.all(bytes, reader.start, content)
                if let open = fields.firstIndex(where: \.unclosedQuote) {
                    throw MarketDataError(
                        file: path, line: line,
                        reason: "header field \(open + 1) opens a quote (\") that is not closed on this line",
                        hint: "close the quote; a header name cannot span lines")
                }
                found = fields.map { CSVFields.unquotedText(bytes, $0) }
            }
            reader.consume(to: newline + 1)
        }
        guard let found else {
            throw MarketDataError(
                file: path, reason: "file is empty",
                hint: "expected a header such as timestamp,open,high,low,close,volume and one row per bar")
        }
        header = try CSVHeader(fields: found, file: path, line: line)
        headerLine = line
        estimatedRows = Self.estimateRows(reader)
    }

    /// About how many lines follow the reader's position: the bytes left in the file
    /// divided by the mean length of the buffered lines (up to 64 KiB of them), plus an
    /// eighth. Reserving this much costs address space, not memory, until rows are written;
    /// the estimate is capped at one row per 16 bytes (no valid bar row is shorter), so a
    /// file of blank lines cannot ask for an absurd reservation.
    static func estimateRows(_ reader: ChunkedFileReader) -> Int {
        guard let size = reader.fileSize else { return 0 }
        let remaining = max(size - reader.bufferOffset - reader.start, 0)
        let bytes = reader.bytes
        let sampleEnd = min(bytes.count, reader.start + (1 << 16))
        var lines = 0
        var lastNewline = reader.start
        var i = reader.start
        while i < sampleEnd {
            if bytes[i] == 0x0A {
                lines += 1
                lastNewline = i + 1
            }
            i += 1
        }
        let cap = remaining / 16 + 1
        guard lines > 0 else { return cap }
        let mean = max(Double(lastNewline - reader.start) / Double(lines), 1)
        let estimate = Double(remaining) / mean * 1.125 + 16
        return min(Int(estimate.rounded(.up)), cap)
    }

    /// The index of the next `\n` at or after `from`, or `bytes.count`.
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        return i
    }

    /// The end of a line's content: `end`, less one for a trailing `\r`.
    @inline(__always)
    static func stripCR(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        end > start && bytes[end - 1] == 0x0D ? end - 1 : end
    }

    /// Whether `start..<end` holds only spaces, tabs and carriage returns.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            let c = bytes[i]
            if c != 0x20, c != 0x09, c != 0x0D { return false }
            i += 1
        }
        return true
    }

    /// Whether `start..<end` has a `\r` with something other than blanks after it.
    private static func hasInnerCR(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var last = end
        while last > start, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 || bytes[last - 1] == 0x0D { last -= 1 }
        var i = start
        while i < last {
            if bytes[i] == 0x0D { return true }
            i += 1
        }
        return false
    }
}
