import Backtest
import Ensembles
import Foundation
import Indicators
import Market
import Reports
import Strategies
import Yams

/// The strategy a `comprehensive_validation` gate validates: one strategy with parameters, or an
/// ensemble — from an input artifact or from a `production_configuration` file.
struct GateStrategy {
    enum Kind {
        case single(StrategySelection)
        case ensemble(EnsembleWeights)
    }

    var kind: Kind
    /// `input phase.output`, or `file PATH`.
    var source: String
    /// The last bar a configuration file was built on (its `data.last_bar`), if it came from one.
    var lastBar: String?
    /// The regime model a configuration's ensemble gates its members with.
    var regimeModel: CausalRegimeModel?
    /// A configuration file's `execution` and `risk_limits` blocks, passed on to live phases.
    var execution: JSONValue?
    var riskLimits: JSONValue?

    var json: JSONValue {
        switch kind {
        case .single(let selection):
            return .object([("type", .string(selection.strategy)), ("parameters", selection.parametersJSON)])
        case .ensemble(let weights):
            return .object([("type", .string("ensemble"))] + (weights.json.objectValue ?? [])
                           + (regimeModel.map { [("regime_model", $0.json)] } ?? []))
        }
    }

    static func resolve(_ context: PhaseContext, file: String?, phase: String) throws -> GateStrategy {
        if let input = context.inputs(of: .parameterSets).first {
            guard let best = try ParameterSetsCodec.decode(input.artifact.value).first else {
                throw WorkflowError(phase: phase, "input \(input.reference.text) holds no parameter set")
            }
            return GateStrategy(kind: .single(best), source: "input \(input.reference.text)")
        }
        if let input = context.inputs(of: .ensembleWeights).first {
            return GateStrategy(kind: .ensemble(try EnsembleWeights(json: input.artifact.value)), source: "input \(input.reference.text)")
        }
        guard let file else { throw WorkflowError(phase: phase, "no strategy to validate") }
        return try fromFile(file, phase: phase)
    }

