import Reports

/// A whole number from stored or configured data, or nil when it is not one — never a trap
/// (`Int(Double)` traps on NaN, infinities and values beyond `Int`).
func wholeNumber(_ value: Double?) -> Int? {
    guard let value, value.isFinite, abs(value) < 1e15 else { return nil }
    return Int(value.rounded())
}

extension JSONValue {
    /// The number, when this is a finite number (`null` and non-finite values are absent).
    var finiteNumber: Double? {
        guard case .number(let value) = self, value.isFinite else { return nil }
        return value
    }

    /// The number rounded to a whole number (see ``wholeNumber(_:)``), when this is one.
    var wholeNumber: Int? { Workflow.wholeNumber(finiteNumber) }
}
