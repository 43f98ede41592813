/// The binary signal file: one ``SignalFrame`` (timestamps once, then columns) plus the
/// key it was stored under, ending in a CRC-32 so damage is detected on read.
///
/// Byte layout (all integers little-endian, fixed width unless marked varint):
///
/// ```
/// offset  size  field
/// 0       8     magic 89 53 49 47 0D 0A 1A 0A  ("\x89SIG\r\n\x1A\n", PNG-style: catches
///               text-mode line-ending conversion and 7-bit transfers)
/// 8       4     format version, UInt32 (currently 1)
/// 12      4     column count C, UInt32
/// 16      8     row count N, UInt64 (at most 2^32 - 1)
/// 24      4     key length K, UInt32
/// 28      K     key, UTF-8 (the SignalKey hex, or empty)
/// …       8     timestamp section length T, UInt64
/// …       T     timestamp section (see TimestampEncoding: first Int64, then a mode byte,
///               varint scale, and either delta runs or a bitmap over the regular grid)
/// …             column directory, C entries in frame order:
///                 2  name length L, UInt16
///                 L  name, UTF-8
///                 1  kind: 0 = float64, 1 = int64
///                 1  layout: 0 = dense, 1 = runs
///                 2  palette count P, UInt16 (0 = raw 64-bit values, 1…256 = palette)
///                 8  run count R, UInt64 (= N for dense)
/// …             column payloads, in directory order; each payload's length follows
///               from (layout, P, R, N) as described in SignalEncoding:
///                 [P × UInt64 palette] [R × UInt16/UInt32 run starts, runs only]
///                 [R × UInt64 values | R × UInt8 palette indices]
/// end-4   4     CRC-32 (IEEE) of every byte before it, UInt32
/// ```
///
/// The same frame and key always give the same bytes (no timestamps of writing, no
/// padding garbage), so concurrent writers of one key produce identical files.
public enum SignalFile {
    /// The eight bytes every signal file starts with.
    public static let magic: [UInt8] = [0x89, 0x53, 0x49, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The format version written (and the only one read).
    public static let version: UInt32 = 1
    /// The largest row count a file may declare.
    /// The most rows a signal file holds (50 million bars: 400 MB a float64 column once decoded).
    /// Frames are refused above it, and a file declaring more is treated as damaged, so a forged
    /// header cannot make a reader allocate without bound.
    public static let maxRows = 50_000_000

    /// The file bytes for `frame`, stored under `key` (may be empty). `compress: false` keeps
    /// every column dense (8 bytes a value); otherwise each column takes its smallest layout.
    public static func encode(_ frame: SignalFrame, key: String = "", compress: Bool = true) -> [UInt8] {
        let plans = frame.columns.map { column in column.withBitPatterns { SignalEncoding.plan($0, compress: compress) } }
        let payloadBytes = plans.reduce(0) { $0 + $1.encoding.payloadBytes }
        var writer = ByteWriter(capacity: 64 + key.utf8.count + frame.count / 2 + payloadBytes
                                + frame.columns.reduce(0) { $0 + 14 + $1.name.utf8.count })
        writer.append(magic)
        writer.u32(version)
        writer.u32(UInt32(truncatingIfNeeded: frame.columns.count))
        writer.u64(UInt64(frame.count))
        writer.u32(UInt32(truncatingIfNeeded: key.utf8.count))
        writer.append(Array(key.utf8))
        let lengthOffset = writer.bytes.count
        writer.u64(0)
        TimestampEncoding.encode(frame.timestamps, into: &writer)
        writer.patch(UInt64(writer.bytes.count - lengthOffset - 8), at: lengthOffset)
        for (column, plan) in zip(frame.columns, plans) {
            let name = Array(column.name.utf8)
            writer.u16(UInt16(truncatingIfNeeded: name.count))
            writer.append(name)
            writer.u8(column.kind.rawValue)
            writer.u8(plan.encoding.layout.rawValue)
            writer.u16(UInt16(plan.encoding.paletteCount))
            writer.u64(UInt64(plan.encoding.runCount))
        }
        for (column, plan) in zip(frame.columns, plans) {
            column.withBitPatterns { plan.encoding.encode($0, palette: plan.palette, into: &writer) }
        }
        writer.u32(CRC32.checksum(writer.bytes))
        return writer.bytes
    }

    /// The key and frame stored in `bytes`; throws a `damaged` ``SignalStoreError``
    /// naming `file` when the bytes are not an intact version-1 signal file.
    public static func decode(_ bytes: [UInt8], file: String = "") throws(SignalStoreError) -> (key: String, frame: SignalFrame) {
        do {
            return try bytes.withUnsafeBytes { buffer in
                let header = try parse(buffer, file: file)
                for entry in header.columns {
                    try entry.encoding.validate(UnsafeRawBufferPointer(rebasing: buffer[entry.payload]), column: entry.name, file: file)
                }
                let timestamps = try TimestampEncoding.decode(
                    UnsafeRawBufferPointer(rebasing: buffer[header.timestamps]), rows: header.rows, file: file)
                var columns: [SignalColumn] = []
                columns.reserveCapacity(header.columns.count)
                for entry in header.columns {
                    let payload = UnsafeRawBufferPointer(rebasing: buffer[entry.payload])
                    columns.append(decodeColumn(entry, payload, rows: header.rows, file: file))
                }
                return (header.key, SignalFrame(validatedTimestamps: timestamps, columns: columns))
            }
        } catch let error as SignalStoreError {
            throw error
        } catch {
            throw .damaged(file, "\(error)")
        }
    }

    /// What `bytes` hold, without decoding values: rows, sizes and each column's encoding.
    /// Verifies the checksum, like ``decode(_:file:)``.
    public static func summary(_ bytes: [UInt8], file: String = "") throws(SignalStoreError) -> SignalFileSummary {
        do {
            return try bytes.withUnsafeBytes { buffer in
                let header = try parse(buffer, file: file)
                return SignalFileSummary(
                    key: header.key, rows: header.rows, fileBytes: bytes.count, timestampBytes: header.timestamps.count,
                    columns: header.columns.map { SignalFileSummary.Column(name: $0.name, kind: $0.kind, encoding: $0.encoding) })
            }
        } catch let error as SignalStoreError {
            throw error
        } catch {
            throw .damaged(file, "\(error)")
        }
    }

    // MARK: - Parsing

    struct ColumnEntry {
        var name: String
        var kind: SignalColumn.Kind
        var encoding: SignalEncoding
        var payload: Range<Int>
    }

    struct Header {
        var key: String
        var rows: Int
        var timestamps: Range<Int>
        var columns: [ColumnEntry]
    }

    /// Checks magic, version and checksum, then reads the header and column directory.
    static func parse(_ buffer: UnsafeRawBufferPointer, file: String) throws(SignalStoreError) -> Header {
        guard buffer.count >= magic.count, buffer.prefix(magic.count).elementsEqual(magic) else {
            throw .damaged(file, buffer.isEmpty ? "the file is empty" : "not a signal file (the first bytes are not the signal-file magic)")
        }
        guard buffer.count >= 28 + 8 + 4 else {
            throw .damaged(file, "the file is truncated (\(buffer.count) bytes, shorter than any signal file)")
        }
        let body = UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count - 4)])
        var reader = ByteReader(body, file: file)
        _ = try reader.bytes(magic.count, "magic")
        let fileVersion = try reader.u32("version")
        guard fileVersion == version else {
            throw SignalStoreError(.damaged, file: file, reason: "signal file format version \(fileVersion) is not supported (this build reads version \(version))",
                                   hint: "regenerate the signals with this build, or read the file with the build that wrote it")
        }
        let stored = UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: buffer.count - 4, as: UInt32.self))
        let computed = CRC32.checksum(body)
        guard stored == computed else {
            throw .damaged(file, "checksum mismatch (stored 0x\(hex32(stored)), computed 0x\(hex32(computed))); the file is truncated or corrupted")
        }
        let columnCount = try reader.u32("header")
        let rowCount = try reader.u64("header")
        guard rowCount <= UInt64(maxRows) else { throw reader.damaged("row count \(rowCount) exceeds \(maxRows)") }
        let rows = Int(rowCount)
        let keyLength = Int(try reader.u32("header"))
        let key = String(decoding: try reader.bytes(keyLength, "key"), as: UTF8.self)
        let timestampLength = try reader.u64("timestamp section length")
        guard timestampLength <= UInt64(reader.remaining) else {
            throw reader.damaged("timestamp section of \(timestampLength) bytes runs past the end of the file")
        }
        let timestampStart = reader.offset
        _ = try reader.bytes(Int(timestampLength), "timestamp section")
        let timestamps = timestampStart..<reader.offset
        var entries: [ColumnEntry] = []
        var names = Set<String>()
        guard Int(columnCount) <= reader.remaining / 14 else {
            throw reader.damaged("\(columnCount) columns cannot fit in the \(reader.remaining) bytes left")
        }
        for c in 0..<Int(columnCount) {
            let nameLength = Int(try reader.u16("column directory"))
            let nameBytes = try reader.bytes(nameLength, "column directory")
            let name = String(decoding: nameBytes, as: UTF8.self)
            guard name.utf8.elementsEqual(nameBytes), !name.isEmpty, names.insert(name).inserted else {
                throw reader.damaged("column \(c) has an empty, invalid or repeated name")
            }
            guard let kind = SignalColumn.Kind(rawValue: try reader.u8("column directory")) else {
                throw reader.damaged("column '\(name)' has an unknown value kind")
            }
            guard let layout = SignalEncoding.Layout(rawValue: try reader.u8("column directory")) else {
                throw reader.damaged("column '\(name)' has an unknown layout")
            }
            let paletteCount = Int(try reader.u16("column directory"))
            let runCount = try reader.u64("column directory")
            guard paletteCount <= SignalEncoding.maxPalette, runCount <= UInt64(rows),
                  layout == .runs || runCount == UInt64(rows), rows > 0 || paletteCount == 0 else {
                throw reader.damaged("column '\(name)' declares \(runCount) runs and \(paletteCount) palette entries for \(rows) rows")
            }
            let encoding = SignalEncoding(layout: layout, paletteCount: paletteCount, runCount: Int(runCount), rows: rows)
            entries.append(ColumnEntry(name: name, kind: kind, encoding: encoding, payload: 0..<0))
        }
        for i in entries.indices {
            let start = reader.offset
            _ = try reader.bytes(entries[i].encoding.payloadBytes, "payload of column '\(entries[i].name)'")
            entries[i].payload = start..<reader.offset
        }
        guard reader.remaining == 0 else { throw reader.damaged("\(reader.remaining) stray bytes after the last column") }
        return Header(key: key, rows: rows, timestamps: timestamps, columns: entries)
    }

    /// Decodes a column whose payload passed ``SignalEncoding/validate(_:column:file:)``.
    private static func decodeColumn(_ entry: ColumnEntry, _ payload: UnsafeRawBufferPointer, rows: Int,
                                     file: String) -> SignalColumn {
        func fill(_ target: UnsafeMutableRawPointer?) -> Int {
            guard let target, rows > 0 else { return 0 }
            entry.encoding.fill(payload, into: target)
            return rows
        }
        switch entry.kind {
        case .float64:
            return .float64(entry.name, [Double](unsafeUninitializedCapacity: rows) { buffer, count in
                count = fill(buffer.baseAddress.map(UnsafeMutableRawPointer.init))
            })
        case .int64:
            return .int64(entry.name, [Int64](unsafeUninitializedCapacity: rows) { buffer, count in
                count = fill(buffer.baseAddress.map(UnsafeMutableRawPointer.init))
            })
        }
    }

    private static func hex32(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

/// The header of a signal file: rows, byte sizes and each column's encoding.
public struct SignalFileSummary: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var name: String
        public var kind: SignalColumn.Kind
        public var encoding: SignalEncoding
    }

    /// The key stored in the file.
    public var key: String
    public var rows: Int
    /// Size of the whole file.
    public var fileBytes: Int
    /// Size of the timestamp section.
    public var timestampBytes: Int
    public var columns: [Column]

    /// Bytes of the column payloads.
    public var encodedValueBytes: Int { columns.reduce(0) { $0 + $1.encoding.payloadBytes } }
    /// Bytes the columns would take dense (8 per value).
    public var denseValueBytes: Int { 8 * rows * columns.count }
    /// Bytes timestamps and columns would take dense (8 per value).
    public var denseBytes: Int { 8 * rows * (columns.count + 1) }
}
