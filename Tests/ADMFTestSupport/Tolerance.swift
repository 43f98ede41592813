/// Tolerance comparisons for numbers checked against reference libraries.
///
/// `a` and `b` agree when both are NaN, or `|a − b| ≤ absolute + relative·max(|a|, |b|)`.
public enum Tolerance {
    /// Whether two numbers agree within the tolerances (NaN agrees only with NaN).
    public static func agree(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b { return true }
        return abs(a - b) <= absolute + relative * max(abs(a), abs(b))
    }

    /// The first disagreement between two series as a readable message, or `nil` when they agree.
    ///
    /// ```swift
    /// #expect(Tolerance.firstMismatch(ours, reference, label: "sma_20") == nil)
    /// ```
    public static func firstMismatch(
        _ actual: [Double], _ expected: [Double], relative: Double = 1e-9,
        absolute: Double = 1e-12, label: String = ""
    ) -> String? {
        if actual.count != expected.count {
            return "\(label): length \(actual.count) != expected \(expected.count)"
        }
        for i in actual.indices where !agree(actual[i], expected[i], relative: relative, absolute: absolute) {
            return "\(label): index \(i): \(actual[i]) != expected \(expected[i])"
        }
        return nil
    }
}
