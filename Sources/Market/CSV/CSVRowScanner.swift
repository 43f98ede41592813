#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The row loop shared by the loader and the inspector: split, parse, validate, keep or drop.
///
/// Valid rows take a fast path with no allocation per row. A row with any problem
/// is re-examined on a slow path that words every problem it has (see
/// ``BarValidator``). How problems are handled is the caller's choice:
///
/// - ``Mode/stopAtFirst``: stop at the first problem in the file (the default loader).
/// - ``Mode/firstPerRow``: drop every row that has a problem and record its first one.
/// - ``Mode/allPerRow``: drop such rows and record all of their problems (inspection).
///
/// Timestamp order is checked against the last *kept* row, so after a dropped
/// row the next row is compared with the row before it, and of several rows with
/// the same time the first valid one is kept.
struct CSVRowScanner {
    enum Mode {
        case stopAtFirst
        case firstPerRow
        case allPerRow
    }

    /// The columns of the kept rows, plus what was found on the way.
    struct Output {
        var timestamps: [Int64] = []
        var open: [Double] = []
        var high: [Double] = []
        var low: [Double] = []
        var close: [Double] = []
        var volume: [Double] = []
        /// The line number of each kept row (only when requested).
        var lines: [Int] = []
        var problems: [DataProblem] = []
        /// Non-blank lines after the header.
        var dataRows = 0
        /// Rows that had at least one problem (and were not kept).
        var invalidRows = 0
        /// Whether scanning stopped at the first problem (``Mode/stopAtFirst`` only).
        var stopped = false
    }

    let document: CSVDocument
    let mode: Mode
    let keepLines: Bool

    func scan() -> Output {
        document.bytes.withUnsafeBufferPointer { scan(bytes: $0) }
    }

