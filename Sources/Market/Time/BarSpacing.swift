/// How far apart a series' bars are, and what that means for annualising.
///
/// Inferred from timestamps by this rule:
///
/// 1. `medianSeconds` is the median gap between consecutive timestamps (the upper
///    middle one for an even count); fewer than two timestamps give `.irregular`
///    with `medianSeconds` 0, one bar per session and 252 periods a year.
/// 2. The kind follows from the median: under 20 hours `.intraday`; 20 hours to
///    3.5 days `.daily`; 5 to 10 days `.weekly`; 25 to 35 days `.monthly`
///    (month-end dates, 28–31 days apart, are monthly); anything else `.irregular`.
/// 3. **Weekend bars** are present when at least 10% of the bars fall on a Saturday
///    or Sunday (UTC) — a market that trades every day, such as crypto. Stocks have
///    none; FX's few Sunday-evening bars stay under the threshold.
/// 4. `barsPerSession`: for `.intraday`, the median number of bars per UTC calendar
///    day (390 or 391 for US equities' regular session in 1-minute bars); 1 otherwise.
/// 5. `periodsPerYear`: `.daily` 252 (365 with weekend bars); `.intraday`
///    252 × `barsPerSession` (365 × with weekend bars); `.weekly` 52; `.monthly` 12;
///    `.irregular` the number of median gaps in 365.25 days.
///
/// ```swift
/// let spacing = BarSpacing.infer(timestamps: bars.timestamps)
/// spacing.kind            // .daily
/// spacing.periodsPerYear  // 252
/// print(spacing)          // daily (median 1d, 252 periods/year)
/// ```
public struct BarSpacing: Sendable, Equatable, CustomStringConvertible {
    /// The broad class of a series' bar spacing.
    public enum Kind: String, Sendable {
        case intraday, daily, weekly, monthly, irregular
    }

    public var kind: Kind
    /// The median gap between consecutive bars, in seconds.
    public var medianSeconds: Int64
    /// Bars per trading session (per UTC day for intraday data; 1 otherwise).
    public var barsPerSession: Double
    /// Bars per year, for annualising returns and volatility.
    public var periodsPerYear: Double
    /// Whether at least 10% of the bars fall on a weekend (a seven-day market).
    public var hasWeekendBars: Bool

    public init(kind: Kind, medianSeconds: Int64, barsPerSession: Double, periodsPerYear: Double, hasWeekendBars: Bool = false) {
        self.kind = kind
        self.medianSeconds = medianSeconds
        self.barsPerSession = barsPerSession
        self.periodsPerYear = periodsPerYear
        self.hasWeekendBars = hasWeekendBars
    }

    /// The share of weekend bars at or above which a market is taken to trade seven days a week.
    public static let weekendShareThreshold = 0.10

    /// Infers the spacing of ascending `timestamps` by the rule above.
    public static func infer(timestamps: [Int64]) -> BarSpacing {
        guard timestamps.count >= 2 else {
            return BarSpacing(kind: .irregular, medianSeconds: 0, barsPerSession: 1, periodsPerYear: 252)
        }
        var gaps: [Int64] = []
        gaps.reserveCapacity(timestamps.count - 1)
        for i in 1..<timestamps.count { gaps.append(timestamps[i] - timestamps[i - 1]) }
        gaps.sort()
        let median = gaps[gaps.count / 2]

        var weekendBars = 0
        for t in timestamps where CivilCalendar.isWeekend(day: CivilCalendar.day(of: t)) { weekendBars += 1 }
        let weekend = Double(weekendBars) / Double(timestamps.count) >= weekendShareThreshold
        let daysPerYear: Double = weekend ? 365 : 252

        let hour: Int64 = 3600
        let day: Int64 = 86_400
        switch median {
        case ..<(20 * hour):
            let perSession = medianBarsPerDay(timestamps)
            return BarSpacing(
                kind: .intraday, medianSeconds: median, barsPerSession: perSession,
                periodsPerYear: daysPerYear * perSession, hasWeekendBars: weekend)
        case (20 * hour)...(day * 7 / 2):
            return BarSpacing(
                kind: .daily, medianSeconds: median, barsPerSession: 1, periodsPerYear: daysPerYear,
                hasWeekendBars: weekend)
        case (5 * day)...(10 * day):
            return BarSpacing(kind: .weekly, medianSeconds: median, barsPerSession: 1, periodsPerYear: 52, hasWeekendBars: weekend)
        case (25 * day)...(35 * day):
            return BarSpacing(kind: .monthly, medianSeconds: median, barsPerSession: 1, periodsPerYear: 12, hasWeekendBars: weekend)
        default:
            let perYear = median > 0 ? 365.25 * Double(day) / Double(median) : 252
            return BarSpacing(kind: .irregular, medianSeconds: median, barsPerSession: 1, periodsPerYear: perYear, hasWeekendBars: weekend)
        }
    }

    /// The median count of bars per UTC calendar day (mean of the two middle counts for an even number of days).
    static func medianBarsPerDay(_ timestamps: [Int64]) -> Double {
        var counts: [Int] = []
        var currentDay = Int64.min
        for t in timestamps {
            let d = CivilCalendar.day(of: t)
            if d == currentDay, let last = counts.indices.last {
                counts[last] += 1
            } else {
                counts.append(1)
                currentDay = d
            }
        }
        guard !counts.isEmpty else { return 1 }
        counts.sort()
        let n = counts.count
        return n % 2 == 1 ? Double(counts[n / 2]) : Double(counts[n / 2 - 1] + counts[n / 2]) / 2
    }

    /// E.g. `"intraday 1m (391 bars/session, 98532 periods/year)"` or `"daily (median 1d, 252 periods/year)"`.
    public var description: String {
        let perYear = Self.formatNumber(periodsPerYear)
        let weekend = hasWeekendBars ? ", weekend bars" : ""
        switch kind {
        case .intraday:
            return "intraday \(Self.formatDuration(medianSeconds)) (\(Self.formatNumber(barsPerSession)) bars/session, \(perYear) periods/year\(weekend))"
        default:
            return "\(kind.rawValue) (median \(Self.formatDuration(medianSeconds)), \(perYear) periods/year\(weekend))"
        }
    }

    /// A duration as days, hours, minutes and seconds, zero parts left out: `"90s"` is `"1m30s"`,
    /// `"5m"`, `"1h"`, `"1d"`, `"2d1h"`, `"17h30m"`.
    public static func formatDuration(_ seconds: Int64) -> String {
        if seconds == 0 { return "0s" }
        var rest = seconds.magnitude
        var text = seconds < 0 ? "-" : ""
        for (unit, size) in [("d", UInt64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    static func formatNumber(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String((x * 100).rounded() / 100)
    }
}
