import Foundation
import Reports
import Signals
import Store

/// What `admf run` does with one phase, decided from its ``PhaseKey`` and the store — shared by
/// the runner and `admf plan`, so the plan says exactly what a run would do.
public enum PhaseDecision: Sendable, Equatable {
    /// Completed in this run under the same key.
    case done
    /// Stored completed under the same key by another run: copied, not computed.
    case reuse(run: String)
    /// Computed, and why.
    case run(reason: String)

    /// The decision for `phase` of run `runID` (whose store may not exist yet: `store` nil).
    static func decide(_ phase: PlannedPhase, key: PhaseKey?, store: RunStore?, runID: String, forced: Bool,
                       forcedBy: String) throws -> (decision: PhaseDecision, cached: RunStore.CachedPhase?) {
        guard let store else { return (.run(reason: forced ? forcedBy : "no stored result"), nil) }
        let stored = try store.phaseKey(run: runID, name: phase.name)
        if !forced, let record = try store.phase(run: runID, name: phase.name),
           record.status == .completed || record.status == .completedWithWarning,
           key == nil || stored.key == nil || stored.key == key?.value {
            return (.done, nil)
        }
        guard let key else { return (.run(reason: forced ? forcedBy : "no stored result"), nil) }
        if forced { return (.run(reason: forcedBy), nil) }
        let reusable = type(of: phase.phase).reusable
        if reusable, let cached = try store.cachedPhase(key: key.value, excluding: runID) {
            if let damaged = try missingSignals(of: cached, store: store) {
                return (.run(reason: "the stored result of run \(cached.run) refers to \(damaged)"), nil)
            }
            return (.reuse(run: cached.run), cached)
        }
        if !reusable { return (.run(reason: "a live session always runs (resuming its journal)"), nil) }
        if stored.key == key.value, let record = try store.phase(run: runID, name: phase.name), record.status != .pending {
            return (.run(reason: "continuing after its last checkpoint"), nil)
        }
        if let mine = stored.parts.flatMap({ try? JSONValue.parse($0) }), stored.key != key.value {
            // this run computed it before, under another key
            return (.run(reason: key.changes(from: mine).joined(separator: "; ") + " since this run computed it"), nil)
        }
        guard let previous = try store.previousPhase(named: phase.name, excluding: runID),
              let parts = previous.parts.flatMap({ try? JSONValue.parse($0) }) else {
            return (.run(reason: "no stored result"), nil)
        }
        return (.run(reason: key.changes(from: parts).joined(separator: "; ") + " since run \(previous.run)"), nil)
    }

    /// What a stored result needs outside the store — captured signal files — and is missing
    /// or damaged (a file that fails its checks), described; nil when all is there.
    static func missingSignals(of cached: RunStore.CachedPhase, store: RunStore) throws -> String? {
        let files = DirectorySignalStore(root: SignalCapture.directory(for: store, runID: cached.run))
        for artifact in try store.artifacts(run: cached.run, phase: cached.phase) where artifact.kind == ArtifactKind.capturedSignals.rawValue {
            guard let captured = try? CapturedSignals(json: try JSONValue.parse(artifact.json)) else { return "an unreadable \(artifact.name)" }
            let keys = captured.members.flatMap(\.keys) + (captured.regimeContext.map { [$0.key] } ?? [])
            for hex in keys {
                guard let key = SignalKey(hex: hex), (try? files.get(key)) != nil else {
                    return "a missing or damaged signal file (\(hex.prefix(12))…)"
                }
            }
        }
        return nil
    }
}
