/// The timestamp section of a signal file: bar times stored once per file, as scaled
/// delta runs or as a bitmap of a regular grid, whichever is smaller.
///
/// ```
/// (empty when the file has no rows)
/// first       Int64, 8 bytes little-endian
/// (when rows ≥ 2:)
/// mode        UInt8: 0 = delta runs, 1 = grid bitmap
/// scale       varint ≥ 1 — the greatest common divisor of the deltas (86400 for daily bars)
/// mode 0:     runCount varint, then runCount × (zigzag varint delta / scale, varint run length ≥ 1);
///             run lengths add up to rows - 1
/// mode 1:     span varint S = (last - first) / scale, then ⌈(S + 1) / 8⌉ bytes: bit k
///             (least significant bit first) is set when first + k·scale is a timestamp;
///             bits 0 and S are set, exactly `rows` bits are set, bits after S are clear
/// ```
///
/// Daily bars (weekdays and holidays missing) take about one bit per calendar day as a
/// bitmap; minute bars take a few bytes per session as runs. Mode 1 needs strictly
/// increasing timestamps; in mode 0 deltas are computed with wrapping arithmetic, so
/// any `Int64` sequence (unsorted, repeated, extreme) round-trips, and when a delta
/// overflows the scale is 1.
enum TimestampEncoding {
    static func encode(_ timestamps: [Int64], into writer: inout ByteWriter) {
        guard let first = timestamps.first, let last = timestamps.last else { return }
        writer.u64(UInt64(bitPattern: first))
        guard timestamps.count >= 2 else { return }
        var scale: UInt64 = 0
        var overflow = false
        var increasing = true
        for i in 1..<timestamps.count {
            let (delta, overflowed) = timestamps[i].subtractingReportingOverflow(timestamps[i - 1])
            if overflowed { overflow = true; break }
            if delta <= 0 { increasing = false }
            scale = gcd(scale, delta.magnitude)
        }
        if overflow || scale == 0 || scale > UInt64(Int64.max) { scale = 1 }
        let divisor = Int64(scale)

        var runs = ByteWriter()
        var runCount: UInt64 = 0
        var current = (timestamps[1] &- timestamps[0]) / divisor
        var length: UInt64 = 0
        for i in 1..<timestamps.count {
            let delta = (timestamps[i] &- timestamps[i - 1]) / divisor
            if delta != current {
                runs.varint(zigzag(current))
                runs.varint(length)
                runCount += 1
                current = delta
                length = 0
            }
            length += 1
        }
        runs.varint(zigzag(current))
        runs.varint(length)
        runCount += 1
        var countBytes = ByteWriter()
        countBytes.varint(runCount)
        let runBytes = countBytes.bytes.count + runs.bytes.count

        if increasing, !overflow {
            let (span, spanOverflow) = last.subtractingReportingOverflow(first)
            let steps = UInt64(span) / scale
            // Only worth it (and only allocated) when smaller than the runs.
            if !spanOverflow, steps / 8 + 1 < UInt64(runBytes) {
                let bitmapBytes = Int(steps / 8 + 1)
                writer.u8(1)
                writer.varint(scale)
                writer.varint(steps)
                writer.fill(bitmapBytes) { bits in
                    for t in timestamps {
                        let k = Int(UInt64(t &- first) / scale)
                        bits[k >> 3] |= UInt8(1) << UInt8(k & 7)
                    }
                }
                return
            }
        }
        writer.u8(0)
        writer.varint(scale)
        writer.append(countBytes.bytes)
        writer.append(runs.bytes)
    }

    /// Decodes `rows` timestamps from the whole of `section`. The section is checked in a
    /// first pass (run lengths or bit counts add up, no stray bytes) before memory is reserved.
    static func decode(_ section: UnsafeRawBufferPointer, rows: Int, file: String) throws(SignalStoreError) -> [Int64] {
        var reader = ByteReader(section, file: file)
        guard rows > 0 else {
            guard section.isEmpty else { throw reader.damaged("timestamp section has bytes but the file has no rows") }
            return []
        }
        let first = Int64(bitPattern: try reader.u64("first timestamp"))
        guard rows >= 2 else {
            guard reader.remaining == 0 else { throw reader.damaged("\(reader.remaining) stray bytes after the timestamps") }
            return [first]
        }
        let mode = try reader.u8("timestamp mode")
        let scale = try reader.varint("timestamp scale")
        guard scale >= 1, scale <= UInt64(Int64.max) else { throw reader.damaged("timestamp scale \(scale) is out of range") }
        let step = Int64(scale)
        switch mode {
        case 0:
            let declared = try reader.varint("timestamp run count")
            guard declared <= UInt64(rows - 1) else { throw reader.damaged("\(declared) timestamp runs for \(rows) rows") }
            let runCount = Int(declared)
            let runsStart = reader.offset
            var covered = 1
            for _ in 0..<runCount {
                _ = try reader.varint("timestamp delta")
                let length = try reader.varint("timestamp run length")
                guard length >= 1, length <= UInt64(rows - covered) else {
                    throw reader.damaged("timestamp runs cover more than \(rows) rows")
                }
                covered += Int(length)
            }
            guard covered == rows else { throw reader.damaged("timestamp runs cover \(covered) of \(rows) rows") }
            guard reader.remaining == 0 else { throw reader.damaged("\(reader.remaining) stray bytes after the timestamps") }
            var runs = ByteReader(UnsafeRawBufferPointer(rebasing: section[runsStart...]), file: file)
            return [Int64](unsafeUninitializedCapacity: rows) { buffer, count in
                var current = first
                buffer[0] = current
                var i = 1
                for _ in 0..<runCount {
                    // Both varints were read successfully in the first pass.
                    let delta = unzigzag((try? runs.varint("")) ?? 0) &* step
                    let length = Int((try? runs.varint("")) ?? 0)
                    for _ in 0..<length where i < rows {
                        current &+= delta
                        buffer[i] = current
                        i += 1
                    }
                }
                count = i
            }
        case 1:
            let span = try reader.varint("timestamp span")
            guard span / 8 < UInt64(reader.remaining) else {
                throw reader.damaged("timestamp bitmap of \(span) steps runs past its section")
            }
            let bitmap = try reader.bytes(Int(span / 8) + 1, "timestamp bitmap")
            guard reader.remaining == 0 else { throw reader.damaged("\(reader.remaining) stray bytes after the timestamps") }
            let lastBit = UInt8(span % 8)
            var set = 0
            for byte in bitmap { set += byte.nonzeroBitCount }
            guard set == rows, bitmap[0] & 1 == 1, bitmap[bitmap.count - 1] >> lastBit == 1 else {
                throw reader.damaged("timestamp bitmap marks \(set) bars for \(rows) rows, or does not start and end on a bar")
            }
            return [Int64](unsafeUninitializedCapacity: rows) { buffer, count in
                var i = 0
                for (index, byte) in bitmap.enumerated() where byte != 0 {
                    var remaining = byte
                    while remaining != 0, i < rows {
                        let k = Int64(index * 8 + remaining.trailingZeroBitCount)
                        buffer[i] = first &+ k &* step
                        i += 1
                        remaining &= remaining &- 1
                    }
                }
                count = i
            }
        default:
            throw reader.damaged("unknown timestamp mode \(mode)")
        }
    }

    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
