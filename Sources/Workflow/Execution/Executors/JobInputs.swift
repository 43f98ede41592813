import Foundation
import Reports

/// A phase's input artifacts as a worker receives them: the coordinator read them from the run
/// store, and a worker never opens the store (``TrialWorker``), so they travel with the job —
/// on a worker's command line as a file the executor stages (a temporary file for worker
/// processes, the batch directory for Slurm).
///
/// One JSON object: `{"inputs": [{"reference", "producer", "name", "kind", "value", "lineage"}]}`.
/// Values are the store's own JSON (the coordinator parsed them from it), so a worker sees
/// exactly the values the coordinator's phase sees.
enum JobInputs {
    static func encode(_ inputs: [PhaseInput], timestamps: [Int64]) -> String {
        guard !inputs.isEmpty else { return "" }
        return JSONValue.object([("inputs", .array(inputs.map { input in
            .object([
                ("reference", .string(input.reference.text)),
                ("components", .array(input.reference.components.map { .string($0) })),
                ("producer", .string(input.producer)),
                ("name", .string(input.artifact.name)),
                ("kind", .string(input.artifact.kind.rawValue)),
                ("value", input.artifact.value),
                ("lineage", input.lineage.map { $0.json(timestamps: timestamps) } ?? .null),
            ])
        }))]).serialized()
    }

    static func decode(_ text: String) throws -> [PhaseInput] {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        guard let list = try JSONValue.parse(text)["inputs"]?.arrayValue else { throw WorkflowError("worker: unreadable inputs") }
        return try list.map { item in
            guard let reference = item["reference"]?.stringValue, let name = item["name"]?.stringValue,
                  let kind = item["kind"]?.stringValue.flatMap(ArtifactKind.init(rawValue:)), let value = item["value"] else {
                throw WorkflowError("worker: unreadable input")
            }
            let components = item["components"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return PhaseInput(reference: InputReference(text: reference, components: components),
                              artifact: Artifact(name: name, kind: kind, value: value),
                              producer: item["producer"]?.stringValue ?? "",
                              lineage: item["lineage"].flatMap(Lineage.init(json:)))
        }
    }
}
