/// A workflow that cannot continue, with the phase concerned and what to do.
public struct WorkflowError: Error, CustomStringConvertible, Equatable, Sendable {
    public var phase: String?
    public var message: String

    public init(phase: String? = nil, _ message: String) {
        self.phase = phase
        self.message = message
    }

    public var description: String {
        phase.map { "phase '\($0)': \(message)" } ?? message
    }
}
