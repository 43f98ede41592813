/// A strategy parameter's declaration: name, kind, default and valid range.
///
/// Config validation and optimisers read these: a grid value or a random-search
/// range outside ``range`` is refused before anything runs, and an integer
/// parameter is sampled on integers.
///
/// ```swift
/// ParameterSpec("fast_period", .integer, default: 10, range: 2...500, "fast moving-average window (bars)")
/// ```
public struct ParameterSpec: Sendable, Equatable {
    /// Whether a parameter takes whole numbers or any real value.
    public enum Kind: String, Sendable, Equatable {
        case integer, real
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: Double
    public var range: ClosedRange<Double>
    public var summary: String

    public init(_ name: String, _ kind: Kind, default defaultValue: Double, range: ClosedRange<Double>, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.range = range
        self.summary = summary
    }

    /// Why `value` is not acceptable for this parameter, or `nil` when it is.
    public func problem(with value: Double) -> String? {
        guard value.isFinite else { return "\(name) must be a finite number, got \(value)" }
        if kind == .integer, value.rounded() != value {
            return "\(name) must be a whole number, got \(ParameterSet.format(value))"
        }
        guard range.contains(value) else {
            return "\(name) = \(ParameterSet.format(value)) is outside its valid range "
                + "[\(ParameterSet.format(range.lowerBound)), \(ParameterSet.format(range.upperBound))]"
        }
        return nil
    }
}
