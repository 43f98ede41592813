#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The row loop shared by the loader and the inspector: split, parse, validate, keep or drop.
///
/// The body is read through the document's ``ChunkedFileReader`` a buffer at a time and
/// parsed straight into the column arrays, which are reserved from an estimate of the
/// row count: no whole-file buffer, no row objects, no `String` per field. Valid rows
/// take a fast path with no allocation (see ``plainRow(_:_:_:_:_:_:)``). A row with any
/// problem is re-examined on a slow path that words every problem it has (see
/// ``BarValidator``). How problems are handled is the caller's choice:
///
/// - ``Mode/stopAtFirst``: stop at the first problem in the file (the default loader).
/// - ``Mode/firstPerRow``: drop every row that has a problem and record its first one.
/// - ``Mode/allPerRow``: drop such rows and record all of their problems (inspection).
///
/// Timestamp order is checked against the last *kept* row, so after a dropped
/// row the next row is compared with the row before it, and of several rows with
/// the same time the first valid one is kept. A line of ``ChunkedFileReader/maxLineLength``
/// bytes or more is a problem of its own and is skipped without being buffered.
struct CSVRowScanner {
    enum Mode {
        case stopAtFirst
        case firstPerRow
        case allPerRow
    }

    /// The columns of the kept rows, plus what was found on the way.
    struct Output {
        var timestamps: [Int64] = []
        /// The price and volume columns (left empty unless requested).
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
    /// Whether to record the line number of each kept row.
    let keepLines: Bool
    /// Whether to keep the price and volume columns; inspection needs only times and
    /// lines, and not keeping five columns it never reads saves most of its memory.
    var keepPrices = true

    /// Reads the rest of the document. Throws only when the file cannot be read on.
    func scan() throws(MarketDataError) -> Output {
        let header = document.header
        let reader = document.reader
        var state = RowState(header: header, mode: mode, keepLines: keepLines, keepPrices: keepPrices)
        state.reserve(document.estimatedRows)
        let roleList = header.roleOfColumn
        let roles = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: roleList.count)
        defer { roles.deallocate() }
        _ = roles.initialize(from: roleList)
        let roleView = UnsafeBufferPointer(roles)
        var line = document.headerLine

        while true {
            let bytes = reader.bytes
            let end = bytes.count
            var position = reader.start
            if let base = bytes.baseAddress {
                while position < end {
                    let newline = Self.findNewline(base, from: position, to: end)
                    if newline == end, !reader.atEOF { break }  // a partial line: read more first
                    line += 1
                    if newline - position >= reader.maxLineLength {
                        state.refuse(RowShape.tooLong(limit: reader.maxLineLength), line: line)
                    } else {
                        var lineEnd = newline
                        if lineEnd > position, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                        state.row(bytes, position, lineEnd, line: line, roles: roleView)
                    }
                    position = newline + 1
                    if state.out.stopped { return state.out }
                }
            }
            reader.consume(to: position)
            if reader.atEOF, reader.pending == 0 { return state.out }
            if reader.pending >= reader.maxLineLength {
                line += 1
                state.refuse(RowShape.tooLong(limit: reader.maxLineLength), line: line)
                if state.out.stopped { return state.out }
                try reader.discardLine()
                continue
            }
            try reader.refill()
        }
    }

    @inline(__always)
    static func findNewline(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let hit = memchr(base + from, 0x0A, to - from) else { return to }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}

/// The scanner's running state: the output so far and the last kept row.
struct RowState {
    var out = CSVRowScanner.Output()
    let validator: BarValidator
    let mode: CSVRowScanner.Mode
    let keepLines: Bool
    let keepPrices: Bool
    let lastNeeded: Int
    let fieldCount: Int
    let hasTime: Bool
    let hasVolume: Bool
    var lastKept: Int64 = .min
    var lastKeptLine = 0
    var hasKept = false

    /// The reason recorded if the validator finds nothing wrong with a row the scanner refused.
    static let unexplained = "row refused without a stated reason (a bug: please report it)"

    init(header: CSVHeader, mode: CSVRowScanner.Mode, keepLines: Bool, keepPrices: Bool) {
        validator = BarValidator(header: header)
        self.mode = mode
        self.keepLines = keepLines
        self.keepPrices = keepPrices
        lastNeeded = header.lastNeededColumn
        fieldCount = header.fields.count
        hasTime = header.timeOfDay != nil
        hasVolume = header.volume != nil
    }

    /// Reserves room for about `rows` kept rows in every column that is kept.
    mutating func reserve(_ rows: Int) {
        guard rows > 0 else { return }
        out.timestamps.reserveCapacity(rows)
        if keepPrices {
            out.open.reserveCapacity(rows)
            out.high.reserveCapacity(rows)
            out.low.reserveCapacity(rows)
            out.close.reserveCapacity(rows)
            out.volume.reserveCapacity(rows)
        }
        if keepLines { out.lines.reserveCapacity(rows) }
    }

