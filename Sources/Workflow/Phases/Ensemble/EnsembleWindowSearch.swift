import Backtest
import Market
import Reports
import Strategies

/// What every window of a walk-forward over searched ensemble weights shares: the members and
/// their signals over the whole data (``EnsembleStrategy``: replayed from the captured signal
/// store, or recomputed),
/// the causal regime context, the search settings and the backtest settings.
///
/// The coordinator builds it once per phase and each worker process once per search
/// (``WalkForwardPhase/shardEvaluator(search:context:)``, key `window-W`), from the same
/// inputs: the weights input and the captured signals its `signals_from` names, which the
/// coordinator resolves from the run store and stages for workers (``PhaseContext/referenced``).
struct EnsembleWindowSearch: Sendable {
    let weights: EnsembleWeights
    let search: EnsembleSearchConfig
    let captured: CapturedSignals?
    let reference: String
    let data: WorkflowData
    let symbols: [String]
    let full: any MemberSignalSource
    let regimes: EnsembleRegimes?
    /// The phase's backtest settings at the data's bar frequency.
    let backtest: BacktestConfig
    let objective: Objective

    var members: [EnsembleWeights.Member] { weights.members }

    /// Builds the shared state; `context.referenced` gains the captured signals it resolved,
    /// so searches handed to workers carry them.
    init(phase: WalkForwardPhase, context: inout PhaseContext, input: PhaseInput, weights: EnsembleWeights,
         search: EnsembleSearchConfig) throws {
        self.weights = weights
        self.search = search
        reference = input.reference.text
        data = context.data
        objective = phase.objective
        if let artifact = try context.referencedArtifact(weights.signalsFrom),
           !context.referenced.contains(where: { $0.reference == weights.signalsFrom }) {
            context.referenced.append(ReferencedArtifact(reference: weights.signalsFrom, artifact: artifact))
        }
        let strategy = try EnsembleStrategy(weights: weights, context: context)
        captured = strategy.captured
        symbols = context.data.full.map(\.symbol)
        full = strategy.source
        regimes = strategy.regimes
        if search.threshold != nil, regimes == nil {
            throw WorkflowError(phase: phase.name, "the input weights use a regime confidence threshold, but the captured regime context is not available")
        }
        var backtest = phase.backtest
        backtest.periodsPerYear = context.data.periodsPerYear
        self.backtest = backtest
    }

    /// The members' signals, bars and regimes over `range`, sliced once per window: every
    /// trial of the window's search reads the same arrays.
    func inputs(_ range: Range<Int>) throws -> OptimizationPhase.EnsembleInputs {
        let view = CapturedSignals(
            codeVersion: captured?.codeVersion ?? "", segment: .full, bars: range.count, from: data.date(range.lowerBound),
            to: data.date(range.upperBound - 1), compressed: true,
            members: members.map { CapturedSignals.Member(id: $0.id, strategy: $0.strategy, parameters: $0.parameters, regime: $0.regime,
                                                          symbols: [], keys: [], encodedBytes: 0, denseBytes: 0) },
            regimeContext: nil)
        return OptimizationPhase.EnsembleInputs(
            captured: view, reference: reference, bars: data.full.map { $0.slice(range) }, symbols: symbols,
            source: GivenSignals(values: try full.values(members: members.count, range: range)),
            regimes: regimes.map { EnsembleRegimes(labels: Array($0.labels[range]), probabilities: Array($0.probabilities[range]),
                                                   memberRegimes: $0.memberRegimes) },
            hasProbabilities: regimes != nil)
    }

    /// The evaluator of a window's weight search on its training bars (summary backtests), and
    /// the members' correlation there when `max_correlation` constrains the weights.
    func training(_ range: Range<Int>) throws -> (inputs: OptimizationPhase.EnsembleInputs, correlation: [[Double]]?,
                                                  evaluator: EnsembleTrialEvaluator) {
        let trainInputs = try inputs(range)
        let correlation: [[Double]]? = search.constraints.maxCorrelation == nil ? nil
            : EnsembleCombiner.correlation(try members.indices.map { try trainInputs.source.signals(member: $0) }, bars: trainInputs.bars)
        var config = backtest
        config.detail = .summary
        return (trainInputs, correlation,
                EnsembleTrialEvaluator(inputs: trainInputs, config: search, correlation: correlation, backtest: config, objective: objective))
    }
}
