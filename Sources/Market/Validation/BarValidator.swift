/// The rules a bar row must satisfy, and the wording of every way it can fail.
///
/// Checked in this order (a row's first problem is the one reported when loading
/// stops or a row is dropped; inspection reports all of them):
///
/// 1. the row has exactly as many fields as the header, and its quotes close (see ``RowShape``);
/// 2. the timestamp (and time-of-day column, if any) is present and parses (see ``Timestamps``);
/// 3. `open`, `high`, `low`, `close` are present, are plain decimal numbers, finite, and > 0;
///    `volume` (when the file has it) is present, a finite number and ≥ 0;
/// 4. `high ≥ low`, then `high ≥ max(open, close)`, then `low ≤ min(open, close)`
///    (only when all four prices are valid; when `high < low` only that is reported);
/// 5. the timestamp is later than the last kept row's: equal is a duplicate, earlier is out of order.
///
/// Nothing is repaired: a row either passes every rule or is rejected.
///
/// ```swift
/// // A row "2020-01-03,10.5,10.2,10.0,10.4,100" on line 17 fails rule 4:
/// // line 17: high 10.2 is below max(open, close) 10.5
/// ```
struct BarValidator {
    let header: CSVHeader

    /// Every problem of one row (or just the first when `all` is false), in the order above.
    func problems(
        bytes: UnsafeBufferPointer<UInt8>, ranges: FieldRanges, shape: RowShape, lineStart: Int, lineEnd: Int,
        line: Int, previous: (timestamp: Int64, line: Int)?, all: Bool
    ) -> [DataProblem] {
        var found: [DataProblem] = []
        func add(_ field: String?, _ reason: String) {
            found.append(DataProblem(line: line, field: field, reason: reason))
        }

        if let structural = shape.problem(header: header, bytes: bytes, lineStart: lineStart, lineEnd: lineEnd) {
            add(nil, structural)
            return found
        }

        // Timestamp.
        var timestamp: Int64?
        let tsText = text(bytes, ranges, CSVRole.timestamp)
        if tsText.isEmpty {
            add("timestamp", "timestamp is empty")
        } else if let date = CSVRowScanner.timestampField(
            bytes, ranges.start(CSVRole.timestamp), ranges.end(CSVRole.timestamp))
        {
            if header.timeOfDay != nil {
                let timeText = text(bytes, ranges, CSVRole.timeOfDay)
                if timeText.isEmpty {
                    add("time", "time is empty")
                } else if let time = CSVRowScanner.timeField(
                    bytes, ranges.start(CSVRole.timeOfDay), ranges.end(CSVRole.timeOfDay))
                {
                    timestamp = date + time
                } else {
                    add("time", "time '\(timeText)' is not a recognised time of day (expected HH:MM or HH:MM:SS)")
                }
            } else {
                timestamp = date
            }
        } else {
            add(
                "timestamp",
                "timestamp '\(tsText)' is not a recognised date or time "
                    + "(expected YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS with optional Z or ±HH:MM, or epoch seconds)")
        }
        if !all, !found.isEmpty { return found }

        // Numbers.
        func number(_ role: UInt8, _ name: String, allowZero: Bool) -> Double? {
            let fieldText = text(bytes, ranges, role)
            switch FieldParsing.parseNumber(bytes, ranges.start(role), ranges.end(role)) {
            case .empty:
                add(name, "\(name) is empty")
            case .invalid:
                add(name, "\(name) '\(fieldText)' is not a number")
            case .notFinite:
                add(name, "\(name) '\(fieldText)' is not a finite number")
            case .ambiguousGrouping:
                add(
                    name,
                    "\(name) '\(fieldText)' is ambiguous: a thousands separator or a decimal comma? "
                        + "write it without the comma")
            case .value(let x):
                if allowZero {
                    if x >= 0 { return x }
                    add(name, "\(name) \(fieldText) is negative")
                } else {
                    if x > 0 { return x }
                    add(name, "\(name) \(fieldText) is not positive")
                }
            }
            return nil
        }
        let open = number(CSVRole.open, "open", allowZero: false)
        if !all, !found.isEmpty { return found }
        let high = number(CSVRole.high, "high", allowZero: false)
        if !all, !found.isEmpty { return found }
        let low = number(CSVRole.low, "low", allowZero: false)
        if !all, !found.isEmpty { return found }
        let close = number(CSVRole.close, "close", allowZero: false)
        if !all, !found.isEmpty { return found }
        if header.volume != nil {
            _ = number(CSVRole.volume, "volume", allowZero: true)
            if !all, !found.isEmpty { return found }
        }

        // Price relationships.
        if let open, let high, let low, let close {
            let highText = text(bytes, ranges, CSVRole.high)
            let lowText = text(bytes, ranges, CSVRole.low)
            if high < low {
                add("high", "high \(highText) is below low \(lowText)")
            } else {
                if high < max(open, close) {
                    let top = open >= close ? text(bytes, ranges, CSVRole.open) : text(bytes, ranges, CSVRole.close)
                    add("high", "high \(highText) is below max(open, close) \(top)")
                    if !all { return found }
                }
                if low > min(open, close) {
                    let bottom = open <= close ? text(bytes, ranges, CSVRole.open) : text(bytes, ranges, CSVRole.close)
                    add("low", "low \(lowText) is above min(open, close) \(bottom)")
                }
            }
            if !all, !found.isEmpty { return found }
        }

        // Order.
        if let timestamp, let previous {
            if timestamp == previous.timestamp {
                add("timestamp", "duplicate timestamp \(Timestamps.format(timestamp)) (same as line \(previous.line))")
            } else if timestamp < previous.timestamp {
                add(
                    "timestamp",
                    "timestamp \(Timestamps.format(timestamp)) is earlier than \(Timestamps.format(previous.timestamp)) "
                        + "on line \(previous.line) (rows must be in ascending time order)")
            }
        }
        return found
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: FieldRanges, _ role: UInt8) -> String {
        guard ranges.has(role) else { return "" }
        return FieldParsing.text(bytes, ranges.start(role), ranges.end(role))
    }
}
