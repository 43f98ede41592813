import ADMFTestSupport
import Backtest
import Foundation
import Indicators
import Live
import Market
import Reports
import Strategies
import Testing
@testable import Workflow

/// A live session's decisions bar by bar (``ResearchLiveStrategy``: streamed strategies,
/// streamed regime labels, the ensemble rule at rebalancing bars) against the backtest's batch
/// signals over the whole series — the naive reference: equal bit for bit at every bar, for one
/// strategy, a pair, and regime-gated ensembles under an HMM and a centroid model.
@Suite("live strategies bar by bar equal the backtest's signals")
struct LiveStrategyStreamTests {
    static let bars: [BarSeries] = {
        let loaded = ["SPY", "QQQ"].compactMap { try? CSVBarLoader().load(path: RepositoryPaths.dataFile("\($0)_daily.csv")) }
        return Alignment.commonTimestamps(loaded)
    }()

    static func model(_ text: String) throws -> CausalRegimeModel {
        try CausalRegimeModel(json: JSONValue.parse(text))
    }

    static let hmm = """
        {"method": "hmm", "names": ["calm", "volatile"], "features": ["volatility", "trend"], "window": 10,
         "scaler_means": [0.15, 0.01], "scaler_deviations": [0.08, 0.03],
         "start_probabilities": [0.5, 0.5], "transitions": [[0.95, 0.05], [0.1, 0.9]],
         "means": [[-0.5, 0.3], [1.0, -0.8]], "variances": [[0.5, 0.5], [1.5, 1.5]]}
        """
    static let centroids = """
        {"method": "kmeans", "names": ["a", "b", "c"], "features": ["volatility", "volume", "correlation"], "window": 10,
         "scaler_means": [0.15, 0.0, 0.8], "scaler_deviations": [0.08, 1.0, 0.1],
         "centroids": [[-0.8, -0.2, 0.3], [0.2, 0.5, -0.4], [1.5, 1.0, -1.5]]}
        """

    static func ensemble(threshold: Double?, rebalance: Int) -> EnsembleWeights {
        let members: [EnsembleWeights.Member] = [
            .init(id: "trend", strategy: "sma_crossover", parameters: ParameterSet(["fast_period": 20, "slow_period": 100, "allow_short": 1]),
                  regime: "calm", weight: 0.4),
            .init(id: "revert", strategy: "rsi_bands", parameters: ParameterSet(["period": 14, "oversold": 35, "overbought": 65]),
                  regime: "volatile", weight: 0.3),
            .init(id: "pair", strategy: "pairs_trading", parameters: ParameterSet(["lookback_period": 40, "entry_z": 1.5, "exit_z": 0.3]),
                  regime: nil, weight: 0.2),
            .init(id: "breakout", strategy: "breakout", parameters: ParameterSet(["lookback_period": 30]), regime: "a", weight: 0.1),
        ]
        return EnsembleWeights(method: "weighted_average", signalsFrom: "", segment: "", objective: "sharpe_ratio", objectiveValue: .nan,
                               trial: 0, members: members, confidenceThreshold: threshold, rebalanceEvery: rebalance,
                               constraints: .init(), replayed: false)
    }

    /// The backtest's signals: every member over the whole series, the regime labels over it, the ensemble rule.
    static func batch(_ strategy: GateStrategy, bars: [BarSeries]) throws -> [[Double]] {
        let evaluator = StrategyEvaluator(config: .init(), cache: IndicatorCache())
        switch strategy.kind {
        case .single(let selection):
            return try evaluator.signals(selection, on: bars).signals.map(\.values)
        case .ensemble(let weights):
            let members = try RecomputedSignals.rows(
                weights.members.map { StrategySelection(strategy: $0.strategy, parameters: $0.parameters) }, bars: bars, evaluator: evaluator)
            var regimes: EnsembleRegimes?
            if let model = strategy.regimeModel {
                let (labels, probabilities) = try model.labels(bars: bars, periodsPerYear: 252)
                #expect(Set(labels.filter { $0 >= 0 }).count >= 2, "the test model labels more than one regime")
                regimes = EnsembleRegimes(labels: labels, probabilities: probabilities,
                                          memberRegimes: weights.members.map { m in m.regime.flatMap { model.names.firstIndex(of: $0) } })
            }
            let rule = EnsembleRule(weights: weights.members.map(\.weight), confidenceThreshold: weights.confidenceThreshold,
                                    rebalanceEvery: weights.rebalanceEvery)
            return EnsembleCombiner.combine(members, symbols: bars.map(\.symbol), timestamps: bars[0].timestamps, rule: rule,
                                            regimes: regimes).map(\.values)
        }
    }

