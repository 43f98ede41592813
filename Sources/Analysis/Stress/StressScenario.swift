/// A named historical stress window: every bar with `start ≤ timestamp ≤ end`
/// (UTC seconds since 1970-01-01, both ends inclusive).
///
/// ``days(_:from:through:)`` builds one from calendar dates: `start` is 00:00:00 UTC
/// of the first day and `end` 23:59:59 UTC of the last, so daily bars stamped at
/// any time of those days fall inside. Dates are proleptic Gregorian (the
/// days-from-civil algorithm of H. Hinnant, "chrono-compatible low-level date
/// algorithms").
///
/// The presets are the S&P 500's closing peak-to-trough windows:
/// ``dotComBust`` 2000-03-24 → 2002-10-09, ``globalFinancialCrisis`` 2007-10-09 →
/// 2009-03-09, ``covidCrash`` 2020-02-19 → 2020-03-23, ``rateShock2022``
/// 2022-01-03 → 2022-10-12.
///
/// ```swift
/// let covid = StressScenario.days("covid", from: (2020, 2, 19), through: (2020, 3, 23))
/// covid.start   // 1_582_070_400
/// covid.contains(1_584_921_600)   // 2020-03-23 00:00 UTC → true
/// ```
public struct StressScenario: Sendable, Equatable, Hashable {
    public var name: String
    /// The first second of the window (inclusive).
    public var start: Int64
    /// The last second of the window (inclusive).
    public var end: Int64

    public init(name: String, start: Int64, end: Int64) {
        self.name = name
        self.start = start
        self.end = end
    }

    /// Whether `timestamp` lies in `[start, end]`.
    public func contains(_ timestamp: Int64) -> Bool {
        timestamp >= start && timestamp <= end
    }

    /// The window from 00:00:00 UTC of `from` to 23:59:59 UTC of `through`,
    /// each a `(year, month, day)`.
    public static func days(_ name: String, from: (Int, Int, Int), through: (Int, Int, Int)) -> StressScenario {
        let first = daysSinceEpoch(year: from.0, month: from.1, day: from.2)
        let last = daysSinceEpoch(year: through.0, month: through.1, day: through.2)
        return StressScenario(name: name, start: first * 86_400, end: (last + 1) * 86_400 - 1)
    }

    public static let dotComBust = days("dot_com_bust", from: (2000, 3, 24), through: (2002, 10, 9))
    public static let globalFinancialCrisis = days("global_financial_crisis", from: (2007, 10, 9), through: (2009, 3, 9))
    public static let covidCrash = days("covid_crash", from: (2020, 2, 19), through: (2020, 3, 23))
    public static let rateShock2022 = days("rate_shock_2022", from: (2022, 1, 3), through: (2022, 10, 12))

    /// The four presets, oldest first.
    public static let historical = [dotComBust, globalFinancialCrisis, covidCrash, rateShock2022]

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
