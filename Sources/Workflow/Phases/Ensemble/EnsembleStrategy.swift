import Indicators
import Market
import Reports
import Signals
import Strategies

/// An ensemble (an `ensemble_weights` input) as a tradable strategy over the workflow's bars:
/// its members' signals — replayed from the signal store when the weights came from captured
/// signals, else recomputed — combined by ``EnsembleCombiner`` with the weights, confidence
/// threshold and rebalancing period the search chose. Also exposes the captured causal regime
/// labels, for regime-aware sizing.
struct EnsembleStrategy: Sendable {
    let weights: EnsembleWeights
    let captured: CapturedSignals?
    let source: any MemberSignalSource
    let regimes: EnsembleRegimes?
    let regimeNames: [String]

    init(_ input: PhaseInput, context: PhaseContext) throws {
        try self.init(weights: try EnsembleWeights(json: input.artifact.value), context: context)
    }

    /// The fitted regime model behind the captured labels, when they carry one.
    var regimeModel: JSONValue? { captured?.regimeContext?.model }

    /// Weights from anywhere (an input, or a deployment configuration file); without captured
    /// signals in this run's store the members' signals are recomputed, and `model` (a
    /// ``CausalRegimeModel``, e.g. from the configuration) labels the regimes of these bars.
    init(weights: EnsembleWeights, context: PhaseContext, model: CausalRegimeModel? = nil) throws {
        self.weights = weights
        let bars = context.data.full
        let n = bars.first?.count ?? 0
        let symbols = bars.map(\.symbol)
        let captured = try context.referencedArtifact(weights.signalsFrom).map { try CapturedSignals(json: $0.value) }
        var regimes: EnsembleRegimes?
        var names: [String] = []
        if let captured, captured.segment == .full {
            let store = DirectorySignalStore(root: context.signalDirectory)
            source = try ReplayedSignals.load(captured, store: store, symbols: symbols, timestamps: bars[0].timestamps, range: 0..<n)
            if let regimeContext = captured.regimeContext, let key = SignalKey(hex: regimeContext.key), let frame = try store.get(key),
               case .int64(let labels)? = frame["regime"]?.values, let probabilities = frame.doubles("regime_probability") {
                regimes = EnsembleRegimes(labels: labels, probabilities: probabilities, memberRegimes: weights.members.map { member in
                    member.regime.flatMap { regimeContext.names.firstIndex(of: $0) }
                })
                names = regimeContext.names
            }
        } else {
            source = RecomputedSignals(
                members: weights.members.map { StrategySelection(strategy: $0.strategy, parameters: $0.parameters) },
                bars: bars, symbols: symbols, range: 0..<n, evaluator: StrategyEvaluator(config: .init(), cache: IndicatorCache()))
        }
        if regimes == nil, let model {
            let (labels, probabilities) = try model.labels(bars: bars, periodsPerYear: context.data.periodsPerYear)
            regimes = EnsembleRegimes(labels: labels, probabilities: probabilities, memberRegimes: weights.members.map { member in
                member.regime.flatMap { model.names.firstIndex(of: $0) }
            })
            names = model.names
        }
        self.captured = captured
        self.regimes = regimes
        regimeNames = names
        if weights.confidenceThreshold != nil, regimes == nil {
            throw WorkflowError(phase: context.name, "the ensemble uses a regime confidence threshold, but its captured regime context is not available")
        }
    }

    /// The ensemble's per-symbol signals over the bars `range` (rebalancing counted from its first bar).
    func signals(_ context: PhaseContext, range: Range<Int>) throws -> (bars: [BarSeries], signals: [SignalSeries]) {
        let bars = context.data.full.map { $0.slice(range) }
        let members = try source.values(members: weights.members.count, range: range)
        let rule = EnsembleRule(weights: weights.members.map(\.weight), confidenceThreshold: weights.confidenceThreshold,
                                rebalanceEvery: weights.rebalanceEvery)
        let signals = EnsembleCombiner.combine(
            members, symbols: bars.map(\.symbol), timestamps: bars.first?.timestamps ?? [], rule: rule,
            regimes: regimes.map { EnsembleRegimes(labels: Array($0.labels[range]), probabilities: Array($0.probabilities[range]),
                                                   memberRegimes: $0.memberRegimes) })
        return (bars, signals)
    }

    /// The causal regime labels of every bar (nil: not labelled), when captured.
    var labels: (names: [String], labels: [Int?])? {
        guard let regimes, !regimeNames.isEmpty else { return nil }
        return (regimeNames, regimes.labels.map { $0 >= 0 ? Int($0) : nil })
    }

    /// The ensemble as a selection (`strategy: ensemble`, parameters `weight_<member>` …) for reports.
    var selection: StrategySelection {
        var values: [String: Double] = [:]
        for member in weights.members { values["weight_\(member.id)"] = member.weight }
        if let threshold = weights.confidenceThreshold { values["regime_confidence_threshold"] = threshold }
        values["rebalance_frequency"] = Double(weights.rebalanceEvery)
        return StrategySelection(strategy: "ensemble", parameters: ParameterSet(values), objective: weights.objectiveValue)
    }
}
