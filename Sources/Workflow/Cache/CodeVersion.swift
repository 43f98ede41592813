import Foundation

/// The version of the code that computes phase results, part of every ``PhaseKey``.
///
/// Bump rules:
/// - ``package`` — raise it with every release (any change may move numbers somewhere);
/// - a phase type's ``WorkflowPhase/cacheVersion`` — raise it in the same commit as any change
///   to what that type computes for the same configuration, inputs, data and seed (a fixed bug,
///   a new default, another algorithm). Changes that leave its outputs byte-identical need no
///   bump. A raised version reruns that type's phases and everything downstream of them.
public enum CodeVersion {
    public static let package = "0.12.0"

    /// The phase type's version, or the one `ADMF_CACHE_VERSIONS` (`type=N;…`, for tests and for
    /// forcing a type to rerun everywhere) gives it.
    static func version(of phase: PlannedPhase) -> Int {
        if let text = ProcessInfo.processInfo.environment["ADMF_CACHE_VERSIONS"] {
            for entry in text.split(separator: ";") {
                let parts = entry.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == phase.type, let version = Int(parts[1]) { return version }
            }
        }
        return type(of: phase.phase).cacheVersion
    }
}
