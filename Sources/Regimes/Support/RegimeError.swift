/// A problem with the input of a regime-detection routine: shape, size or a bad parameter.
///
/// ```swift
/// do { _ = try GaussianHMM.fit([[1.0]], config: .init(states: 2), seed: 1, stream: "hmm") }
/// catch let error as RegimeError { print(error) }   // "GaussianHMM.fit: need at least 2 observations …"
/// ```
public struct RegimeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The routine that refused the input, e.g. `GaussianHMM.fit`.
    public var routine: String
    /// What is wrong and what to do.
    public var reason: String

    public init(routine: String, reason: String) {
        self.routine = routine
        self.reason = reason
    }

    public var description: String { "\(routine): \(reason)" }
}
