/// Equality for result values that may hold NaN: NaN equals NaN here, as in
/// Metrics' `PerformanceSummary`, so two runs with the same inputs compare equal.
///
/// ```swift
/// sameValue(.nan, .nan)   // true
/// sameValue(0.0, -0.0)    // true
/// ```
@inline(__always)
func sameValue(_ a: Double, _ b: Double) -> Bool {
    a == b || (a.isNaN && b.isNaN)
}

/// Element-wise ``sameValue(_:_:)`` of two arrays of equal length.
func sameValues(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { sameValue($0, $1) }
}
