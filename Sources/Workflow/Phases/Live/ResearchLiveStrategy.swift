import Live
import Market
import Strategies

/// A research strategy — one strategy with its parameters, or an ensemble with its weights and
/// regime model — traded live, bar by bar.
///
/// Each strategy (and each ensemble member) runs as a ``Strategies/SignalStream`` on its
/// indicators' incremental states; a regime-gated ensemble labels each bar with its model's
/// ``CausalRegimeModel/Labeller`` (streamed features, one forward-filter step) and combines its
/// members at each rebalancing bar with the backtest's own rule (``EnsembleCombiner``). So a
/// decision costs the same whatever the history behind it, and equals the backtest's signal at
/// that bar bit for bit (`LiveStrategyStreamTests`).
struct ResearchLiveStrategy: LiveStrategy {
    let strategy: GateStrategy
    let periodsPerYear: Double
    let description: String

    init(_ strategy: GateStrategy, periodsPerYear: Double) {
        self.strategy = strategy
        self.periodsPerYear = periodsPerYear
        switch strategy.kind {
        case .single(let selection): description = "\(selection.strategy) \(selection.parametersJSON.serialized())"
        case .ensemble(let weights): description = "ensemble of \(weights.members.count) members (\(weights.method))"
        }
    }

    /// The symbols it trades, out of the data's.
    func symbols(from series: [BarSeries]) throws -> [String] {
        switch strategy.kind {
        case .single(let selection):
            let definition = try StrategyRegistry.strategy(named: selection.strategy)
            return try StrategyEvaluator.bars(for: definition, from: series).map(\.symbol)
        case .ensemble:
            return series.map(\.symbol)
        }
    }

    func start(symbols: [String]) throws -> LiveDecisions {
        switch strategy.kind {
        case .single(let selection):
            let member = try StreamedMember(selection, symbols: symbols.count)
            return LiveDecisions { bars in member.signals(points(bars)).map { $0 ?? 0 } }
        case .ensemble(let weights):
            return try ensemble(weights, symbols: symbols.count)
        }
    }

    private func ensemble(_ weights: EnsembleWeights, symbols: Int) throws -> LiveDecisions {
        let members = try weights.members.map {
            try StreamedMember(StrategySelection(strategy: $0.strategy, parameters: $0.parameters), symbols: symbols)
        }
        let rule = EnsembleRule(weights: weights.members.map(\.weight), confidenceThreshold: weights.confidenceThreshold,
                                rebalanceEvery: weights.rebalanceEvery)
        var labeller: CausalRegimeModel.Labeller?
        var memberRegimes: [Int?] = []
        if let threshold = rule.confidenceThreshold {
            guard let model = strategy.regimeModel else {
                throw WorkflowError("the ensemble gates its members by regime (confidence \(threshold)) but carries no regime model to label live bars")
            }
            labeller = model.labeller(periodsPerYear: periodsPerYear)
            memberRegimes = weights.members.map { member in member.regime.flatMap { model.names.firstIndex(of: $0) } }
        }
        let every = max(1, rule.rebalanceEvery)
        var gates = [Double](repeating: 1, count: members.count)
        var held: [Double] = []
        var t = 0
        return LiveDecisions { bars in
            defer { t += 1 }
            // Every member and the labeller see every bar; the position changes at rebalancing bars only.
            let step = points(bars)
            let signals = members.map { $0.signals(step) }
            var label: (label: Int64, probability: Double)?
            if var state = labeller {
                label = try state.next(close: bars[0].close, volume: bars[0].volume, otherClose: bars.count >= 2 ? bars[1].close : nil)
                labeller = state
            }
            guard t % every == 0 else { return held }
            if let label, let threshold = rule.confidenceThreshold {
                EnsembleCombiner.setGates(&gates, label: label.label, probability: label.probability, threshold: threshold,
                                          memberRegimes: memberRegimes)
            }
            held = bars.indices.map { j in
                EnsembleCombiner.position(weights: rule.weights, gates: gates) { i in signals[i][j] }
            }
            return held
        }
    }
}

/// One strategy streamed over the session's bars: a strategy of one symbol runs on each
/// symbol, a strategy of several on the first ones (as ``StrategyEvaluator`` runs it); its
/// signals come back per session symbol (nil where it does not trade).
private struct StreamedMember {
    private let streams: [SignalStream]
    private let symbolCount: Int

    init(_ selection: StrategySelection, symbols: Int) throws {
        let definition = try StrategyRegistry.strategy(named: selection.strategy)
        let parameters = try definition.resolve(selection.parameters.values)
        guard symbols >= definition.symbolCount else {
            throw WorkflowError("strategy \(selection.strategy) trades \(definition.symbolCount) symbols but the session has \(symbols)")
        }
        symbolCount = definition.symbolCount
        streams = (0..<(symbolCount == 1 ? symbols : 1)).map { _ in definition.stream(parameters) }
    }

    func signals(_ points: [BarPoint]) -> [Double?] {
        if symbolCount == 1 { return zip(streams, points).map { $0.next([$1])[0] } }
        var out = [Double?](repeating: nil, count: points.count)
        for (j, value) in streams[0].next(Array(points.prefix(symbolCount))).enumerated() { out[j] = value }
        return out
    }
}

/// A step's bars as the strategy streams take them (converted once per step, for every member).
private func points(_ bars: [LiveBar]) -> [BarPoint] {
    bars.map { BarPoint(open: $0.open, high: $0.high, low: $0.low, close: $0.close, volume: $0.volume) }
}

/// The baseline when nothing is deployed yet: every symbol held long at its allocation.
struct BuyAndHoldStrategy: LiveStrategy {
    var description: String { "buy and hold (equal weight)" }
    func start(symbols: [String]) throws -> LiveDecisions { LiveDecisions { bars in bars.map { _ in 1 } } }
}
