import Analysis
import Backtest
import Indicators
import Market
import Metrics
import Optimization
import Reports

/// The `overfitting_statistics` of a search: how much of the best result is luck.
///
/// - `psr`: probabilistic Sharpe ratio of the selected trial against 0 (Bailey & López de
///   Prado 2012), on its per-bar returns, with skewness and raw kurtosis;
/// - `dsr`: deflated Sharpe ratio (Bailey & López de Prado 2014): PSR against the expected
///   maximum Sharpe of N trials, N = the number of trials actually run, their per-bar Sharpe
///   variance from every evaluated trial;
/// - `pbo`: probability of backtest overfitting by CSCV (Bailey, Borwein, López de Prado &
///   Zhu 2017) with 16 blocks on the returns matrix of up to 200 trials (all when fewer; else
///   the 200 best by objective — which biases PBO downwards, noted in the output);
/// - `oos_is_degradation` where an out-of-sample figure exists (walk-forward).
enum OverfittingReport {
    static let maximumTrials = 200

    static func compute(selected: StrategySelection, trials: [(selection: StrategySelection, sharpe: Double)],
                        objective: Objective, bars: [BarSeries], config: BacktestConfig, periodsPerYear: Double,
                        workers: Int, meter: WorkMeter? = nil) throws -> JSONValue {
        let evaluator = StrategyEvaluator(config: config, cache: IndicatorCache())
        let best: BacktestResult
        do {
            best = try evaluator.run(selected, on: bars)
        } catch {
            throw WorkflowError("overfitting statistics: the selected \(selected.strategy) backtest failed: \(error)")
        }
        let scale = periodsPerYear.squareRoot()
        let perBar = trials.map { $0.sharpe / scale }.filter(\.isFinite)
        let excluded = trials.filter { !$0.sharpe.isFinite }
        let dsr = DeflatedSharpeRatio.compute(returns: best.returns, trialSharpes: perBar)
        let psr = ProbabilisticSharpeRatio.compute(returns: best.returns, benchmark: 0)
        var pairs: [(String, JSONValue)] = [
            ("selected", .object([("strategy", .string(selected.strategy)), ("parameters", selected.parametersJSON)])),
            ("trials", .integer(trials.count)),
            ("observations", .integer(best.returns.count)),
            ("sharpe_per_bar", .number(dsr.observedSharpe)),
            ("psr", .number(psr)),
            ("dsr", .number(dsr.dsr)),
            ("expected_max_sharpe_per_bar", .number(dsr.expectedMaxSharpe)),
        ]
        if !excluded.isEmpty {
            // Trials without a Sharpe ratio (failed backtests, flat returns) cannot enter the
            // variance of trial Sharpe ratios; they are named rather than silently dropped.
            pairs.append(("dsr_excluded_trials", .array(excluded.prefix(20).map { trial in
                .object([("strategy", .string(trial.selection.strategy)), ("parameters", trial.selection.parametersJSON),
                         ("reason", .string("no finite Sharpe ratio (failed backtest or constant returns)"))])
            })))
            pairs.append(("dsr_excluded_count", .integer(excluded.count)))
        }
        pairs += try pbo(trials.map(\.selection), evaluator: evaluator, bars: bars, workers: workers, meter: meter)
        return .object(pairs)
    }

    /// PBO by CSCV (16 blocks) on the returns of up to ``maximumTrials`` candidates over the
    /// bars at `range` (all bars when `nil`), each evaluated in parallel. A candidate whose
    /// backtest fails is left out and listed with its reason (`pbo_failed_candidates`); `pbo`
    /// is `null` with a note saying why when fewer than two candidates or 16 bars remain.
    static func pbo(_ candidates: [StrategySelection], evaluator: StrategyEvaluator, bars: [BarSeries],
                    range: Range<Int>? = nil, workers: Int, meter: WorkMeter? = nil) throws -> [(String, JSONValue)] {
        let subset = Array(candidates.prefix(maximumTrials))
        var outcomes = [Result<[Double], Error>?](repeating: nil, count: subset.count)
        let specs = subset.enumerated().map { TrialSpec(index: $0, strategy: $1.strategy, parameters: $1.parameters) }
        _ = try ParallelEvaluator(workers: workers, batchSize: max(16, 8 * workers), meter: meter).run(
            specs,
            evaluate: { spec -> (Int, Result<[Double], Error>) in
                let selection = StrategySelection(strategy: spec.strategy, parameters: spec.parameters)
                return (spec.index, Result {
                    try (range.map { try evaluator.run(selection, on: bars, range: $0) } ?? evaluator.run(selection, on: bars)).returns
                })
            },
            onBatch: { batch in for (index, outcome) in batch { outcomes[index] = outcome } })
        var matrix: [[Double]] = []
        var failures: [JSONValue] = []
        for (selection, outcome) in zip(subset, outcomes) {
            switch outcome {
            case .success(let returns)?:
                matrix.append(returns)
            case .failure(let error)?:
                failures.append(.object([("strategy", .string(selection.strategy)), ("parameters", selection.parametersJSON),
                                         ("reason", .string("\(error)"))]))
            case nil:
                failures.append(.object([("strategy", .string(selection.strategy)), ("parameters", selection.parametersJSON),
                                         ("reason", .string("not evaluated"))]))
            }
        }
        var pairs: [(String, JSONValue)] = []
        if !failures.isEmpty { pairs.append(("pbo_failed_candidates", .array(failures))) }
        let length = matrix.map(\.count).min() ?? 0
        guard matrix.count >= 2, length >= 16 else {
            let why = matrix.count < 2
                ? "needs at least 2 candidates whose backtests succeed; \(matrix.count) of \(subset.count) did"
                    + (failures.isEmpty ? "" : " (see pbo_failed_candidates)")
                : "needs at least 16 bars of returns; the candidates have \(length)"
            return [("pbo", .null), ("pbo_note", .string(why))] + pairs
        }
        let result = ProbabilityOfBacktestOverfitting.compute(trialReturns: matrix.map { Array($0.prefix(length)) }, blocks: 16)
        pairs = [
            ("pbo", .number(result.pbo)), ("pbo_splits", .integer(result.splits)),
            ("pbo_trials", .integer(matrix.count)),
            ("pbo_probability_of_loss", .number(result.probabilityOfLoss)),
            ("pbo_degradation_slope", .number(result.performanceDegradation.slope)),
        ] + pairs
        if candidates.count > maximumTrials {
            pairs.append(("pbo_note", .string("computed on the \(maximumTrials) best of \(candidates.count) trials")))
        }
        return pairs
    }
}
