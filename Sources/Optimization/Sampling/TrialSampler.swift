import Strategies

/// A trial the sampler proposes: the strategy and parameters to evaluate, or a point that
/// breaks the strategy's constraints (recorded as infeasible, never evaluated).
public struct Proposal: Sendable, Equatable {
    public var trial: TrialSpec
    /// Whether the parameters satisfy the strategy's constraints.
    public var feasible: Bool

    public init(trial: TrialSpec, feasible: Bool = true) {
        self.trial = trial
        self.feasible = feasible
    }
}

/// The one search interface (ask/tell) behind every search ADMF runs: optimisation phases,
/// `group_by_regime`, walk-forward windows.
///
/// The driver asks for a batch, evaluates it (in parallel, checkpointing it), and tells the
/// scores back in the batch's order, until `ask` returns an empty batch. Scores are
/// maximised; a failed or infeasible trial is told as `-.infinity` (NaN is treated alike).
///
/// Batches are part of the search's definition, never of the machine: a sampler that learns
/// from results (``TPETrialSampler``, ``DifferentialEvolutionSampler``) fixes its batch size
/// itself, so the proposals — and the results — do not depend on the worker count. Trial
/// indices are assigned by the sampler and identify a trial for checkpoints and resume.
///
/// Implementations: ``GridSampler`` (every combination, streamed), ``RandomSampler``
/// (independent draws), ``TPETrialSampler`` and ``DifferentialEvolutionSampler`` (model-based,
/// one strategy after another through ``StrategySequenceSampler``). A new method is one
/// conforming type.
///
/// ```swift
/// var sampler = try RandomSampler(strategies: [momentum], space: space, count: 100, seed: 7, stream: "opt")
/// while case let batch = try sampler.ask(), !batch.isEmpty {
///     sampler.tell(batch.map { score($0.trial) })
/// }
/// ```
public protocol TrialSampler: Sendable {
    /// The next batch of proposals; empty when the search is finished.
    mutating func ask() throws -> [Proposal]
    /// The scores of the last batch, in its order (higher is better).
    mutating func tell(_ scores: [Double])
    /// How many trials the search plans (for progress and summaries); `nil` when unknown.
    var plannedTrials: Int? { get }
    /// Combinations skipped because they break a constraint (grid search), else 0.
    var skipped: Int { get }
}

extension TrialSampler {
    public var skipped: Int { 0 }
}

/// A per-strategy sampler over named real/integer parameters, used by
/// ``StrategySequenceSampler`` (TPE and differential evolution implement it).
public protocol VectorSampler: Sendable {
    /// The next batch of parameter vectors; empty when finished.
    mutating func ask() -> [[String: Double]]
    /// Scores of the last batch, in order (higher is better; −∞ for failed or infeasible points).
    mutating func tell(_ scores: [Double])
    /// How many points this sampler plans, when known.
    var plannedPoints: Int? { get }
}
