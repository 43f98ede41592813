/// The timestamp section of a signal file: bar times stored once per file as scaled,
/// run-length-coded deltas.
///
/// ```
/// (empty when the file has no rows)
/// first       Int64, 8 bytes little-endian
/// (when rows ≥ 2:)
/// scale       varint ≥ 1   — the greatest common divisor of the deltas (86400 for daily bars)
/// runCount    varint
/// runs        runCount × (zigzag varint delta / scale, varint run length ≥ 1)
/// ```
///
/// Run lengths add up to `rows - 1`. Daily bars cost about a byte per week, minute bars
/// about four bytes per session. Deltas are computed with wrapping arithmetic, so any
/// `Int64` sequence (unsorted, repeated, extreme) round-trips; when a delta overflows
/// the scale is 1.
enum TimestampEncoding {
    static func encode(_ timestamps: [Int64], into writer: inout ByteWriter) {
        guard let first = timestamps.first else { return }
        writer.u64(UInt64(bitPattern: first))
        guard timestamps.count >= 2 else { return }
        var scale: UInt64 = 0
        var overflow = false
        for i in 1..<timestamps.count {
            let (delta, overflowed) = timestamps[i].subtractingReportingOverflow(timestamps[i - 1])
            if overflowed { overflow = true; break }
            scale = gcd(scale, delta.magnitude)
        }
        if overflow || scale == 0 || scale > UInt64(Int64.max) { scale = 1 }
        let divisor = Int64(scale)
        var runs: [(delta: Int64, length: UInt64)] = []
        for i in 1..<timestamps.count {
            let delta = (timestamps[i] &- timestamps[i - 1]) / divisor
            if let last = runs.last, last.delta == delta {
                runs[runs.count - 1].length += 1
            } else {
                runs.append((delta, 1))
            }
        }
        writer.varint(scale)
        writer.varint(UInt64(runs.count))
        for run in runs {
            writer.varint(zigzag(run.delta))
            writer.varint(run.length)
        }
    }

    /// Decodes `rows` timestamps from the whole of `section`.
    static func decode(_ section: UnsafeRawBufferPointer, rows: Int, file: String) throws(SignalStoreError) -> [Int64] {
        var reader = ByteReader(section, file: file)
        guard rows > 0 else {
            guard section.isEmpty else { throw reader.damaged("timestamp section has bytes but the file has no rows") }
            return []
        }
        var timestamps: [Int64] = []
        timestamps.reserveCapacity(rows)
        var current = Int64(bitPattern: try reader.u64("first timestamp"))
        timestamps.append(current)
        if rows >= 2 {
            let scale = try reader.varint("timestamp scale")
            guard scale >= 1, scale <= UInt64(Int64.max) else { throw reader.damaged("timestamp scale \(scale) is out of range") }
            let runCount = try reader.varint("timestamp run count")
            guard runCount <= UInt64(rows - 1) else {
                throw reader.damaged("\(runCount) timestamp runs for \(rows) rows")
            }
            for _ in 0..<Int(runCount) {
                let step = unzigzag(try reader.varint("timestamp delta")) &* Int64(scale)
                let length = try reader.varint("timestamp run length")
                guard length >= 1, length <= UInt64(rows - timestamps.count) else {
                    throw reader.damaged("timestamp runs cover more than \(rows) rows")
                }
                for _ in 0..<Int(length) {
                    current &+= step
                    timestamps.append(current)
                }
            }
        }
        guard timestamps.count == rows else {
            throw reader.damaged("timestamp runs cover \(timestamps.count) of \(rows) rows")
        }
        guard reader.remaining == 0 else { throw reader.damaged("\(reader.remaining) stray bytes after the timestamps") }
        return timestamps
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