    /// Reads a `production_configuration` file (``DeploymentConfig``'s format).
    static func fromFile(_ path: String, phase: String) throws -> GateStrategy {
        func fail(_ what: String) -> WorkflowError { WorkflowError(phase: phase, "strategy_config \(path): \(what)") }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw fail("cannot be read (\(error.localizedDescription))") }
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch { throw fail("is not valid YAML (\(error))") }
        guard let root = loaded as? [String: Any], root["format"] as? String == DeploymentConfig.format,
              let strategy = root["strategy"] as? [String: Any], let type = strategy["type"] as? String else {
            throw fail("is not a production configuration (format \(DeploymentConfig.format) with a strategy)")
        }
        func number(_ value: Any?) -> Double? {
            if let v = value as? Double { return v }
            if let v = value as? Int { return Double(v) }
            return nil
        }
        func parameters(_ value: Any?) -> ParameterSet {
            var values: [String: Double] = [:]
            for (key, v) in (value as? [String: Any]) ?? [:] { values[key] = number(v) ?? .nan }
            return ParameterSet(values)
        }
        let lastBar = (root["data"] as? [String: Any])?["last_bar"] as? String
        let execution = root["execution"].map(jsonValue)
        let riskLimits = root["risk_limits"].map(jsonValue)
        guard type == "ensemble" else {
            return GateStrategy(kind: .single(StrategySelection(strategy: type, parameters: parameters(strategy["parameters"]))),
                                source: "file \(path)", lastBar: lastBar, execution: execution, riskLimits: riskLimits)
        }
        guard let list = strategy["members"] as? [[String: Any]], !list.isEmpty else { throw fail("the ensemble lists no members") }
        let members = try list.enumerated().map { k, item -> EnsembleWeights.Member in
            guard let name = item["strategy"] as? String, let weight = number(item["weight"]) else {
                throw fail("ensemble member \(k) lacks its strategy or weight")
            }
            return EnsembleWeights.Member(id: item["member"] as? String ?? "m\(k)", strategy: name,
                                          parameters: parameters(item["parameters"]), regime: item["regime"] as? String, weight: weight)
        }
        let threshold = number(strategy["regime_confidence_threshold"])
        var model: CausalRegimeModel?
        if let raw = strategy["regime_model"] {
            model = try CausalRegimeModel(json: jsonValue(raw))
        } else if threshold != nil {
            throw fail("the ensemble gates its members by regime (regime_confidence_threshold) but the configuration carries no regime_model; rebuild it with this version (deployment builds now include the model)")
        }
        let weights = EnsembleWeights(
            method: strategy["method"] as? String ?? "weighted_average", signalsFrom: "", segment: "", objective: "sharpe_ratio",
            objectiveValue: .nan, trial: 0, members: members, confidenceThreshold: threshold,
            rebalanceEvery: wholeNumber(number(strategy["rebalance_frequency"])) ?? 1, constraints: .init(), replayed: false)
        return GateStrategy(kind: .ensemble(weights), source: "file \(path)", lastBar: lastBar, regimeModel: model,
                            execution: execution, riskLimits: riskLimits)
    }

    /// A YAML-loaded value as JSON (mappings with their keys sorted).
    static func jsonValue(_ value: Any) -> JSONValue {
        switch value {
        case let v as Bool: return .bool(v)
        case let v as Int: return .number(Double(v))
        case let v as Double: return .number(v)
        case let v as String: return .string(v)
        case let v as [Any]: return .array(v.map(jsonValue))
        case let v as [String: Any]: return .object(v.keys.sorted().map { ($0, jsonValue(v[$0] as Any)) })
        default: return .null
        }
    }

    /// A backtest over the bars `range` with `config`.
    func run(_ context: PhaseContext, range: Range<Int>, config: BacktestConfig) throws -> BacktestResult {
        switch kind {
        case .single(let selection):
            return try StrategyEvaluator(config: config, cache: IndicatorCache()).run(selection, on: context.data.full, range: range)
        case .ensemble(let weights):
            let (bars, signals) = try EnsembleStrategy(weights: weights, context: context, model: regimeModel).signals(context, range: range)
            return try BacktestEngine(config: config).run(bars: bars, signals: signals)
        }
    }

    /// The strategy's neighbours for the stability test: parameters ±10 % (integers ±1 at least,
    /// inside their declared ranges), or each ensemble member's weight set to 0.
    func neighbours() throws -> [(change: String, candidate: GateStrategy)] {
        switch kind {
        case .single(let selection):
            let definition = try StrategyRegistry.strategy(named: selection.strategy)
            var out: [(String, GateStrategy)] = []
            for spec in definition.parameters {
                guard let value = selection.parameters[spec.name], value.isFinite else { continue }
                let step = spec.kind == .integer ? max(1, (abs(value) * 0.1).rounded()) : abs(value) * 0.1
                guard step > 0 else { continue }
                for sign in [-1.0, 1.0] {
                    let moved = min(max(value + sign * step, spec.range.lowerBound), spec.range.upperBound)
                    guard moved != value else { continue }
                    var parameters = selection.parameters
                    parameters[spec.name] = moved
                    guard (try? definition.resolve(parameters.values)) != nil else { continue }  // breaks a constraint
                    var neighbour = self
                    neighbour.kind = .single(StrategySelection(strategy: selection.strategy, parameters: parameters))
                    out.append(("\(spec.name) \(JSONValue.format(value)) → \(JSONValue.format(moved))", neighbour))
                }
            }
            return out
        case .ensemble(let weights):
            return weights.members.indices.compactMap { i in
                guard weights.members[i].weight != 0 else { return nil }
                var changed = weights
                changed.members[i].weight = 0
                var neighbour = self
                neighbour.kind = .ensemble(changed)
                return ("\(weights.members[i].id) weight \(JSONValue.format(weights.members[i].weight)) → 0", neighbour)
            }
        }
    }
}

extension GateStrategy {
    /// The strategy of a ``json`` value (a gate's `validated_strategy.strategy`, passed on to
    /// live phases).
    init(json: JSONValue, source: String) throws {
        guard case .string(let type)? = json["type"] else { throw WorkflowError("the strategy record has no type") }
        self.source = source
        if type == "ensemble" {
            kind = .ensemble(try EnsembleWeights(json: json))
            if let model = json["regime_model"], model.objectValue != nil { regimeModel = try CausalRegimeModel(json: model) }
        } else {
            var values: [String: Double] = [:]
            for (key, value) in json["parameters"]?.objectValue ?? [] { values[key] = value.doubleValue ?? .nan }
            kind = .single(StrategySelection(strategy: type, parameters: ParameterSet(values)))
        }
    }
}
