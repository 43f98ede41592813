/// A fixed list of trials as a ``TrialSampler`` (e.g. the parameter sets an earlier phase
/// selected), proposed in batches in list order.
public struct ListSampler: TrialSampler {
    private let trials: [TrialSpec]
    private let batchSize: Int
    private var next = 0

    public init(_ trials: [TrialSpec], batchSize: Int = 256) {
        self.trials = trials
        self.batchSize = max(1, batchSize)
    }

    public var plannedTrials: Int? { trials.count }

    public mutating func ask() throws -> [Proposal] {
        let end = min(trials.count, next + batchSize)
        defer { next = end }
        return trials[next..<end].map { Proposal(trial: $0) }
    }

    public mutating func tell(_ scores: [Double]) {}
}