    /// Handles one line (without its line break).
    @inline(__always)
    mutating func row(
        _ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, line: Int,
        roles: UnsafeBufferPointer<UInt8>
    ) {
        // Fast path: one pass over a plain row (no quotes, spaces or unusual numbers).
        if let row = CSVRowScanner.plainRow(bytes, lineStart, lineEnd, roles, lastNeeded, fieldCount),
            row.high >= row.low, row.high >= max(row.open, row.close), row.low <= min(row.open, row.close),
            row.open > 0, row.low > 0, row.volume >= 0, !hasKept || row.timestamp > lastKept
        {
            out.dataRows += 1
            keep(row, line: line)
            return
        }
        generalRow(bytes, lineStart, lineEnd, line: line, roles: roles)
    }

    /// The general path: a blank line holds no bar; otherwise split every field (RFC 4180 quoting).
    ///
    /// Kept out of line on purpose: the fast path in ``row(_:_:_:line:roles:)`` then inlines
    /// into the scan loop, which made loading `spy_1m.csv` about 5% faster.
    @inline(never)
    mutating func generalRow(
        _ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, line: Int,
        roles: UnsafeBufferPointer<UInt8>
    ) {
        var k = lineStart
        while k < lineEnd, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
        if k == lineEnd { return }
        out.dataRows += 1
        var ranges = FieldRanges()
        var shape = RowShape(fieldCount: 0, unclosedQuoteColumn: nil)
        var position = lineStart
        while true {
            let field = CSVFields.field(bytes, from: position, lineEnd: lineEnd)
            if field.unclosedQuote { shape.unclosedQuoteColumn = shape.fieldCount }
            if shape.fieldCount < roles.count { ranges.set(roles[shape.fieldCount], field.start, field.end) }
            shape.fieldCount += 1
            if field.next > lineEnd { break }
            position = field.next
        }

        // Parse with trimming and check; any failure goes to the validator for wording.
        if shape.unclosedQuoteColumn == nil, shape.fieldCount == fieldCount,
            let row = parsed(bytes, ranges), !hasKept || row.timestamp > lastKept
        {
            keep(row, line: line)
            return
        }
        let found = validator.problems(
            bytes: bytes, ranges: ranges, shape: shape, lineStart: lineStart, lineEnd: lineEnd, line: line,
            previous: hasKept ? (lastKept, lastKeptLine) : nil, all: mode == .allPerRow)
        record(found, line: line)
    }

    /// The row's values when every field parses and the prices are consistent, else `nil`.
    @inline(__always)
    private func parsed(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: FieldRanges) -> CSVRowScanner.PlainRow? {
        guard let t = CSVRowScanner.timestamp(bytes, ranges, hasTime) else { return nil }
        func price(_ role: UInt8) -> Double? {
            guard case .value(let x) = FieldParsing.parseNumber(bytes, ranges.start(role), ranges.end(role)), x > 0
            else { return nil }
            return x
        }
        guard let o = price(CSVRole.open), let h = price(CSVRole.high), let l = price(CSVRole.low),
            let c = price(CSVRole.close)
        else { return nil }
        var v = 0.0
        if hasVolume {
            guard case .value(let x) = FieldParsing.parseNumber(
                bytes, ranges.start(CSVRole.volume), ranges.end(CSVRole.volume)), x >= 0
            else { return nil }
            v = x
        }
        guard h >= l, h >= max(o, c), l <= min(o, c) else { return nil }
        return CSVRowScanner.PlainRow(timestamp: t, open: o, high: h, low: l, close: c, volume: v)
    }

    @inline(__always)
    private mutating func keep(_ row: CSVRowScanner.PlainRow, line: Int) {
        out.timestamps.append(row.timestamp)
        if keepPrices {
            out.open.append(row.open)
            out.high.append(row.high)
            out.low.append(row.low)
            out.close.append(row.close)
            out.volume.append(row.volume)
        }
        if keepLines { out.lines.append(line) }
        lastKept = row.timestamp
        lastKeptLine = line
        hasKept = true
    }

    /// Records a line that is refused as a whole (it is counted as a data row).
    mutating func refuse(_ reason: String, line: Int) {
        out.dataRows += 1
        record([DataProblem(line: line, field: nil, reason: reason)], line: line)
    }

    private mutating func record(_ found: [DataProblem], line: Int) {
        out.invalidRows += 1
        // Never drop a row silently: the scanner and the validator apply the same rules,
        // so this fallback only shows if they ever disagree (the fuzz test looks for it).
        let found = found.isEmpty ? [DataProblem(line: line, field: nil, reason: RowState.unexplained)] : found
        switch mode {
        case .stopAtFirst:
            out.problems.append(contentsOf: found.prefix(1))
            out.stopped = true
        case .firstPerRow:
            out.problems.append(contentsOf: found.prefix(1))
        case .allPerRow:
            out.problems.append(contentsOf: found)
        }
    }
}
