/// A bar timeframe such as `5m`, `1h` or `1d`, parsed from the many ways people write it.
///
/// Case, spaces, `_` and `-` are ignored. A count (default 1) is followed by a unit:
///
/// | unit | spellings |
/// |---|---|
/// | minutes | `m`, `min`, `mins`, `minute`, `minutes`, `t` |
/// | hours | `h`, `hr`, `hrs`, `hour`, `hours`, `hourly` |
/// | days | `d`, `day`, `days`, `daily` |
/// | weeks | `w`, `wk`, `week`, `weeks`, `weekly` |
/// | months | `mo`, `mon`, `mth`, `month`, `months`, `monthly` |
///
/// so `"1d"`, `"daily"`, `"1day"` and `"D"` are all one day. Because case is ignored,
/// `m` is always minutes; write `mo` for months. Counts are normalised:
/// `60m` is `1h`, `24h` is `1d`, `7d` is `1w`.
///
/// ```swift
/// Timeframe("5min")?.description    // "5m"
/// Timeframe("hourly") == Timeframe("60m")   // true
/// Timeframe("fortnight")            // nil
/// ```
public struct Timeframe: Sendable, Hashable, CustomStringConvertible {
    /// A timeframe unit; the raw value is its canonical suffix.
    public enum Unit: String, Sendable, Hashable {
        case minute = "m", hour = "h", day = "d", week = "w", month = "mo"
    }

    public var count: Int
    public var unit: Unit

    public init(count: Int, unit: Unit) {
        var count = count
        var unit = unit
        if unit == .minute, count % 60 == 0 { count /= 60; unit = .hour }
        if unit == .hour, count % 24 == 0 { count /= 24; unit = .day }
        if unit == .day, count % 7 == 0 { count /= 7; unit = .week }
        self.count = count
        self.unit = unit
    }

    /// Parses `text` by the table above; `nil` when it is not a timeframe.
    public init?(_ text: String) {
        let cleaned = text.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" }
        let digits = cleaned.prefix { $0.isASCII && $0.isNumber }
        let word = String(cleaned.dropFirst(digits.count))
        let count: Int
        if digits.isEmpty {
            count = 1
        } else {
            guard let parsed = Int(digits), parsed > 0 else { return nil }
            count = parsed
        }
        guard let unit = Self.units[word] else { return nil }
        self.init(count: count, unit: unit)
    }

    private static let units: [String: Unit] = [
        "m": .minute, "min": .minute, "mins": .minute, "minute": .minute, "minutes": .minute, "t": .minute,
        "h": .hour, "hr": .hour, "hrs": .hour, "hour": .hour, "hours": .hour, "hourly": .hour,
        "d": .day, "day": .day, "days": .day, "daily": .day,
        "w": .week, "wk": .week, "week": .week, "weeks": .week, "weekly": .week,
        "mo": .month, "mon": .month, "mth": .month, "month": .month, "months": .month, "monthly": .month,
    ]

    /// The nominal length in seconds (a month counts as 30 days).
    public var nominalSeconds: Int64 {
        let unitSeconds: Int64
        switch unit {
        case .minute: unitSeconds = 60
        case .hour: unitSeconds = 3600
        case .day: unitSeconds = 86_400
        case .week: unitSeconds = 604_800
        case .month: unitSeconds = 2_592_000
        }
        return Int64(count) * unitSeconds
    }

    /// The canonical spelling: `"1m"`, `"5m"`, `"1h"`, `"1d"`, `"1w"`, `"1mo"`.
    public var description: String { "\(count)\(unit.rawValue)" }
}
