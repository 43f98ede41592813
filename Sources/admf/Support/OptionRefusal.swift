import ArgumentParser
import Foundation

/// A command-line value that cannot be used: one line `--option value: what is wrong and what
/// to give instead`, exit status 64 (a usage error), thrown before anything is written.
func refusal(_ option: String, _ value: String, _ reason: String) -> ValidationError {
    ValidationError(value.isEmpty ? "\(option): \(reason)" : "\(option) \(value): \(reason)")
}

/// A number from the command line as the user would have typed it: `-1`, `0.05`, `1e+20`, `inf`.
func shown(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    if abs(value) >= 1e15 { return String(format: "%g", value) }
    return value == value.rounded() ? String(Int64(value)) : "\(value)"
}

/// A count with thousands separators: `2015` → `2,015`.
func grouped(_ value: Int) -> String {
    let digits = Array(String(value.magnitude))
    var text = ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
        text.append(digit)
    }
    return value < 0 ? "-" + text : text
}
