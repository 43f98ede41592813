import Indicators
import Live
import Market
import Strategies

/// A research strategy — one strategy with its parameters, or an ensemble with its weights and
/// regime model — traded live: at each bar its signals are computed over the whole history
/// (warm-up bars, then every session bar) and the last value of each symbol is the decision.
///
/// Every strategy, member and regime model is causal (its value at bar t reads bars up to t),
/// so the live decision at a bar is exactly the backtest's signal at that bar. The cost is one
/// evaluation over the history per bar — milliseconds for daily bars.
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

    func signals(history: [BarSeries]) throws -> [Double] {
        let evaluator = StrategyEvaluator(config: .init(), cache: IndicatorCache())
        let n = history.first?.count ?? 0
        guard n > 0 else { return history.map { _ in 0 } }
        switch strategy.kind {
        case .single(let selection):
            return try evaluator.signals(selection, on: history).signals.map { $0.values[n - 1] }
        case .ensemble(let weights):
            let members = try RecomputedSignals.rows(
                weights.members.map { StrategySelection(strategy: $0.strategy, parameters: $0.parameters) },
                bars: history, evaluator: evaluator)
            var regimes: EnsembleRegimes?
            if let model = strategy.regimeModel {
                let (labels, probabilities) = try model.labels(bars: history, periodsPerYear: periodsPerYear)
                regimes = EnsembleRegimes(labels: labels, probabilities: probabilities, memberRegimes: weights.members.map { member in
                    member.regime.flatMap { model.names.firstIndex(of: $0) }
                })
            } else if weights.confidenceThreshold != nil {
                throw WorkflowError("the ensemble gates its members by regime but carries no regime model to label live bars")
            }
            let rule = EnsembleRule(weights: weights.members.map(\.weight), confidenceThreshold: weights.confidenceThreshold,
                                    rebalanceEvery: weights.rebalanceEvery)
            return EnsembleCombiner.combine(members, symbols: history.map(\.symbol), timestamps: history[0].timestamps, rule: rule,
                                            regimes: regimes).map { $0.values[n - 1] }
        }
    }
}

/// The baseline when nothing is deployed yet: every symbol held long at its allocation.
struct BuyAndHoldStrategy: LiveStrategy {
    var description: String { "buy and hold (equal weight)" }
    func signals(history: [BarSeries]) throws -> [Double] { history.map { _ in 1 } }
}
