/// Concrete values for a strategy's parameters, keyed by name.
///
/// Iteration and printing go through ``sortedPairs``, so the order of a
/// `Dictionary` never reaches output.
public struct ParameterSet: Sendable, Hashable, CustomStringConvertible {
    public var values: [String: Double]

    public init(_ values: [String: Double] = [:]) {
        self.values = values
    }

    public subscript(name: String) -> Double? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The value of a parameter that has been resolved (defaults filled in).
    ///
    /// Strategy code reads only parameters it declared, after
    /// ``StrategyDefinition/resolve(_:)``, so a missing name is a programming error.
    public func value(_ name: String) -> Double {
        guard let value = values[name] else {
            preconditionFailure("parameter \(name) was not resolved")
        }
        return value
    }

    /// An integer parameter's value.
    public func int(_ name: String) -> Int { Int(value(name)) }

    /// `(name, value)` pairs sorted by name.
    public var sortedPairs: [(name: String, value: Double)] {
        values.keys.sorted().map { ($0, values[$0] ?? .nan) }
    }

    /// `fast_period=10, slow_period=30` (sorted by name).
    public var description: String {
        sortedPairs.map { "\($0.name)=\(Self.format($0.value))" }.joined(separator: ", ")
    }

    /// A number without a trailing `.0` when it is whole: `10`, `0.02`.
    public static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
