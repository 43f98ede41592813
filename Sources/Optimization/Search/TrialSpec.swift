import Strategies

/// One parameter set to evaluate: the strategy, its resolved parameters and the trial's index.
///
/// The index is the trial's identity: random draws, checkpoints and result order
/// all key on it, so results do not depend on which worker evaluated what.
public struct TrialSpec: Sendable, Equatable {
    public var index: Int
    public var strategy: String
    public var parameters: ParameterSet

    public init(index: Int, strategy: String, parameters: ParameterSet) {
        self.index = index
        self.strategy = strategy
        self.parameters = parameters
    }
}
