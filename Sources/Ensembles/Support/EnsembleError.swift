/// A problem with the input of an ensemble routine: shape, size, a bad parameter or
/// constraints that no weight vector can satisfy.
///
/// ```swift
/// do { _ = try LogisticRegression.fit(x: [[1.0]], y: [1]) }
/// catch let error as EnsembleError { print(error) }   // "LogisticRegression.fit: both classes …"
/// ```
public struct EnsembleError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The routine that refused the input, e.g. `LogisticRegression.fit`.
    public var routine: String
    /// What is wrong and what to do.
    public var reason: String

    public init(routine: String, reason: String) {
        self.routine = routine
        self.reason = reason
    }

    public var description: String { "\(routine): \(reason)" }
}