    private func scan(bytes: UnsafeBufferPointer<UInt8>) -> Output {
        var out = Output()
        let header = document.header
        let validator = BarValidator(header: header)
        let roles = header.roleOfColumn
        let lastNeeded = header.lastNeededColumn
        let hasTime = header.timeOfDay != nil
        let hasVolume = header.volume != nil
        let total = bytes.count
        guard let base = bytes.baseAddress else { return out }

        let expected = Self.countNewlines(base, from: document.bodyStart, to: total) + 1
        out.timestamps.reserveCapacity(expected)
        out.open.reserveCapacity(expected)
        out.high.reserveCapacity(expected)
        out.low.reserveCapacity(expected)
        out.close.reserveCapacity(expected)
        out.volume.reserveCapacity(expected)
        if keepLines { out.lines.reserveCapacity(expected) }

        var ranges = FieldRanges()
        var lastKept: Int64 = .min
        var lastKeptLine = 0
        var hasKept = false
        var line = document.headerLine
        var position = document.bodyStart

        roles.withUnsafeBufferPointer { roles in
            while position < total {
                line += 1
                let newline = Self.findNewline(base, from: position, to: total)
                let lineStart = position
                var lineEnd = newline
                if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                position = newline + 1

                // Fast path: one pass over a plain row (no quotes, spaces or unusual numbers).
                if let row = Self.plainRow(bytes, lineStart, lineEnd, roles, lastNeeded),
                    row.high >= row.low, row.high >= max(row.open, row.close), row.low <= min(row.open, row.close),
                    row.open > 0, row.low > 0, row.volume >= 0, !hasKept || row.timestamp > lastKept
                {
                    out.dataRows += 1
                    out.timestamps.append(row.timestamp)
                    out.open.append(row.open)
                    out.high.append(row.high)
                    out.low.append(row.low)
                    out.close.append(row.close)
                    out.volume.append(row.volume)
                    if keepLines { out.lines.append(line) }
                    lastKept = row.timestamp
                    lastKeptLine = line
                    hasKept = true
                    continue
                }

                // General path: split into the needed fields.
                var column = 0
                var fieldStart = lineStart
                var i = lineStart
                var blank = true
                while i < lineEnd {
                    let c = bytes[i]
                    if c == 0x2C {
                        if column < roles.count { ranges.set(roles[column], fieldStart, i) }
                        column += 1
                        fieldStart = i + 1
                        blank = false
                        if column > lastNeeded { break }
                    } else if blank, c != 0x20, c != 0x09 {
                        blank = false
                    }
                    i += 1
                }
                if blank { continue }  // an empty line (e.g. the last one) holds no bar
                out.dataRows += 1
                if column <= lastNeeded, column < roles.count {
                    ranges.set(roles[column], fieldStart, lineEnd)
                }
                let fieldCount = column + 1

                // Parse with trimming and check; any failure goes to the validator for wording.
                var ok = fieldCount > lastNeeded
                var t: Int64 = 0
                var o = 0.0, h = 0.0, l = 0.0, c = 0.0, v = 0.0
                if ok {
                    if let parsed = Self.timestamp(bytes, ranges, hasTime) { t = parsed } else { ok = false }
                }
                if ok, case .value(let x) = FieldParsing.parseNumber(bytes, ranges.start(CSVRole.open), ranges.end(CSVRole.open)), x > 0 { o = x } else { ok = false }
                if ok, case .value(let x) = FieldParsing.parseNumber(bytes, ranges.start(CSVRole.high), ranges.end(CSVRole.high)), x > 0 { h = x } else { ok = false }
                if ok, case .value(let x) = FieldParsing.parseNumber(bytes, ranges.start(CSVRole.low), ranges.end(CSVRole.low)), x > 0 { l = x } else { ok = false }
                if ok, case .value(let x) = FieldParsing.parseNumber(bytes, ranges.start(CSVRole.close), ranges.end(CSVRole.close)), x > 0 { c = x } else { ok = false }
                if ok, hasVolume {
                    if case .value(let x) = FieldParsing.parseNumber(bytes, ranges.start(CSVRole.volume), ranges.end(CSVRole.volume)), x >= 0 { v = x } else { ok = false }
                }
                if ok {
                    ok = h >= l && h >= max(o, c) && l <= min(o, c) && (!hasKept || t > lastKept)
                }

                if ok {
                    out.timestamps.append(t)
                    out.open.append(o)
                    out.high.append(h)
                    out.low.append(l)
                    out.close.append(c)
                    out.volume.append(v)
                    if keepLines { out.lines.append(line) }
                    lastKept = t
                    lastKeptLine = line
                    hasKept = true
                } else {
                    let found = validator.problems(
                        bytes: bytes, ranges: ranges, fieldCount: fieldCount, line: line,
                        previous: hasKept ? (lastKept, lastKeptLine) : nil,
                        all: mode == .allPerRow)
                    out.invalidRows += 1
                    switch mode {
                    case .stopAtFirst:
                        out.problems.append(contentsOf: found.prefix(1))
                        out.stopped = true
                        return
                    case .firstPerRow:
                        out.problems.append(contentsOf: found.prefix(1))
                    case .allPerRow:
                        out.problems.append(contentsOf: found)
                    }
                }
                ranges.reset()
            }
        }
        return out
    }

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
    /// decimals within the exact fast path); `nil` sends the row to the general path.
    @inline(__always)
    static func plainRow(
        _ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, _ roles: UnsafeBufferPointer<UInt8>,
        _ lastNeeded: Int
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
                while end < lineEnd, bytes[end] != 0x2C { end += 1 }
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
            } else {
                guard p == lineEnd || bytes[p] == 0x2C else { return nil }
            }
        }
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

    @inline(__always)
    private static func findNewline(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let hit = memchr(base + from, 0x0A, to - from) else { return to }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    private static func countNewlines(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var count = 0
        var position = from
        while position < to {
            position = findNewline(base, from: position, to: to) + 1
            count += 1
        }
        return count
    }
}

/// Where each role's field lies in the current line (`-1` when the row has no such field).
struct FieldRanges {
    private var starts = (-1, -1, -1, -1, -1, -1, -1)
    private var ends = (-1, -1, -1, -1, -1, -1, -1)

    @inline(__always)
    mutating func set(_ role: UInt8, _ start: Int, _ end: Int) {
        switch role {
        case 0: starts.0 = start; ends.0 = end
        case 1: starts.1 = start; ends.1 = end
        case 2: starts.2 = start; ends.2 = end
        case 3: starts.3 = start; ends.3 = end
        case 4: starts.4 = start; ends.4 = end
        case 5: starts.5 = start; ends.5 = end
        case 6: starts.6 = start; ends.6 = end
        default: break
        }
    }

    @inline(__always)
    func start(_ role: UInt8) -> Int {
        switch role {
        case 0: return starts.0
        case 1: return starts.1
        case 2: return starts.2
        case 3: return starts.3
        case 4: return starts.4
        case 5: return starts.5
        default: return starts.6
        }
    }

    @inline(__always)
    func end(_ role: UInt8) -> Int {
        switch role {
        case 0: return ends.0
        case 1: return ends.1
        case 2: return ends.2
        case 3: return ends.3
        case 4: return ends.4
        case 5: return ends.5
        default: return ends.6
        }
    }

    @inline(__always)
    func has(_ role: UInt8) -> Bool { start(role) >= 0 }

    @inline(__always)
    mutating func reset() { self = FieldRanges() }
}
