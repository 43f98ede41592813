import Strategies

/// The values an optimiser may give one parameter.
///
/// In a workflow YAML a list is read by the search method: `grid` takes every
/// listed value (`fast_period: [5, 10, 15, 20]`), `random` reads a two-element
/// list as the range `[low, high]` (`fast_period: [3, 50]`), sampling integers or
/// reals according to the parameter's declaration.
public enum ParameterDomain: Sendable, Equatable {
    case values([Double])
    case range(low: Double, high: Double)
}

/// The named domains of a search, in the order the configuration lists them.
public struct SearchSpace: Sendable, Equatable {
    public var entries: [(name: String, domain: ParameterDomain)]

    public init(_ entries: [(name: String, domain: ParameterDomain)]) {
        self.entries = entries
    }

    public static func == (lhs: SearchSpace, rhs: SearchSpace) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.name == $1.name && $0.domain == $1.domain }
    }

    public var names: [String] { entries.map(\.name) }

    /// The entries that `strategy` declares, in space order.
    public func applicable(to strategy: StrategyDefinition) -> [(name: String, domain: ParameterDomain)] {
        entries.filter { strategy.parameter($0.name) != nil }
    }

    /// A smaller space for `fallback_method: reduced_parameter_space`: every other value of
    /// each list (first and last kept), and ranges narrowed to their middle half.
    public func reduced() -> SearchSpace {
        SearchSpace(entries.map { entry in
            switch entry.domain {
            case .values(let values):
                guard values.count > 2 else { return entry }
                var kept = stride(from: 0, to: values.count, by: 2).map { values[$0] }
                if let last = values.last, kept.last != last { kept.append(last) }
                return (entry.name, .values(kept))
            case .range(let low, let high):
                let quarter = (high - low) / 4
                return (entry.name, .range(low: low + quarter, high: high - quarter))
            }
        })
    }
}

/// A search space that cannot be searched, naming the parameter.
public struct OptimizationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The parameter concerned, when there is one (for locating the error in the config).
    public var parameter: String?
    public var message: String

    public init(parameter: String? = nil, _ message: String) {
        self.parameter = parameter
        self.message = message
    }

    public var description: String { message }
}

extension SearchSpace {
    /// Checks the space against the strategies: every parameter is declared by at least one
    /// of them, and every value or range lies inside each declaring strategy's valid range.
    public func validate(for strategies: [StrategyDefinition]) throws {
        for (name, domain) in entries {
            let declaring = strategies.filter { $0.parameter(name) != nil }
            guard !declaring.isEmpty else {
                let known = Set(strategies.flatMap { $0.parameters.map(\.name) }).sorted()
                let hint = didYouMean(name, in: known).map { " — did you mean '\($0)'?" } ?? ""
                throw OptimizationError(
                    parameter: name,
                    "parameter '\(name)' is not declared by any strategy of this phase (\(strategies.map(\.name).joined(separator: ", ")))\(hint)")
            }
            for strategy in declaring {
                guard let spec = strategy.parameter(name) else { continue }
                switch domain {
                case .values(let values):
                    guard !values.isEmpty else {
                        throw OptimizationError(parameter: name, "parameter '\(name)' has an empty list of values")
                    }
                    for value in values {
                        if let problem = spec.problem(with: value) {
                            throw OptimizationError(parameter: name, "\(strategy.name): \(problem)")
                        }
                    }
                case .range(let low, let high):
                    guard low.isFinite, high.isFinite, low <= high else {
                        throw OptimizationError(parameter: name, "parameter '\(name)': range [\(ParameterSet.format(low)), \(ParameterSet.format(high))] must have low ≤ high")
                    }
                    for bound in [low, high] where !spec.range.contains(bound) {
                        throw OptimizationError(
                            parameter: name,
                            "\(strategy.name): range [\(ParameterSet.format(low)), \(ParameterSet.format(high))] of \(name) leaves its valid range [\(ParameterSet.format(spec.range.lowerBound)), \(ParameterSet.format(spec.range.upperBound))]")
                    }
                    if spec.kind == .integer, low.rounded(.up) > high.rounded(.down) {
                        throw OptimizationError(parameter: name, "\(name) is an integer but [\(ParameterSet.format(low)), \(ParameterSet.format(high))] contains no whole number")
                    }
                }
            }
        }
    }
}
