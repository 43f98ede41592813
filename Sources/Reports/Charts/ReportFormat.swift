/// Deterministic, locale-free number formatting for reports and charts.
///
/// Nothing here consults the locale or Foundation's formatters: the same value
/// always gives the same characters, on every machine.
///
/// ```swift
/// ReportFormat.fixed(1234.5, decimals: 2, grouping: true)   // "1,234.50"
/// ReportFormat.percent(0.1234, decimals: 1)                 // "12.3%"
/// ReportFormat.shortest(0.1)                                // "0.1"
/// ```
public enum ReportFormat {
    /// `value` rounded half away from zero to `decimals` places (0…12), with optional
    /// thousands separators. Never prints `-0`. Non-finite values give "NaN", "inf", "-inf".
    public static func fixed(_ value: Double, decimals: Int, grouping: Bool = false) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let places = max(0, min(decimals, 12))
        let scale = powerOfTen(places)
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else {
            // Too large for exact integer arithmetic: the shortest round-trip form.
            return shortest(value)
        }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = units / divisor
        let fraction = units % divisor
        var text = grouping ? groupThousands(String(whole)) : String(whole)
        if places > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return value < 0 && units != 0 ? "-" + text : text
    }

    /// A fraction as a percentage: `0.1234` with 1 decimal is "12.3%".
    public static func percent(_ value: Double, decimals: Int, grouping: Bool = false) -> String {
        guard value.isFinite else { return nonFinite(value) }
        return fixed(value * 100, decimals: decimals, grouping: grouping) + "%"
    }

    /// An integer, optionally with thousands separators: "1,234,567".
    public static func integer(_ value: Int, grouping: Bool = true) -> String {
        let magnitude = String(value.magnitude)
        let text = grouping ? groupThousands(magnitude) : magnitude
        return value < 0 ? "-" + text : text
    }

    /// The shortest decimal that round-trips to `value` ("0.1", "1e-09", whole numbers
    /// without ".0"); the same rules as ``JSONValue/format(_:)``. Non-finite: "NaN", "inf", "-inf".
    public static func shortest(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        return JSONValue.format(value)
    }

    /// `value` in a chart's value format, with thousands separators.
    public static func format(_ value: Double, _ format: ValueFormat) -> String {
        switch format {
        case .number(let decimals): return fixed(value, decimals: decimals, grouping: true)
        case .percent(let decimals): return percent(value, decimals: decimals, grouping: true)
        }
    }

    static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf")
    }

    static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, exponent) { result *= 10 }
        return result
    }

    static func groupThousands(_ digits: String) -> String {
        let characters = Array(digits)
        guard characters.count > 3 else { return digits }
        var out = ""
        for (index, character) in characters.enumerated() {
            if index > 0, (characters.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}

/// How a chart prints values on its axis, in cells and in legends.
public enum ValueFormat: Sendable, Equatable {
    /// A plain number with thousands separators.
    case number(decimals: Int)
    /// A fraction shown as a percentage (0.05 → "5%").
    case percent(decimals: Int)

    /// Shorthand for `.number(decimals:)`.
    public static func number(_ decimals: Int) -> ValueFormat { .number(decimals: decimals) }
    /// Shorthand for `.percent(decimals:)`.
    public static func percent(_ decimals: Int) -> ValueFormat { .percent(decimals: decimals) }

    /// The same kind with another number of decimals.
    func with(decimals: Int) -> ValueFormat {
        switch self {
        case .number: return .number(decimals: decimals)
        case .percent: return .percent(decimals: decimals)
        }
    }

    /// Decimals needed to tell apart values that differ by `mantissa × 10^exponent`.
    func decimals(forExponent exponent: Int) -> Int {
        switch self {
        case .number: return max(0, -exponent)
        case .percent: return max(0, -(exponent + 2))
        }
    }
}
