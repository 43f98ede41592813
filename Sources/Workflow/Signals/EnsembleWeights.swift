import Ensembles
import Reports
import Strategies

/// The `optimal_ensemble_weights` / `ensemble_weights` artifact: the members (strategy,
/// parameters, regime), each one's weight, and the rule's other settings.
///
/// ```json
/// {"method": "weighted_average", "signals_from": "signal_capture.compressed_signals", "segment": "train",
///  "objective": "sharpe_ratio", "objective_value": 0.91, "trial": 1234, "signal_replay": true,
///  "members": [{"member": "m0", "weight": 0.4, "regime": "regime_1", "strategy": "momentum",
///               "label": "momentum{…}@regime_1", "parameters": {…}}, …],
///  "regime_confidence_threshold": 0.71, "rebalance_frequency": 12,
///  "constraints": {"sum_weights": 1, "min_weight": 0.05, "max_weight": 0.4, "max_correlation": 0.8}}
/// ```
public struct EnsembleWeights: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var id: String
        public var strategy: String
        public var parameters: ParameterSet
        public var regime: String?
        public var weight: Double

        public init(id: String, strategy: String, parameters: ParameterSet, regime: String?, weight: Double) {
            self.id = id
            self.strategy = strategy
            self.parameters = parameters
            self.regime = regime
            self.weight = weight
        }

        public init(member: CapturedSignals.Member, weight: Double) {
            self.init(id: member.id, strategy: member.strategy, parameters: member.parameters, regime: member.regime, weight: weight)
        }

        /// `momentum{fast_period=10,…}@regime_1`.
        public var label: String {
            CapturedSignals.Member(id: id, strategy: strategy, parameters: parameters, regime: regime, symbols: [], keys: [],
                                   encodedBytes: 0, denseBytes: 0).label
        }
    }

    public var method: String
    public var signalsFrom: String
    public var segment: String
    public var objective: String
    public var objectiveValue: Double
    public var trial: Int
    public var members: [Member]
    public var confidenceThreshold: Double?
    public var rebalanceEvery: Int
    public var constraints: WeightConstraints
    public var replayed: Bool
    /// Method-specific settings and notes (adaptive weighting, stacker folds, …).
    public var notes: [(String, JSONValue)] = []
    /// The weight search that found them (a walk-forward re-runs it in every window).
    public var search: JSONValue?

    public static func == (lhs: EnsembleWeights, rhs: EnsembleWeights) -> Bool { lhs.json == rhs.json }

    public var json: JSONValue {
        .object([
            ("method", .string(method)),
            ("signals_from", .string(signalsFrom)),
            ("segment", .string(segment)),
            ("objective", .string(objective)),
            ("objective_value", .number(objectiveValue)),
            ("trial", .integer(trial)),
            ("signal_replay", .bool(replayed)),
            ("members", .array(members.map { entry in
                .object([
                    ("member", .string(entry.id)),
                    ("weight", .number(entry.weight)),
                    ("regime", entry.regime.map { .string($0) } ?? .null),
                    ("strategy", .string(entry.strategy)),
                    ("label", .string(entry.label)),
                    ("parameters", .object(entry.parameters.sortedPairs.map { ($0.name, .number($0.value)) })),
                ])
            })),
            ("regime_confidence_threshold", confidenceThreshold.map { .number($0) } ?? .null),
            ("rebalance_frequency", .integer(rebalanceEvery)),
            ("constraints", .object([
                ("sum_weights", .number(constraints.sum)), ("min_weight", .number(constraints.minWeight)),
                ("max_weight", .number(constraints.maxWeight)),
                ("max_correlation", constraints.maxCorrelation.map { .number($0) } ?? .null),
            ])),
        ] + (notes.isEmpty ? [] : [("notes", .object(notes))]) + (search.map { [("search", $0)] } ?? []))
    }
}

extension EnsembleWeights {
    /// Reads the artifact back; a malformed one is an error naming what is missing.
    public init(json value: JSONValue) throws {
        guard let list = value["members"]?.arrayValue, let method = value["method"]?.stringValue else {
            throw WorkflowError("an ensemble_weights artifact lacks its method or members")
        }
        let members = try list.map { item -> Member in
            guard let id = item["member"]?.stringValue, let strategy = item["strategy"]?.stringValue,
                  let parameters = item["parameters"]?.objectValue, let weight = item["weight"]?.doubleValue else {
                throw WorkflowError("an ensemble_weights member lacks member, strategy, parameters or weight")
            }
            var values: [String: Double] = [:]
            for (name, number) in parameters { values[name] = number.doubleValue ?? .nan }
            return Member(id: id, strategy: strategy, parameters: ParameterSet(values), regime: item["regime"]?.stringValue, weight: weight)
        }
        let constraints = value["constraints"]
        self.init(
            method: method, signalsFrom: value["signals_from"]?.stringValue ?? "", segment: value["segment"]?.stringValue ?? "",
            objective: value["objective"]?.stringValue ?? "sharpe_ratio", objectiveValue: value["objective_value"]?.doubleValue ?? .nan,
            trial: value["trial"]?.wholeNumber ?? 0, members: members,
            confidenceThreshold: value["regime_confidence_threshold"]?.finiteNumber,
            rebalanceEvery: value["rebalance_frequency"]?.wholeNumber ?? 1,
            constraints: WeightConstraints(
                sum: constraints?["sum_weights"]?.doubleValue ?? 1, minWeight: constraints?["min_weight"]?.doubleValue ?? 0,
                maxWeight: constraints?["max_weight"]?.doubleValue ?? 1, maxCorrelation: constraints?["max_correlation"]?.finiteNumber),
            replayed: value["signal_replay"]?.boolValue ?? false)
        notes = value["notes"]?.objectValue ?? []
        search = value["search"]
    }
}
