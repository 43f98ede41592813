import Foundation
import Reports

/// A phase's input artifacts as a worker receives them: the coordinator read them from the run
/// store, and a worker never opens the store (``TrialWorker``), so they travel with the job —
/// on a worker's command line as a file the executor stages (a temporary file for worker
/// processes, the batch directory for Slurm).
///
/// One JSON object:
/// `{"inputs": [{"reference", "producer", "name", "kind", "value", "lineage"}], "referenced": [{"reference", "name", "kind", "value"}]}`.
/// `referenced` holds the artifacts the phase reaches through a reference its inputs carry
/// (``PhaseContext/referenced``). Values are the store's own JSON (the coordinator parsed them
/// from it), so a worker sees exactly the values the coordinator's phase sees.
enum JobInputs {
    static func encode(_ inputs: [PhaseInput], referenced: [ReferencedArtifact] = [], timestamps: [Int64]) -> String {
        guard !inputs.isEmpty || !referenced.isEmpty else { return "" }
        var pairs: [(String, JSONValue)] = [("inputs", .array(inputs.map { input in
            .object([
                ("reference", .string(input.reference.text)),
                ("components", .array(input.reference.components.map { .string($0) })),
                ("producer", .string(input.producer)),
                ("name", .string(input.artifact.name)),
                ("kind", .string(input.artifact.kind.rawValue)),
                ("value", input.artifact.value),
                ("lineage", input.lineage.map { $0.json(timestamps: timestamps) } ?? .null),
            ])
        }))]
        if !referenced.isEmpty {
            pairs.append(("referenced", .array(referenced.map { item in
                .object([
                    ("reference", .string(item.reference)),
                    ("name", .string(item.artifact.name)),
                    ("kind", .string(item.artifact.kind.rawValue)),
                    ("value", item.artifact.value),
                ])
            })))
        }
        return JSONValue.object(pairs).serialized()
    }

    static func decode(_ text: String) throws -> (inputs: [PhaseInput], referenced: [ReferencedArtifact]) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return ([], []) }
        let json = try JSONValue.parse(text)
        guard let list = json["inputs"]?.arrayValue else { throw WorkflowError("worker: unreadable inputs") }
        let inputs = try list.map { item in
            let artifact = try artifact(item)
            guard let reference = item["reference"]?.stringValue else { throw WorkflowError("worker: unreadable input") }
            let components = item["components"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return PhaseInput(reference: InputReference(text: reference, components: components), artifact: artifact,
                              producer: item["producer"]?.stringValue ?? "",
                              lineage: item["lineage"].flatMap(Lineage.init(json:)))
        }
        let referenced = try (json["referenced"]?.arrayValue ?? []).map { item in
            guard let reference = item["reference"]?.stringValue else { throw WorkflowError("worker: unreadable referenced artifact") }
            return ReferencedArtifact(reference: reference, artifact: try artifact(item))
        }
        return (inputs, referenced)
    }

    private static func artifact(_ item: JSONValue) throws -> Artifact {
        guard let name = item["name"]?.stringValue, let kind = item["kind"]?.stringValue.flatMap(ArtifactKind.init(rawValue:)),
              let value = item["value"] else {
            throw WorkflowError("worker: unreadable input artifact")
        }
        return Artifact(name: name, kind: kind, value: value)
    }
}