    static func cases() throws -> [(String, GateStrategy)] {
        [
            ("sma_crossover", GateStrategy(kind: .single(StrategySelection(strategy: "sma_crossover",
                                                                             parameters: ParameterSet(["fast_period": 50, "slow_period": 200]))),
                                           source: "test")),
            ("pairs_trading", GateStrategy(kind: .single(StrategySelection(strategy: "pairs_trading", parameters: ParameterSet([:]))),
                                           source: "test")),
            ("ensemble, no regimes, rebalanced every bar", GateStrategy(kind: .ensemble(ensemble(threshold: nil, rebalance: 1)), source: "test")),
            ("ensemble gated by an HMM, rebalanced every 5 bars",
             GateStrategy(kind: .ensemble(ensemble(threshold: 0.6, rebalance: 5)), source: "test", regimeModel: try model(hmm))),
            ("ensemble gated by centroids, rebalanced every 3 bars",
             GateStrategy(kind: .ensemble(ensemble(threshold: 0.6, rebalance: 3)), source: "test", regimeModel: try model(centroids))),
        ]
    }

    @Test("stream == batch at every bar", arguments: 0..<5)
    func streamEqualsBatch(index: Int) throws {
        let (name, strategy) = try Self.cases()[index]
        let live = ResearchLiveStrategy(strategy, periodsPerYear: 252)
        let symbols = try live.symbols(from: Self.bars)
        let bars = Self.bars.filter { symbols.contains($0.symbol) }
        #expect(bars.count >= 2 || name == "sma_crossover")
        #expect((bars.first?.count ?? 0) > 2000)
        let expected = try Self.batch(strategy, bars: bars)
        #expect(expected.contains { $0.contains { $0 != 0 } }, "\(name) takes positions")
        let decisions = try live.start(symbols: symbols)
        for t in 0..<bars[0].count {
            let step = bars.map {
                LiveBar(symbol: $0.symbol, timestamp: $0.timestamps[t], open: $0.open[t], high: $0.high[t], low: $0.low[t],
                        close: $0.close[t], volume: $0.volume[t])
            }
            let values = try decisions.next(step)
            for j in bars.indices where values[j].bitPattern != expected[j][t].bitPattern {
                Issue.record("\(name): symbol \(bars[j].symbol) bar \(t): live \(values[j]), backtest \(expected[j][t])")
                return
            }
        }
    }

    @Test("regime labels bar by bar equal the model's labels over the whole series (HMM and centroids)", arguments: ["hmm", "centroids"])
    func labellerEqualsBatch(kind: String) throws {
        let model = try Self.model(kind == "hmm" ? Self.hmm : Self.centroids)
        let (labels, probabilities) = try model.labels(bars: Self.bars, periodsPerYear: 252)
        #expect(Set(labels.filter { $0 >= 0 }).count >= 2)
        var labeller = model.labeller(periodsPerYear: 252)
        let spy = Self.bars[0], qqq = Self.bars[1]
        for t in 0..<spy.count {
            let (label, probability) = try labeller.next(close: spy.close[t], volume: spy.volume[t], otherClose: qqq.close[t])
            guard label == labels[t], probability.bitPattern == probabilities[t].bitPattern else {
                Issue.record("\(model.method) bar \(t): streamed \(label) (\(probability)), batch \(labels[t]) (\(probabilities[t]))")
                return
            }
        }
    }

    @Test("a paper session over the SPY and QQQ files trades the HMM-gated ensemble exactly as the backtest: trades, costs, equity")
    func paperSessionEqualsBacktest() throws {
        let strategy = try Self.cases()[3].1
        var config = BacktestConfig()
        config.costs = CostModel(commissionBps: 1, slippageBps: 2, marketImpact: MarketImpact())
        config.periodsPerYear = 252
        let bars = Self.bars
        let backtest = try BacktestEngine(config: config).run(
            bars: bars, signals: zip(bars, try Self.batch(strategy, bars: bars)).map {
                SignalSeries(symbol: $0.symbol, timestamps: $0.timestamps, values: $1)
            })
        let symbols = bars.map(\.symbol)
        let plan = SessionPlan(symbols: symbols, backtest: config, periodsPerYear: 252, start: bars[0].timestamps[0], durationSeconds: nil)
        let broker = try PaperBroker(config: config, symbols: symbols, periodsPerYear: 252)
        let journal = MemoryJournal()
        let session = try LiveSession(plan: plan, strategy: ResearchLiveStrategy(strategy, periodsPerYear: 252), broker: broker,
                                      journal: journal, ids: OrderIDs(run: "test", phase: "paper"), history: [])
        let feed = ReplayFeed(series: bars, range: 0..<bars[0].count, clock: .unpaced, name: "SPY and QQQ files")
        let record = try LiveRunner(session: session, feed: feed, journal: journal).run()
        let paper = broker.paper.result()
        #expect(backtest.trades.count > 20)
        #expect(paper.trades == backtest.trades)
        #expect(paper.equity == backtest.equity)
        #expect(paper.totalCommission == backtest.totalCommission)
        #expect(paper.totalSlippage == backtest.totalSlippage)
        #expect(record.equity == backtest.equity)
        #expect(record.ending == "completed")
    }
}
