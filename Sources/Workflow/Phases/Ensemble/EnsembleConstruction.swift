import Indicators
import Analysis
import Backtest
import Ensembles
import Market
import Metrics
import Reports

/// How an ensemble turns its members' signals into one position per symbol and bar.
///
/// Members are strategies with fixed parameters; `signals[i][j]` is member i's signal on
/// symbol j over the bars being built (causal: decided at each bar's close). Methods:
///
/// - `voting`: the sign of the net vote, (#long − #short)/members, 0 on a tie
///   (``Ensembles/Voting``).
/// - `weighted_average`: Σᵢ wᵢ sᵢ. Static weights are proportional to each member's positive
///   Sharpe ratio on the bars built (equal when none is positive), projected onto the
///   constraints. With `adaptive_weighting` the weights are recomputed at every bar t from the
///   members' Sharpe ratios over the `adaptive_lookback` bars ending at t (returns up to bar t,
///   so nothing after t is used), then projected; until a full look-back exists the static
///   equal weights apply. Reported weights are then the mean of the per-bar weights.
/// - `meta_learning`: per symbol an L2 logistic stacker (C = 1) on the member signals predicts
///   the next bar's direction; each bar's position is the out-of-fold prediction of a model
///   trained on purged, embargoed folds that exclude it (``Ensembles/StackedEnsemble``:
///   `cross_validation: {folds, embargo}`, default 5 folds, 5 bars). Its figures are
///   out-of-fold. Reported weights are the |coefficients| of the final stacker, normalised.
/// - `hierarchical_voting`: votes within each strategy family (members sharing a strategy
///   name), then a vote across families (``Ensembles/HierarchicalVoting``).
///
/// `market_condition_awareness` scales every position by mₜ = min(1, σ̄ₜ/σₜ), with σₜ the
/// symbol's trailing 21-bar volatility at t and σ̄ₜ the mean of σ over all bars up to t: in
/// calmer-than-usual markets full size, in turbulent ones proportionally less. Causal.
enum EnsembleMethod: String, CaseIterable, Sendable {
    case voting
    case weightedAverage = "weighted_average"
    case metaLearning = "meta_learning"
    case hierarchicalVoting = "hierarchical_voting"
}

struct EnsembleSettings: Sendable {
    var adaptiveWeighting = false
    var adaptiveLookback = 63
    var marketConditionAwareness = false
    var constraints = WeightConstraints()
    var folds = 5
    var embargo = 5
    /// Report each method's objective per contiguous fold (`cross_validation`).
    var crossValidation = false
}

/// One built ensemble: its positions, the weights it reports and how it was built.
struct BuiltEnsemble {
    var method: EnsembleMethod
    var signals: [SignalSeries]
    var weights: [Double]
    var notes: [(String, JSONValue)]
}

