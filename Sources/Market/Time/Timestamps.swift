/// Parsing and formatting of bar timestamps, stored as UTC epoch seconds (`Int64`).
///
/// Accepted forms (leading/trailing spaces ignored):
///
/// | form | example | meaning |
/// |---|---|---|
/// | date | `2020-01-02` (or `2020/01/02`) | midnight UTC of that day |
/// | compact date | `20200102` (8 digits) | the same |
/// | date and time | `2020-01-02T14:30`, `2020-01-02 14:30:00`, `2020-01-02T14:30:00.250` | that UTC time |
/// | with a zone | `...Z`, `...+00:00`, `...-05:00`, `...+0530`, `...+05` | converted to UTC |
/// | epoch seconds | `1577975400` (9 or 10 digits) | as is |
/// | epoch milliseconds | `1577975400000` (13 digits) | divided by 1000, rounding down |
///
/// A time without a zone is taken as UTC. Fractions of a second are dropped
/// (rounded down): bars are stored to the second. Fields are range-checked
/// (month 1–12, day within the month, hour 0–23, minute and second 0–59).
///
/// ```swift
/// Timestamps.parse("2020-01-02")                  // 1577923200
/// Timestamps.parse("2020-01-02T09:30:00-05:00")   // 1577975400
/// Timestamps.format(1577975400)                   // "2020-01-02T14:30:00Z"
/// Timestamps.format(1577923200)                   // "2020-01-02"
/// ```
public enum Timestamps {
    /// UTC epoch seconds of `s`, or `nil` when it is not one of the accepted forms.
    public static func parse(_ s: Substring) -> Int64? {
        var text = s
        if let fast = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) {
            return fast
        }
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) ?? nil
    }

    /// `parse` for a whole string.
    public static func parse(_ s: String) -> Int64? {
        parse(s[...])
    }

    /// A date given in a configuration file or on the command line: `2020-01-02`
    /// or any full form that ``parse(_:)-(Substring)`` accepts.
    public static func parseDate(_ s: String) -> Int64? {
        parse(s[...])
    }

    /// `"2020-01-02"` for a timestamp at midnight UTC, else `"2020-01-02T14:30:00Z"`.
    public static func format(_ t: Int64) -> String {
        let day = CivilCalendar.day(of: t)
        let secondOfDay = t - day * CivilCalendar.secondsPerDay
        let (y, m, d) = CivilCalendar.civilFromDays(day)
        var text = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
        if secondOfDay != 0 {
            let hh = secondOfDay / 3600
            let mm = (secondOfDay % 3600) / 60
            let ss = secondOfDay % 60
            text += "T" + pad(hh, 2) + ":" + pad(mm, 2) + ":" + pad(ss, 2) + "Z"
        }
        return text
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
        return value < 0 ? "-" + padded : padded
    }

    // MARK: - Byte-level parsing (the loader's hot path)

    /// Parses the accepted forms from raw UTF-8 bytes; no allocation.
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        let n = hi - lo
        guard n > 0 else { return nil }

        // All digits: compact date or epoch.
        var allDigits = true
        for i in lo..<hi where !isDigit(bytes[i]) {
            allDigits = false
            break
        }
        if allDigits {
            switch n {
            case 8:
                let y = number(bytes, lo, 4)
                let m = number(bytes, lo + 4, 2)
                let d = number(bytes, lo + 6, 2)
                guard validDate(y, m, d) else { return nil }
                return CivilCalendar.daysFromCivil(year: y, month: m, day: d) * CivilCalendar.secondsPerDay
            case 9, 10:
                return number(bytes, lo, n)
            case 13:
                return CivilCalendar.floorDiv(number(bytes, lo, n), 1000)
            default:
                return nil
            }
        }

        // YYYY-MM-DD (or YYYY/MM/DD).
        guard n >= 10, isDigit4(bytes, lo), isDigit2(bytes, lo + 5), isDigit2(bytes, lo + 8) else { return nil }
        let sep = bytes[lo + 4]
        guard sep == 0x2D || sep == 0x2F, bytes[lo + 7] == sep else { return nil }
        let y = number(bytes, lo, 4)
        let m = number(bytes, lo + 5, 2)
        let d = number(bytes, lo + 8, 2)
        guard validDate(y, m, d) else { return nil }
        let midnight = CivilCalendar.daysFromCivil(year: y, month: m, day: d) * CivilCalendar.secondsPerDay
        var i = lo + 10
        if i == hi { return midnight }

        // 'T' or ' ' then the time of day and an optional zone.
        guard bytes[i] == 0x54 || bytes[i] == 0x74 || bytes[i] == 0x20 else { return nil }
        i += 1
        guard let (secondOfDay, afterTime) = timeOfDay(bytes, i, hi) else { return nil }
        i = afterTime
        guard let (offset, afterZone) = zoneOffset(bytes, i, hi), afterZone == hi else { return nil }
        return midnight + secondOfDay - offset
    }

    /// Parses a time-of-day field on its own (`HH:MM[:SS[.fff]]`), for files with separate date and time columns.
    static func parseTimeOfDay(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        guard let (secondOfDay, end) = timeOfDay(bytes, lo, hi),
            let (offset, afterZone) = zoneOffset(bytes, end, hi), afterZone == hi
        else { return nil }
        return secondOfDay - offset
    }

    /// `HH:MM[:SS[.fraction]]` starting at `i`; returns seconds since midnight and the index after it.
    private static func timeOfDay(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ hi: Int) -> (Int64, Int)? {
        var i = start
        guard i + 5 <= hi, isDigit2(b, i), b[i + 2] == 0x3A, isDigit2(b, i + 3) else { return nil }
        let hh = number(b, i, 2)
        let mm = number(b, i + 3, 2)
        var ss: Int64 = 0
        i += 5
        if i + 3 <= hi, b[i] == 0x3A, isDigit2(b, i + 1) {
            ss = number(b, i + 1, 2)
            i += 3
            if i < hi, b[i] == 0x2E || b[i] == 0x2C {  // fraction: dropped
                i += 1
                let fractionStart = i
                while i < hi, isDigit(b[i]) { i += 1 }
                guard i > fractionStart else { return nil }
            }
        }
        guard hh < 24, mm < 60, ss < 60 else { return nil }
        return (hh * 3600 + mm * 60 + ss, i)
    }

    /// An optional zone starting at `i`: `Z`, `±HH:MM`, `±HHMM`, `±HH`, optionally after one space.
    /// Returns the offset east of UTC in seconds and the index after the zone.
    private static func zoneOffset(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ hi: Int) -> (Int64, Int)? {
        var i = start
        if i == hi { return (0, i) }
        if b[i] == 0x20, i + 1 < hi { i += 1 }
        if b[i] == 0x5A || b[i] == 0x7A { return (0, i + 1) }  // Z
        guard b[i] == 0x2B || b[i] == 0x2D else { return nil }
        let sign: Int64 = b[i] == 0x2D ? -1 : 1
        i += 1
        guard i + 2 <= hi, isDigit2(b, i) else { return nil }
        let oh = number(b, i, 2)
        i += 2
        var om: Int64 = 0
        if i + 3 <= hi, b[i] == 0x3A, isDigit2(b, i + 1) {
            om = number(b, i + 1, 2)
            i += 3
        } else if i + 2 <= hi, isDigit2(b, i) {
            om = number(b, i, 2)
            i += 2
        }
        guard oh <= 23, om < 60 else { return nil }
        return (sign * (oh * 3600 + om * 60), i)
    }

    @inline(__always)
    private static func validDate(_ y: Int64, _ m: Int64, _ d: Int64) -> Bool {
        m >= 1 && m <= 12 && d >= 1 && d <= CivilCalendar.daysInMonth(year: y, month: m)
    }

    @inline(__always)
    private static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    @inline(__always)
    private static func isDigit2(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        isDigit(b[i]) && isDigit(b[i + 1])
    }

    @inline(__always)
    private static func isDigit4(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        isDigit2(b, i) && isDigit2(b, i + 2)
    }

    /// The value of `count` ASCII digits at `i` (already checked to be digits).
    @inline(__always)
    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ count: Int) -> Int64 {
        var value: Int64 = 0
        for k in i..<(i + count) { value = value * 10 + Int64(b[k] &- 0x30) }
        return value
    }
}
