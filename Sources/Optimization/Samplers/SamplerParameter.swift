import Market
import Strategies

/// One parameter of a model-based search (``TPESampler``, ``DifferentialEvolution``).
///
/// Integer parameters take the whole numbers of `[ceil(low), floor(high)]`; `log` samples
/// in log space and requires `low > 0` (for integers, `ceil(low) ≥ 1`).
///
/// ```swift
/// SamplerParameter(name: "fast_period", low: 2, high: 50, kind: .integer)
/// SamplerParameter(name: "stop_loss", low: 0.001, high: 0.1, kind: .real, log: true)
/// ```
public struct SamplerParameter: Sendable, Equatable {
    public var name: String
    public var low: Double
    public var high: Double
    public var kind: ParameterSpec.Kind
    public var log: Bool

    public init(name: String, low: Double, high: Double, kind: ParameterSpec.Kind = .real, log: Bool = false) {
        self.name = name
        self.low = low
        self.high = high
        self.kind = kind
        self.log = log
    }

    /// The effective bounds: for integers the whole numbers inside `[low, high]`.
    var lowerBound: Double { kind == .integer ? low.rounded(.up) : low }
    var upperBound: Double { kind == .integer ? high.rounded(.down) : high }

    /// Why this parameter cannot be searched, or `nil`.
    public var problem: String? {
        guard low.isFinite, high.isFinite, low <= high else {
            return "\(name): bounds [\(low), \(high)] must be finite with low ≤ high"
        }
        if kind == .integer, lowerBound > upperBound {
            return "\(name) is an integer but [\(low), \(high)] contains no whole number"
        }
        if log, lowerBound <= 0 {
            return "\(name): a log-scale parameter needs low > 0, got \(low)"
        }
        return nil
    }

    /// A value clamped into the bounds (and rounded half-to-even to a whole number for integers).
    func clamp(_ value: Double) -> Double {
        var v = value
        if kind == .integer { v = v.rounded(.toNearestOrEven) }
        return Swift.min(Swift.max(v, lowerBound), upperBound)
    }

    /// A uniform draw as Optuna's `RandomSampler` makes it: uniform in `[low, high]`
    /// (in log space when `log`); integers uniform in `[low − ½, high + ½]`, rounded, clipped.
    func uniformDraw(using generator: inout SeededGenerator) -> Double {
        let half = kind == .integer ? 0.5 : 0.0
        var lo = lowerBound - half, hi = upperBound + half
        if log { lo = samplerLog(lo); hi = samplerLog(hi) }
        var x = lo + generator.nextDouble() * (hi - lo)
        if log { x = samplerExp(x) }
        return clamp(x)
    }

    static func validate(_ parameters: [SamplerParameter]) {
        precondition(!parameters.isEmpty, "a sampler needs at least one parameter")
        precondition(Set(parameters.map(\.name)).count == parameters.count, "parameter names must be unique")
        for parameter in parameters {
            if let problem = parameter.problem { preconditionFailure(problem) }
        }
    }
}

/// A feasibility predicate over a proposed parameter set (e.g. `fast_period < slow_period`).
public typealias SamplerFeasibility = @Sendable ([String: Double]) -> Bool
