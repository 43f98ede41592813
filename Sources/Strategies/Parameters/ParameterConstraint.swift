/// A relation between two parameters that every valid set must satisfy.
///
/// ```swift
/// ParameterConstraint.less("fast_period", "slow_period")   // fast_period < slow_period
/// ```
public enum ParameterConstraint: Sendable, Equatable, CustomStringConvertible {
    case less(String, String)
    case lessOrEqual(String, String)

    /// Whether `parameters` satisfies the constraint (names missing from the set satisfy it).
    public func isSatisfied(by parameters: ParameterSet) -> Bool {
        switch self {
        case .less(let a, let b):
            guard let x = parameters[a], let y = parameters[b] else { return true }
            return x < y
        case .lessOrEqual(let a, let b):
            guard let x = parameters[a], let y = parameters[b] else { return true }
            return x <= y
        }
    }

    public var description: String {
        switch self {
        case .less(let a, let b): "\(a) < \(b)"
        case .lessOrEqual(let a, let b): "\(a) <= \(b)"
        }
    }
}
