extension CSVRowScanner {
    /// The parsed fields of a row.
    struct PlainRow {
        var timestamp: Int64 = 0
        var open = 0.0
        var high = 0.0
        var low = 0.0
        var close = 0.0
        var volume = 0.0
    }

    /// Parses a row in one pass when every needed field is plain (unquoted, unpadded, unsigned
    /// decimals within the exact fast path) and the row has exactly `fieldCount` fields;
    /// `nil` sends the row to the general path, which decides and words what is wrong.
    ///
    /// A `"` anywhere in an unused column also sends the row to the general path: a quoted
    /// field may hold commas, and only the general path splits by RFC 4180.
    @inline(__always)
    static func plainRow(
        _ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, _ roles: UnsafeBufferPointer<UInt8>,
        _ lastNeeded: Int, _ fieldCount: Int
    ) -> PlainRow? {
        var row = PlainRow()
        var timeOfDay: Int64 = 0
        var p = lineStart
        for column in 0...lastNeeded {
            let role = roles[column]
            if role >= CSVRole.open, role <= CSVRole.volume {
                guard let (value, end) = FieldParsing.fastUnsignedNumber(bytes, p, lineEnd) else { return nil }
                switch role {
                case CSVRole.open: row.open = value
                case CSVRole.high: row.high = value
                case CSVRole.low: row.low = value
                case CSVRole.close: row.close = value
                default: row.volume = value
                }
                p = end
            } else {
                var end = p
                while end < lineEnd, bytes[end] != 0x2C {
                    if bytes[end] == 0x22 { return nil }
                    end += 1
                }
                if role == CSVRole.timestamp {
                    guard let t = Timestamps.parse(bytes: UnsafeBufferPointer(rebasing: bytes[p..<end])) else { return nil }
                    row.timestamp = t
                } else if role == CSVRole.timeOfDay {
                    guard let t = Timestamps.parseTimeOfDay(bytes: UnsafeBufferPointer(rebasing: bytes[p..<end])) else {
                        return nil
                    }
                    timeOfDay = t
                }
                p = end
            }
            if column < lastNeeded {
                guard p < lineEnd, bytes[p] == 0x2C else { return nil }
                p += 1
            }
        }
        // The unused columns after the last needed one: count them, exactly.
        var extra = 0
        while p < lineEnd {
            let c = bytes[p]
            if c == 0x2C {
                extra += 1
            } else if c == 0x22 || extra == 0 {
                return nil  // a quote, or the last needed field did not end at a comma
            }
            p += 1
        }
        guard extra == fieldCount - 1 - lastNeeded else { return nil }
        row.timestamp += timeOfDay
        return row
    }

    /// The bar time of a row: the timestamp field, plus the time-of-day field when the header has one.
    @inline(__always)
    static func timestamp(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: FieldRanges, _ hasTime: Bool) -> Int64? {
        guard let date = timestampField(bytes, ranges.start(CSVRole.timestamp), ranges.end(CSVRole.timestamp)) else {
            return nil
        }
        guard hasTime else { return date }
        guard let time = timeField(bytes, ranges.start(CSVRole.timeOfDay), ranges.end(CSVRole.timeOfDay)) else {
            return nil
        }
        return date + time
    }

    @inline(__always)
    static func timestampField(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var lo = start
        var hi = end
        guard lo >= 0 else { return nil }
        FieldParsing.trim(bytes, &lo, &hi)
        return Timestamps.parse(bytes: UnsafeBufferPointer(rebasing: bytes[lo..<hi]))
    }

    @inline(__always)
    static func timeField(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var lo = start
        var hi = end
        guard lo >= 0 else { return nil }
        FieldParsing.trim(bytes, &lo, &hi)
        return Timestamps.parseTimeOfDay(bytes: UnsafeBufferPointer(rebasing: bytes[lo..<hi]))
    }
}
