import Ensembles

/// A problem with the input of a learning routine: shapes that do not fit, labels outside {0, 1},
/// bad weights or hyperparameters, or a solver that could not proceed.
///
/// ```swift
/// do { _ = try GradientBoostedTrees().fit(x, labels: [1, 1, 1]) }
/// catch { print(error) }   // "GradientBoostedTrees.fit: both classes need positive total weight …"
/// ```
public struct LearningError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The routine that refused the input, e.g. `GradientBoostedTrees.fit`.
    public var routine: String
    /// What is wrong and what to do.
    public var reason: String

    public init(routine: String, reason: String) {
        self.routine = routine
        self.reason = reason
    }

    /// The same problem reported by an `Ensembles` routine.
    public init(_ error: EnsembleError) {
        self.init(routine: error.routine, reason: error.reason)
    }

    public var description: String { "\(routine): \(reason)" }
}
