import Foundation
import Optimization
import Reports
import Store
import Strategies

/// The messages between a coordinator and its worker processes: one JSON object per line.
///
/// Request `{"shard": k, "trials": [{"index": i, "strategy": s, "parameters": {"name": "<hex bits>"}}]}`;
/// reply `{"shard": k, "records": [{"index", "parameters", "objective": "<hex bits>", "metrics", "status"}]}`
/// or `{"shard": k, "error": "…"}`. Every Double travels as the 16 hex digits of its IEEE-754
/// bits, so a record computed in a worker is bit for bit the one computed in the coordinator.
enum WorkerWire {
    static func bits(_ x: Double) -> String { String(x.bitPattern, radix: 16) }

    static func double(_ text: String?) -> Double? { text.flatMap { UInt64($0, radix: 16) }.map(Double.init(bitPattern:)) }

    static func request(shard: Int, trials: [TrialSpec]) -> String {
        JSONValue.object([
            ("shard", .integer(shard)),
            ("trials", .array(trials.map { trial in
                .object([("index", .integer(trial.index)), ("strategy", .string(trial.strategy)),
                         ("parameters", .object(trial.parameters.values.keys.sorted().map { ($0, .string(bits(trial.parameters.values[$0] ?? .nan))) }))])
            })),
        ]).serialized()
    }

    static func trials(_ json: JSONValue) throws -> (shard: Int, trials: [TrialSpec]) {
        guard let shard = json["shard"]?.doubleValue.flatMap(wholeNumber), let list = json["trials"]?.arrayValue else {
            throw WorkflowError("worker: unreadable request")
        }
        let trials = try list.map { item -> TrialSpec in
            guard let index = item["index"]?.doubleValue.flatMap(wholeNumber), let strategy = item["strategy"]?.stringValue else {
                throw WorkflowError("worker: unreadable trial")
            }
            var values: [String: Double] = [:]
            for (name, value) in item["parameters"]?.objectValue ?? [] {
                guard let x = double(value.stringValue) else { throw WorkflowError("worker: unreadable parameter \(name)") }
                values[name] = x
            }
            return TrialSpec(index: index, strategy: strategy, parameters: ParameterSet(values))
        }
        return (shard, trials)
    }

    static func reply(shard: Int, records: [TrialRecord]) -> String {
        JSONValue.object([
            ("shard", .integer(shard)),
            ("records", .array(records.map { record in
                .object([("index", .integer(record.index)), ("parameters", .string(record.parameters)),
                         ("objective", .string(bits(record.objective))), ("metrics", .string(record.metrics)),
                         ("status", .string(record.status))])
            })),
        ]).serialized()
    }

    static func failure(shard: Int, message: String) -> String {
        JSONValue.object([("shard", .integer(shard)), ("error", .string(message))]).serialized()
    }

    static func records(_ json: JSONValue) throws -> [TrialRecord] {
        if let message = json["error"]?.stringValue { throw WorkflowError("worker: \(message)") }
        guard let list = json["records"]?.arrayValue else { throw WorkflowError("worker: unreadable reply") }
        return try list.map { item in
            guard let index = item["index"]?.doubleValue.flatMap(wholeNumber), let parameters = item["parameters"]?.stringValue,
                  let objective = double(item["objective"]?.stringValue), let metrics = item["metrics"]?.stringValue,
                  let status = item["status"]?.stringValue else {
                throw WorkflowError("worker: unreadable record")
            }
            return TrialRecord(index: index, parameters: parameters, objective: objective, metrics: metrics, status: status)
        }
    }
}
