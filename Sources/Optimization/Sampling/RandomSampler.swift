import Strategies

/// Independent uniform draws, streamed in batches: trial `i` is exactly
/// ``RandomSearch/trial(index:strategies:space:seed:stream:fixed:)`` (strategy `i mod k`, its
/// own random stream), so batch size, worker count and resume point never change a trial.
/// Indices run from `indexOffset`; the draw of trial `indexOffset + i` uses stream index `i`.
public struct RandomSampler: TrialSampler {
    private let strategies: [StrategyDefinition]
    private let space: SearchSpace
    private let count: Int
    private let seed: UInt64
    private let stream: String
    private let fixed: [String: [String: Double]]
    private let batchSize: Int
    private let indexOffset: Int
    private var next = 0

    public init(strategies: [StrategyDefinition], space: SearchSpace, count: Int, seed: UInt64, stream: String,
                fixed: [String: [String: Double]] = [:], batchSize: Int = 256, indexOffset: Int = 0) throws {
        guard count > 0 else { throw OptimizationError("n_trials must be positive, got \(count)") }
        guard !strategies.isEmpty else { throw OptimizationError("no strategies to search") }
        try space.validate(for: strategies)
        self.strategies = strategies
        self.space = space
        self.count = count
        self.seed = seed
        self.stream = stream
        self.fixed = fixed
        self.batchSize = max(1, batchSize)
        self.indexOffset = indexOffset
    }

    public var plannedTrials: Int? { count }

    public mutating func ask() throws -> [Proposal] {
        let end = min(count, next + batchSize)
        defer { next = end }
        return try (next..<end).map { i in
            var trial = try RandomSearch.trial(index: i, strategies: strategies, space: space, seed: seed,
                                               stream: stream, fixed: fixed)
            trial.index = indexOffset + i
            return Proposal(trial: trial)
        }
    }

    public mutating func tell(_ scores: [Double]) {}
}
