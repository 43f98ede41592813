import Foundation

/// Deliberate failures for testing the error policies, read from `ADMF_INJECT_FAULTS`.
///
/// The variable holds `;`-separated entries `phase:kind[:times]`, e.g.
/// `ADMF_INJECT_FAULTS="parameter_optimization:error:1;validation:timeout"`:
///
/// - `error` — the phase throws when it starts (the first `times` attempts; default every attempt);
/// - `timeout` — the phase's time budget counts as exhausted after its first batch of work;
/// - `memory` — the memory probe reports usage above the phase's limit;
/// - `unexpected` — an error outside any phase's control (for `unexpected_error`).
///
/// Unset, it changes nothing. It exists so that tests can exercise
/// `on_failure`, `max_retries`, `fallback_method`, `timeout_action` and
/// `resource_exhaustion` end to end through the real command.
public struct FaultInjection: Sendable {
    public enum Kind: String, Sendable {
        case error, timeout, memory, unexpected
    }

    public struct Fault: Sendable, Equatable {
        public var phase: String
        public var kind: Kind
        /// Attempts affected (nil: all).
        public var times: Int?

        public init(phase: String, kind: Kind, times: Int? = nil) {
            self.phase = phase
            self.kind = kind
            self.times = times
        }
    }

    public var faults: [Fault]

    public init(faults: [Fault] = []) {
        self.faults = faults
    }

    /// Reads `ADMF_INJECT_FAULTS`; malformed entries are an error naming the entry.
    public static func fromEnvironment() throws -> FaultInjection {
        guard let text = ProcessInfo.processInfo.environment["ADMF_INJECT_FAULTS"], !text.isEmpty else {
            return FaultInjection()
        }
        var faults: [Fault] = []
        for entry in text.split(separator: ";") {
            let parts = entry.split(separator: ":").map(String.init)
            guard parts.count == 2 || parts.count == 3, let kind = Kind(rawValue: parts[1]) else {
                throw WorkflowError("ADMF_INJECT_FAULTS entry '\(entry)' must be phase:error|timeout|memory|unexpected[:times]")
            }
            var times: Int?
            if parts.count == 3 {
                guard let count = Int(parts[2]), count >= 0 else {
                    throw WorkflowError("ADMF_INJECT_FAULTS entry '\(entry)': times must be a whole number")
                }
                times = count
            }
            faults.append(Fault(phase: parts[0], kind: kind, times: times))
        }
        return FaultInjection(faults: faults)
    }

    /// Whether `kind` is injected into `phase` on attempt `attempt` (1-based).
    public func active(_ kind: Kind, phase: String, attempt: Int) -> Bool {
        faults.contains { $0.phase == phase && $0.kind == kind && ($0.times.map { attempt <= $0 } ?? true) }
    }
}
