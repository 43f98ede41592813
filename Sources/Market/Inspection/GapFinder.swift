/// Finds the breaks in a series that are much longer than its usual spacing.
///
/// The rule depends on the series' ``BarSpacing``:
///
/// - **intraday**: two consecutive bars on the same UTC day more than 5 × the median
///   spacing apart (a hole inside a session), or consecutive bars on different days
///   with at least two whole weekdays (Mon–Fri) missing between them — so nights,
///   weekends and a single-day holiday are normal, a week-long outage is a gap;
/// - **daily**: the same day rule (Thanksgiving or Good Friday are not gaps; the
///   four-day 9/11 closure is);
/// - with **weekend bars** (a seven-day market) any whole missing calendar day counts;
/// - **weekly**, **monthly**: more than 1.5 × the median apart (a missing period);
/// - **irregular**: more than 5 × the median apart.
enum GapFinder {
    static let intradayMultiple: Int64 = 5
    static let periodMultiple = 1.5

    static func gaps(timestamps: [Int64], lines: [Int], spacing: BarSpacing) -> [DataInspection.Gap] {
        guard timestamps.count >= 2, spacing.medianSeconds > 0 else { return [] }
        var found: [DataInspection.Gap] = []
        let median = spacing.medianSeconds
        for i in 1..<timestamps.count {
            let from = timestamps[i - 1]
            let to = timestamps[i]
            let isGap: Bool
            switch spacing.kind {
            case .intraday:
                let d1 = CivilCalendar.day(of: from)
                let d2 = CivilCalendar.day(of: to)
                isGap = d1 == d2
                    ? to - from > intradayMultiple * median
                    : missingDays(d1, d2, sevenDay: spacing.hasWeekendBars)
            case .daily:
                isGap = missingDays(CivilCalendar.day(of: from), CivilCalendar.day(of: to), sevenDay: spacing.hasWeekendBars)
            case .weekly, .monthly:
                isGap = Double(to - from) > periodMultiple * Double(median)
            case .irregular:
                isGap = to - from > intradayMultiple * median
            }
            if isGap {
                found.append(DataInspection.Gap(from: from, to: to, line: i < lines.count ? lines[i] : 0))
            }
        }
        return found
    }

    /// Whether the days strictly between `d1` and `d2` are more than a normal break.
    static func missingDays(_ d1: Int64, _ d2: Int64, sevenDay: Bool) -> Bool {
        let between = d2 - d1 - 1
        if between <= 0 { return false }
        if sevenDay { return true }
        if between > 14 { return true }
        var weekdays = 0
        var d = d1 + 1
        while d < d2 {
            if !CivilCalendar.isWeekend(day: d) { weekdays += 1 }
            d += 1
        }
        return weekdays >= 2
    }
}
