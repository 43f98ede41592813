import Ensembles
import Market
import Metrics

extension EnsembleConstruction {
    /// An ensemble built by `method` fitted on the bars `train` and traded on the bars `test` of
    /// `bars` (`signals[i][j]` member i's signal on symbol j over all of `bars`): the positions of
    /// the test bars, using nothing after each test bar and fitting nothing on test bars.
    ///
    /// - `voting`, `hierarchical_voting`: nothing to fit; the test bars' votes.
    /// - `weighted_average`: weights from the members' Sharpe ratios on the training bars
    ///   (projected); with `adaptive_weighting`, each test bar's weights from its trailing
    ///   `adaptive_lookback` bars (which may reach back into the training bars).
    /// - `meta_learning`: the stacker fitted on the training bars (purged folds inside them)
    ///   predicts the test bars.
    /// `market_condition_awareness` scales by the same causal volatility ratio as when building.
    static func walkForward(_ method: EnsembleMethod, signals: [[[Double]?]], names: [String], bars: [BarSeries],
                            settings: EnsembleSettings, train: Range<Int>, test: Range<Int>) throws -> (weights: [Double], signals: [SignalSeries]) {
        let m = signals.count, symbols = bars.count
        func slice(_ range: Range<Int>) -> [[[Double]?]] { signals.map { $0.map { $0.map { Array($0[range]) } } } }
        func value(_ i: Int, _ j: Int, _ t: Int) -> Double {
            guard let s = signals[i][j]?[t], s.isFinite else { return 0 }
            return s
        }
        let trainBars = bars.map { $0.slice(train) }, testBars = bars.map { $0.slice(test) }
        var positions = [[Double]](repeating: [Double](repeating: 0, count: test.count), count: symbols)
        var weights = [Double](repeating: 1 / Double(max(1, m)), count: m)
        switch method {
        case .voting, .hierarchicalVoting:
            let built = try build(method, members: slice(test), names: names, bars: testBars,
                                  settings: EnsembleSettings(constraints: settings.constraints))
            for j in 0..<symbols { positions[j] = built.signals[j].values }
            weights = built.weights
        case .weightedAverage:
            if settings.adaptiveWeighting {
                let lookback = max(2, settings.adaptiveLookback)
                guard test.lowerBound - lookback >= 0 else {
                    throw WorkflowError("adaptive weighting needs \(lookback) bars before the first test bar; lengthen the training window")
                }
                // trailing weights over [t − lookback, t): earlier bars only
                let span = (test.lowerBound - lookback)..<test.upperBound
                let built = try build(.weightedAverage, members: slice(span), names: names, bars: bars.map { $0.slice(span) },
                                      settings: EnsembleSettings(adaptiveWeighting: true, adaptiveLookback: lookback,
                                                                 constraints: settings.constraints))
                for j in 0..<symbols { positions[j] = Array(built.signals[j].values.suffix(test.count)) }
                // reported: the weights fitted on the training bars (the trailing ones change every bar)
                weights = try build(.weightedAverage, members: slice(train), names: names, bars: trainBars,
                                    settings: EnsembleSettings(constraints: settings.constraints)).weights
            } else {
                let fitted = try build(.weightedAverage, members: slice(train), names: names, bars: trainBars,
                                       settings: EnsembleSettings(constraints: settings.constraints))
                weights = fitted.weights
                for j in 0..<symbols {
                    for (k, t) in test.enumerated() {
                        var s = 0.0
                        for i in 0..<m { s += weights[i] * value(i, j, t) }
                        positions[j][k] = s
                    }
                }
            }
        case .metaLearning:
            var coefficients = [Double](repeating: 0, count: m)
            for j in 0..<symbols {
                let closes = trainBars[j].close
                let returns = closes.indices.map { t in t == 0 || closes[t - 1] == 0 ? 0 : closes[t] / closes[t - 1] - 1 }
                let target = StackedEnsemble.nextBarDirection(returns: returns)
                let rows = target.count
                let matrix = try SignalMatrix(bars: rows, members: m, values: (0..<rows).flatMap { k in (0..<m).map { value($0, j, train.lowerBound + k) } })
                let fit = try StackedEnsemble.fit(signals: matrix, target: target, config: StackingConfig(
                    folds: settings.folds, horizon: 1, embargo: .bars(settings.embargo)))
                let testMatrix = try SignalMatrix(bars: test.count, members: m, values: test.flatMap { t in (0..<m).map { value($0, j, t) } })
                positions[j] = try fit.predictSignal(testMatrix)
                for i in 0..<m { coefficients[i] += abs(fit.finalModel.coefficients[i]) }
            }
            let total = coefficients.reduce(0, +)
            if total > 0 { weights = coefficients.map { $0 / total } }
        }
        if settings.marketConditionAwareness {
            for j in 0..<symbols {
                let scale = volatilityScale(bars[j])  // over all bars up to each t: causal
                for (k, t) in test.enumerated() { positions[j][k] *= scale[t] }
            }
        }
        let out = (0..<symbols).map { SignalSeries(symbol: testBars[$0].symbol, timestamps: testBars[$0].timestamps, values: positions[$0]) }
        return (weights, out)
    }
}
