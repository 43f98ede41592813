import Reports

/// A parsed `condition:` of a conditional phase.
///
/// Grammar (parsed, never evaluated as code):
///
///     expr       := or
///     or         := and (("or" | "||") and)*
///     and        := not (("and" | "&&") not)*
///     not        := ("not" | "!") not | comparison
///     comparison := operand ((">" | ">=" | "<" | "<=" | "==" | "!=") operand)?
///     operand    := number | 'text' | "text" | true | false | ${phase.output.field…} | "(" expr ")"
///
/// A reference `${initial_assessment.market_conditions.volatility}` names a phase,
/// one of its outputs, and a path of keys (or array indices) inside the output.
///
/// ```swift
/// let condition = try Condition.parse("${initial_assessment.market_conditions.volatility} > 0.25")
/// condition.references   // [initial_assessment.market_conditions.volatility]
/// ```
public indirect enum Condition: Sendable, Equatable {
    case number(Double)
    case text(String)
    case boolean(Bool)
    case reference(Reference)
    case not(Condition)
    case and(Condition, Condition)
    case or(Condition, Condition)
    case compare(Condition, Comparison, Condition)

    public enum Comparison: String, Sendable, Equatable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "==", notEqual = "!="
    }

    /// `${phase.output.path…}`.
    public struct Reference: Sendable, Equatable, CustomStringConvertible {
        public var phase: String
        public var output: String
        public var path: [String]
        public var description: String { ([phase, output] + path).joined(separator: ".") }
    }

    /// Every reference in the expression, left to right.
    public var references: [Reference] {
        switch self {
        case .number, .text, .boolean: return []
        case .reference(let reference): return [reference]
        case .not(let inner): return inner.references
        case .and(let a, let b), .or(let a, let b), .compare(let a, _, let b): return a.references + b.references
        }
    }
}

/// A condition that cannot be parsed or evaluated, with the character position.
public struct ConditionError: Error, CustomStringConvertible, Equatable, Sendable {
    public var position: Int?
    public var message: String
    public var description: String {
        position.map { "condition, character \($0 + 1): \(message)" } ?? "condition: \(message)"
    }
}

extension Condition {
    /// Evaluates the condition to a Boolean, reading references through `resolve`.
    public func evaluate(_ resolve: (Reference) throws -> JSONValue) throws -> Bool {
        switch try value(resolve) {
        case .bool(let result): return result
        case let other:
            throw ConditionError(position: nil, message: "the condition gives \(other.serialized()), not true or false")
        }
    }

    private func value(_ resolve: (Reference) throws -> JSONValue) throws -> JSONValue {
        switch self {
        case .number(let value): return .number(value)
        case .text(let value): return .string(value)
        case .boolean(let value): return .bool(value)
        case .reference(let reference): return try resolve(reference)
        case .not(let inner): return .bool(!(try inner.evaluate(resolve)))
        case .and(let a, let b): return .bool(try a.evaluate(resolve) && b.evaluate(resolve))
        case .or(let a, let b): return .bool(try a.evaluate(resolve) || b.evaluate(resolve))
        case .compare(let a, let comparison, let b):
            let left = try a.value(resolve), right = try b.value(resolve)
            switch (left, right) {
            case (.number(let x), .number(let y)):
                guard x.isFinite, y.isFinite else {
                    throw ConditionError(position: nil, message: "cannot compare \(JSONValue.format(x)) \(comparison.rawValue) \(JSONValue.format(y)): a value is not a finite number")
                }
                switch comparison {
                case .greater: return .bool(x > y)
                case .greaterOrEqual: return .bool(x >= y)
                case .less: return .bool(x < y)
                case .lessOrEqual: return .bool(x <= y)
                case .equal: return .bool(x == y)
                case .notEqual: return .bool(x != y)
                }
            case (.string(let x), .string(let y)) where comparison == .equal || comparison == .notEqual:
                return .bool((x == y) == (comparison == .equal))
            case (.bool(let x), .bool(let y)) where comparison == .equal || comparison == .notEqual:
                return .bool((x == y) == (comparison == .equal))
            default:
                throw ConditionError(position: nil, message: "cannot compare \(left.serialized()) \(comparison.rawValue) \(right.serialized())")
            }
        }
    }
}
