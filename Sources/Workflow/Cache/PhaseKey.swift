import Foundation
import Reports
import Signals

/// What one phase's result depends on, and the key that names it in the run store.
///
/// A phase result is reused — from any earlier run of the same store — exactly when its key is
/// the same. The key is the SHA-256 of five parts:
///
/// - `config`: the phase's declaration (type, config, inputs, outputs, its error policy)
///   canonicalised — mapping keys sorted, numbers in one spelling, quoting ignored — with the
///   workflow-wide settings that change results (`data`, `workflow.error_handling`), and the
///   content of every file the declaration names (e.g. a gate's `strategy_config`);
/// - `inputs`: for each input, `producer.output` and the producer's own key (so a change
///   upstream changes every key downstream);
/// - `data`: the fingerprint of the workflow's data (bars of every symbol);
/// - `seed`: the workflow seed (each phase's random streams derive from it and its name);
/// - `code`: ``CodeVersion/package`` and the phase type's ``WorkflowPhase/cacheVersion``.
///
/// Formatting, comments and key order do not change a key; writing out a default value does
/// (the declaration is compared as written, not after defaults).
public struct PhaseKey: Sendable, Equatable {
    public var config: String
    public var inputs: [String]
    public var data: String
    public var seed: UInt64
    public var code: String
    /// The key: 64 hex digits.
    public var value: String

    init(config: String, inputs: [String], data: String, seed: UInt64, code: String) {
        self.config = config
        self.inputs = inputs
        self.data = data
        self.seed = seed
        self.code = code
        var hash = SHA256()
        for part in [config, inputs.joined(separator: "\n"), data, String(seed), code] {
            hash.update(part)
            hash.update([0])
        }
        value = hash.finalizeHex()
    }

    /// The parts as stored beside the key (to explain a later rerun).
    public var parts: JSONValue {
        .object([("config", .string(config)), ("inputs", .array(inputs.map { .string($0) })), ("data", .string(data)),
                 ("seed", .string(String(seed))), ("code", .string(code))])
    }

    /// Why a phase with `self` must run although an earlier result had `old` parts: the parts
    /// that differ, in words.
    public func changes(from old: JSONValue) -> [String] {
        var reasons: [String] = []
        if old["config"]?.stringValue != config { reasons.append("its configuration changed") }
        let before = old["inputs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if before != inputs {
            let names = Set(before.map { $0.split(separator: "=").first.map(String.init) ?? $0 })
            let changed = inputs.filter { !before.contains($0) }.map { $0.split(separator: "=").first.map(String.init) ?? $0 }
            let shown = changed.isEmpty ? "its inputs" : changed.map { names.contains($0) ? "input \($0) changed" : "new input \($0)" }
                .joined(separator: ", ")
            reasons.append(changed.isEmpty ? "its inputs changed" : shown)
        }
        if old["data"]?.stringValue != data { reasons.append("the data changed") }
        if old["seed"]?.stringValue != String(seed) { reasons.append("the seed changed") }
        if let code = old["code"]?.stringValue, code != self.code { reasons.append("the code version changed (\(code) → \(self.code))") }
        return reasons.isEmpty ? ["its key changed"] : reasons
    }
}

/// The keys of every phase of a plan, producers before consumers.
public enum PhaseKeys {
    public static func compute(plan: WorkflowPlan, dataFingerprint: String) -> [String: PhaseKey] {
        var keys: [String: PhaseKey] = [:]
        let byName = Dictionary(plan.allPhases.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let shared = sharedSettings(plan)
        let directory = URL(fileURLWithPath: plan.document.file).deletingLastPathComponent().path
        func key(_ phase: PlannedPhase, depth: Int) -> PhaseKey {
            if let known = keys[phase.name] { return known }
            let inputs = phase.inputs.map { input -> String in
                let producer = depth < 64 ? byName[input.producer].map { key($0, depth: depth + 1).value } : nil
                return "\(input.producer).\(input.output)=\(producer ?? "?")"
            }
            var config = CanonicalConfig.text(phase.node, fileDirectory: directory) + "\n" + shared
            for file in phase.phase.dependencyFiles(data: plan.data) {
                config += "\nfile=" + (CanonicalConfig.fileDigest(file) ?? "absent")
            }
            let made = PhaseKey(config: digest(config), inputs: inputs, data: dataFingerprint, seed: plan.seed,
                                code: "admf \(CodeVersion.package); \(phase.type) v\(CodeVersion.version(of: phase))")
            keys[phase.name] = made
            return made
        }
        for phase in plan.allPhases { _ = key(phase, depth: 0) }
        return keys
    }

    /// The workflow-wide sections that change any phase's results.
    static func sharedSettings(_ plan: WorkflowPlan) -> String {
        let root = plan.document.root
        let data = root.child("data").map { CanonicalConfig.text($0, fileDirectory: nil) } ?? "null"
        let errors = root.child("workflow")?.child("error_handling").map { CanonicalConfig.text($0, fileDirectory: nil) } ?? "null"
        return "data=\(data)\nerror_handling=\(errors)"
    }

    static func digest(_ text: String) -> String {
        var hash = SHA256()
        hash.update(text)
        return String(hash.finalizeHex().prefix(32))
    }
}