enum EnsembleConstruction {
    static func build(_ method: EnsembleMethod, members: [[[Double]?]], names: [String], bars: [BarSeries],
                      settings: EnsembleSettings) throws -> BuiltEnsemble {
        let n = bars.first?.count ?? 0, m = members.count, symbols = bars.count
        guard m > 0, n > 1 else { throw WorkflowError("an ensemble needs members and at least two bars") }
        func value(_ i: Int, _ j: Int, _ t: Int) -> Double {
            guard let s = members[i][j]?[t], s.isFinite else { return 0 }
            return s
        }
        var positions = [[Double]](repeating: [Double](repeating: 0, count: n), count: symbols)
        var weights = [Double](repeating: 1 / Double(m), count: m)
        var notes: [(String, JSONValue)] = []
        switch method {
        case .voting:
            for j in 0..<symbols {
                let matrix = try SignalMatrix(bars: n, members: m, values: (0..<n).flatMap { t in (0..<m).map { value($0, j, t) } })
                positions[j] = try Voting.vote(matrix)
            }
        case .hierarchicalVoting:
            var families: [String] = []
            for name in names where !families.contains(name) { families.append(name) }
            let groups = families.map { family in VotingGroup(name: family, members: names.indices.filter { names[$0] == family }) }
            for j in 0..<symbols {
                let matrix = try SignalMatrix(bars: n, members: m, values: (0..<n).flatMap { t in (0..<m).map { value($0, j, t) } })
                positions[j] = try HierarchicalVoting.vote(matrix, groups: groups)
            }
            notes.append(("groups", .array(groups.map { group in
                .object([("family", .string(group.name)), ("members", .array(group.members.map { .integer($0) }))])
            })))
        case .weightedAverage:
            let memberReturns = (0..<m).map { i in grossReturns(i, value: value, bars: bars) }
            let sharpe = memberReturns.map { SharpeRatio.compute($0, periodsPerYear: 252) }
            let raw = sharpe.map { $0.isFinite ? max(0, $0) : 0 }
            let base = raw.contains { $0 > 0 } ? raw : [Double](repeating: 1, count: m)
            let correlation = settings.constraints.maxCorrelation == nil ? nil : pearson(memberReturns)
            weights = try project(base, settings.constraints, correlation)
            if settings.adaptiveWeighting {
                var sum = [Double](repeating: 0, count: m)
                var counted = 0
                let lookback = max(2, settings.adaptiveLookback)
                for t in 0..<n {
                    var w = weights
                    if t >= lookback {
                        // returns earned over bars t−lookback+1 … t (position at u−1 times the return into u)
                        let trailing = (0..<m).map { i in
                            SharpeRatio.compute(Array(memberReturns[i][(t - lookback)..<t]), periodsPerYear: 252)
                        }
                        let clipped = trailing.map { $0.isFinite ? max(0, $0) : 0 }
                        w = try project(clipped.contains { $0 > 0 } ? clipped : [Double](repeating: 1, count: m), settings.constraints, correlation)
                    }
                    for j in 0..<symbols {
                        var s = 0.0
                        for i in 0..<m { s += w[i] * value(i, j, t) }
                        positions[j][t] = s
                    }
                    for i in 0..<m { sum[i] += w[i] }
                    counted += 1
                }
                weights = sum.map { $0 / Double(max(1, counted)) }
                notes.append(("adaptive_lookback", .integer(lookback)))
            } else {
                for j in 0..<symbols {
                    for t in 0..<n {
                        var s = 0.0
                        for i in 0..<m { s += weights[i] * value(i, j, t) }
                        positions[j][t] = s
                    }
                }
            }
            notes.append(("in_sample_sharpe", .array(sharpe.map { .number($0) })))
        case .metaLearning:
            var coefficients = [Double](repeating: 0, count: m)
            for j in 0..<symbols {
                let closes = bars[j].close
                let returns = (0..<n).map { t in t == 0 || closes[t - 1] == 0 ? 0 : closes[t] / closes[t - 1] - 1 }
                let target = StackedEnsemble.nextBarDirection(returns: returns)
                let matrix = try SignalMatrix(bars: n - 1, members: m, values: (0..<(n - 1)).flatMap { t in (0..<m).map { value($0, j, t) } })
                let fit = try StackedEnsemble.fit(signals: matrix, target: target, config: StackingConfig(
                    folds: settings.folds, horizon: 1, embargo: .bars(settings.embargo)))
                for t in 0..<(n - 1) { positions[j][t] = fit.outOfFoldSignal[t] }
                for i in 0..<m { coefficients[i] += abs(fit.finalModel.coefficients[i]) }
            }
            let total = coefficients.reduce(0, +)
            weights = total > 0 ? coefficients.map { $0 / total } : weights
            notes.append(("positions", .string("out-of-fold predictions of purged, embargoed folds (\(settings.folds) folds, \(settings.embargo)-bar embargo)")))
        }
        if settings.marketConditionAwareness {
            for j in 0..<symbols {
                let scale = volatilityScale(bars[j])
                for t in 0..<n { positions[j][t] *= scale[t] }
            }
            notes.append(("market_condition_scaling", .string("min(1, mean trailing 21-bar volatility so far / trailing 21-bar volatility)")))
        }
        let signals = (0..<symbols).map { SignalSeries(symbol: bars[$0].symbol, timestamps: bars[$0].timestamps, values: positions[$0]) }
        return BuiltEnsemble(method: method, signals: signals, weights: weights, notes: notes)
    }

    /// Member i's gross return series Σⱼ sᵢⱼ(t−1)·rⱼ(t) / J (n − 1 values).
    static func grossReturns(_ i: Int, value: (Int, Int, Int) -> Double, bars: [BarSeries]) -> [Double] {
        let n = bars.first?.count ?? 0
        guard n > 1 else { return [] }
        return (1..<n).map { t in
            var total = 0.0
            for (j, series) in bars.enumerated() where series.close[t - 1] != 0 {
                total += value(i, j, t - 1) * (series.close[t] / series.close[t - 1] - 1)
            }
            return total / Double(max(1, bars.count))
        }
    }

    /// Weights ∝ `raw`, projected onto the constraints (members correlated beyond
    /// `max_correlation` are not both held; see ``Ensembles/ConstrainedWeights``).
    static func project(_ raw: [Double], _ constraints: WeightConstraints, _ correlation: [[Double]]?) throws -> [Double] {
        let total = raw.reduce(0, +)
        let scaled = total > 0 ? raw.map { $0 / total * constraints.sum } : raw
        do {
            return try ConstrainedWeights.project(scaled, constraints: constraints, correlation: correlation)
        } catch {
            throw WorkflowError("ensemble weights: \(error.reason)")
        }
    }

    /// The members' correlation matrix (``Analysis/Correlation/matrix(_:)``), with 0 against a
    /// constant series (no variance: it moves with nothing) and 1 on the diagonal.
    static func pearson(_ series: [[Double]]) -> [[Double]] {
        Correlation.matrix(series).enumerated().map { i, row in
            row.enumerated().map { j, value in i == j ? 1 : (value.isFinite ? value : 0) }
        }
    }

    /// mₜ = min(1, σ̄ₜ / σₜ) (1 until 21 returns exist).
    static func volatilityScale(_ bars: BarSeries) -> [Double] {
        let n = bars.count, window = 21
        var returns = [Double](repeating: 0, count: n)
        for t in 1..<max(1, n) where bars.close[t - 1] != 0 { returns[t] = bars.close[t] / bars.close[t - 1] - 1 }
        let sigma = Indicators.rollingStdDev(returns, period: window, ddof: 1)
        var scale = [Double](repeating: 1, count: n)
        var sumSigma = 0.0, counted = 0
        for t in window..<max(window, n) {
            sumSigma += sigma[t]
            counted += 1
            let average = sumSigma / Double(counted)
            scale[t] = sigma[t] > 0 ? min(1, average / sigma[t]) : 1
        }
        return scale
    }
}
