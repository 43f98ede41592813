import Strategies

/// A ``VectorSampler`` (TPE, differential evolution) over named parameters that belong to no
/// registered strategy — e.g. the member weights of an ensemble — as a ``TrialSampler``.
///
/// Each proposed vector becomes a trial of the pseudo-strategy `label`, numbered from
/// `indexOffset` in proposal order; `feasible` (if given) marks points that break the
/// search's constraints, which are recorded but not evaluated.
///
/// ```swift
/// let de = DifferentialEvolution(parameters: weights, config: DEConfig(populationSize: 50, generations: 100),
///                                seed: 7, stream: "ensemble/de")
/// var sampler = VectorTrialSampler(DifferentialEvolutionVectorSampler(de), label: "ensemble")
/// ```
public struct VectorTrialSampler: TrialSampler {
    private var inner: any VectorSampler
    private let label: String
    private let feasible: SamplerFeasibility?
    private var next: Int

    public init(_ inner: any VectorSampler, label: String, indexOffset: Int = 0, feasible: SamplerFeasibility? = nil) {
        self.inner = inner
        self.label = label
        self.feasible = feasible
        next = indexOffset
    }

    public var plannedTrials: Int? { inner.plannedPoints }

    public mutating func ask() throws -> [Proposal] {
        let points = inner.ask()
        defer { next += points.count }
        return points.enumerated().map { k, point in
            Proposal(trial: TrialSpec(index: next + k, strategy: label, parameters: ParameterSet(point)),
                     feasible: feasible?(point) ?? true)
        }
    }

    public mutating func tell(_ scores: [Double]) {
        inner.tell(scores)
    }
}
