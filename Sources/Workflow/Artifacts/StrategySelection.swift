import Backtest
import Metrics
import Reports
import Strategies

/// A strategy with concrete parameters, as ranked by an optimisation phase.
public struct StrategySelection: Sendable, Equatable {
    public var strategy: String
    public var parameters: ParameterSet
    public var objective: Double
    public var trial: Int?

    public init(strategy: String, parameters: ParameterSet, objective: Double = .nan, trial: Int? = nil) {
        self.strategy = strategy
        self.parameters = parameters
        self.objective = objective
        self.trial = trial
    }

    /// `{"strategy": …, "parameters": {…}}` with parameters sorted by name.
    public var parametersJSON: JSONValue {
        .object(parameters.sortedPairs.map { ($0.name, .number($0.value)) })
    }
}

/// Reads and writes `parameter_sets` artifacts.
///
/// ```json
/// {"objective": "sharpe_ratio", "count": 2,
///  "sets": [{"rank": 1, "trial": 7, "strategy": "momentum", "parameters": {"fast_period": 10},
///            "objective_value": 1.1, "metrics": {"total_return": 0.4, …}}, …]}
/// ```
public enum ParameterSetsCodec {
    public static func encode(objective: String, ranked: [(selection: StrategySelection, metrics: PerformanceSummary?)]) -> JSONValue {
        .object([
            ("objective", .string(objective)),
            ("count", .integer(ranked.count)),
            ("sets", .array(ranked.enumerated().map { rank, entry in
                var pairs: [(String, JSONValue)] = [
                    ("rank", .integer(rank + 1)),
                    ("trial", entry.selection.trial.map { .integer($0) } ?? .null),
                    ("strategy", .string(entry.selection.strategy)),
                    ("parameters", entry.selection.parametersJSON),
                    ("objective_value", .number(entry.selection.objective)),
                ]
                if let metrics = entry.metrics { pairs.append(("metrics", MetricsJSON.summary(metrics))) }
                return .object(pairs)
            })),
        ])
    }

    /// The selections of a `parameter_sets` artifact, best first.
    public static func decode(_ value: JSONValue) throws -> [StrategySelection] {
        guard let sets = value["sets"]?.arrayValue else {
            throw WorkflowError("a parameter_sets artifact has no 'sets' list")
        }
        return try sets.map { entry in
            guard let strategy = entry["strategy"]?.stringValue, let parameters = entry["parameters"]?.objectValue else {
                throw WorkflowError("a parameter set lacks its strategy or parameters")
            }
            var values: [String: Double] = [:]
            for (name, value) in parameters { values[name] = value.doubleValue ?? .nan }
            return StrategySelection(strategy: strategy, parameters: ParameterSet(values),
                                     objective: entry["objective_value"]?.doubleValue ?? .nan,
                                     trial: entry["trial"]?.intValue)
        }
    }
}

/// JSON forms of the metrics types.
public enum MetricsJSON {
    /// Every summary field in ``PerformanceSummary/orderedFields`` order (non-finite → null).
    public static func summary(_ summary: PerformanceSummary) -> JSONValue {
        .object(summary.orderedFields.map { ($0.key, .number($0.value)) })
    }
}

extension MetricsJSON {
    /// The summary encoded by ``summary(_:)`` (missing or null fields read as NaN / 0).
    public static func decodeSummary(_ value: JSONValue) -> PerformanceSummary {
        func number(_ key: String) -> Double { value[key]?.doubleValue ?? .nan }
        func integer(_ key: String) -> Int {
            let x = number(key)
            return x.isFinite ? Int(x) : 0
        }
        return PerformanceSummary(
            totalReturn: number("total_return"), cagr: number("cagr"), annualVolatility: number("annual_volatility"),
            sharpeRatio: number("sharpe_ratio"), sortinoRatio: number("sortino_ratio"),
            calmarRatio: number("calmar_ratio"), maxDrawdown: number("max_drawdown"),
            maxDrawdownDurationBars: integer("max_drawdown_duration_bars"), winRate: number("win_rate"),
            profitFactor: number("profit_factor"), averageTrade: number("average_trade"),
            numTrades: integer("num_trades"), exposure: number("exposure"), turnover: number("turnover"),
            bars: integer("bars"), periodsPerYear: number("periods_per_year"))
    }
}

extension StrategySelection {
    /// Identifies a strategy + parameter set (parameters sorted by name).
    var identity: String { "\(strategy)|\(parameters)" }
}

extension Sequence {
    /// The elements whose strategy + parameter set has not appeared earlier, in order.
    ///
    /// Model-based searches may evaluate the same set twice; rankings, walk-forward
    /// candidates and PBO use each distinct set once.
    func distinctSelections(_ selection: (Element) -> StrategySelection) -> [Element] {
        var seen: Set<String> = []
        return filter { seen.insert(selection($0).identity).inserted }
    }
}
