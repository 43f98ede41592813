/// A date or date-time from the config, kept as written and as UTC epoch seconds.
///
/// ```yaml
/// start_date: "2022-01-01"             # epochSeconds 1640995200, hasTime false
/// end_date: "2023-12-31T16:00:00Z"     # hasTime true
/// test_start: 2023-01-01 09:30:00-05:00
/// ```
///
/// Accepted forms: `YYYY-MM-DD`, and `YYYY-MM-DD` followed by `T`, `t` or one space, then
/// `HH:MM` or `HH:MM:SS` with an optional fraction (dropped: epoch seconds are whole), then an
/// optional zone `Z`, `±HH`, `±HHMM` or `±HH:MM`. No zone means UTC.
public struct ConfigDate: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    /// The text as written.
    public let text: String
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// Whether a time of day was written (otherwise the date's midnight UTC).
    public let hasTime: Bool

    public init(text: String, epochSeconds: Int64, hasTime: Bool) {
        self.text = text
        self.epochSeconds = epochSeconds
        self.hasTime = hasTime
    }

    public var description: String { text }

    public static func < (lhs: ConfigDate, rhs: ConfigDate) -> Bool {
        lhs.epochSeconds < rhs.epochSeconds
    }

    /// Parses `text`, or returns `nil` when it is not a valid date (month 13, Feb 30, …).
    public static func parse(_ text: String) -> ConfigDate? {
        let characters = Array(text)
        var reader = DigitReader(characters: characters)
        guard let year = reader.digits(4), reader.expect("-"),
              let month = reader.digits(2), reader.expect("-"),
              let day = reader.digits(2),
              (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day) else { return nil }
        var seconds = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if reader.atEnd { return ConfigDate(text: text, epochSeconds: seconds, hasTime: false) }
        guard reader.expect("T") || reader.expect("t") || reader.expect(" "),
              let hour = reader.digits(2), reader.expect(":"), let minute = reader.digits(2),
              hour < 24, minute < 60 else { return nil }
        var second = 0
        if reader.expect(":") {
            guard let value = reader.digits(2), value < 60 else { return nil }
            second = value
            if reader.expect(".") {
                guard reader.skipDigits() > 0 else { return nil }
            }
        }
        seconds += Int64(hour * 3600 + minute * 60 + second)
        if reader.expect("Z") || reader.expect("z") {
            // UTC
        } else if let sign = reader.sign() {
            guard let zoneHours = reader.digits(2), zoneHours <= 14 else { return nil }
            var zoneMinutes = 0
            if reader.expect(":") {
                guard let value = reader.digits(2) else { return nil }
                zoneMinutes = value
            } else if let value = reader.digits(2) {
                zoneMinutes = value
            }
            guard zoneMinutes < 60 else { return nil }
            seconds -= Int64(sign * (zoneHours * 3600 + zoneMinutes * 60))
        }
        guard reader.atEnd else { return nil }
        return ConfigDate(text: text, epochSeconds: seconds, hasTime: true)
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A cursor over ASCII digits and separators, for `ConfigDate.parse`.
private struct DigitReader {
    let characters: [Character]
    var index = 0

    var atEnd: Bool { index == characters.count }

    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= characters.count else { return nil }
        var value = 0
        for offset in 0..<count {
            guard let digit = characters[index + offset].wholeNumberValue,
                  characters[index + offset].isASCII else { return nil }
            value = value * 10 + digit
        }
        index += count
        return value
    }

    mutating func skipDigits() -> Int {
        var count = 0
        while index < characters.count, characters[index].isASCII, characters[index].isNumber {
            index += 1
            count += 1
        }
        return count
    }

    mutating func expect(_ character: Character) -> Bool {
        guard index < characters.count, characters[index] == character else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int? {
        if expect("+") { return 1 }
        if expect("-") { return -1 }
        return nil
    }
}

extension ConfigNode {
    /// A date (`2022-01-01`) or ISO date-time (`2022-01-01T09:30:00Z`), quoted or not.
    public func date() throws -> ConfigDate {
        let text = try string()
        guard let date = ConfigDate.parse(text) else {
            throw error("expected a date YYYY-MM-DD or an ISO date-time, found \(foundDescription)",
                        hint: "e.g. \"2022-01-01\" or \"2022-01-01T09:30:00Z\"")
        }
        return date
    }
}
