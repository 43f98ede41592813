/// Argument checks shared by the indicators. Invalid arguments are caller bugs
/// (configuration validation rejects them upstream), so they stop with a precondition.
enum Validate {
    /// Stops unless `period` is at least 1.
    @inline(__always)
    static func period(_ period: Int, _ name: StaticString, label: StaticString = "period") {
        precondition(period > 0, "Indicators.\(name): \(label) must be at least 1, got \(period)")
    }

    /// Stops unless the two series have the same length.
    @inline(__always)
    static func sameLength(_ name: StaticString, _ a: Int, _ b: Int) {
        precondition(a == b, "Indicators.\(name): input series differ in length (\(a) vs \(b))")
    }

    /// Stops unless the three series have the same length.
    @inline(__always)
    static func sameLength(_ name: StaticString, _ a: Int, _ b: Int, _ c: Int) {
        precondition(a == b && b == c,
                     "Indicators.\(name): input series differ in length (\(a), \(b), \(c))")
    }

    /// Stops unless the four series have the same length.
    @inline(__always)
    static func sameLength(_ name: StaticString, _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        precondition(a == b && b == c && c == d,
                     "Indicators.\(name): input series differ in length (\(a), \(b), \(c), \(d))")
    }
}
