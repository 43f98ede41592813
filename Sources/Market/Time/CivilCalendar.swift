/// Conversions between UTC epoch seconds and proleptic Gregorian calendar fields.
///
/// Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms: exact for
/// every date, no Foundation, no time zones (everything in `Market` is UTC).
enum CivilCalendar {
    static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 of the given date (month 1...12, day 1...31).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of `days` since 1970-01-01.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }

    static func isLeapYear(_ year: Int64) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The UTC calendar day number (days since 1970-01-01) of a timestamp, rounding down.
    @inline(__always)
    static func day(of timestamp: Int64) -> Int64 {
        floorDiv(timestamp, secondsPerDay)
    }

    /// The UTC weekday of a day number: 0 = Sunday ... 6 = Saturday.
    @inline(__always)
    static func weekday(ofDay day: Int64) -> Int {
        Int(floorMod(day + 4, 7))  // 1970-01-01 was a Thursday
    }

    /// Whether a day number falls on Saturday or Sunday.
    @inline(__always)
    static func isWeekend(day: Int64) -> Bool {
        let w = weekday(ofDay: day)
        return w == 0 || w == 6
    }

    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    @inline(__always)
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        a - floorDiv(a, b) * b
    }
}
