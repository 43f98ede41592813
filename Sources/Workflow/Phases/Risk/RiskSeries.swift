import Backtest
import Market
import Reports
import Strategies

/// The per-bar returns a risk analysis studies, located on the workflow's aligned bars.
///
/// `returns[j]` is the simple return into bar `bars[j]` (an index of the full data), from
/// the close of bar `bars[j] − 1`. Two sources:
/// - a parameter-set input: the best set backtested on the phase's `data_split` (fills at the
///   next open, the phase's cost settings); the positions are its weights (position value
///   over equity) at the last bar's close and averaged over the bars;
/// - a `walk_forward_results` input: its stitched out-of-sample returns
///   (`stitched_out_of_sample_returns`); the positions are those of the last window's
///   selection backtested on that window's test bars (last bar, and average over the window).
struct RiskSeries: Sendable {
    var source: String
    var identity: [(String, JSONValue)]
    var returns: [Double]
    var bars: [Int]
    /// Symbol → weight at the last bar; nil when the source has no positions.
    var lastWeights: [(String, Double)]?
    var averageWeights: [(String, Double)]?
    var positionsBasis: String
    /// `out_of_sample` / `in_sample` (see ``Lineage``).
    var sample: String
    /// The bars the returns span (for the phase's lineage).
    var span: Range<Int>

    /// From the best parameter set, backtested on `range` of the full data.
    static func strategy(_ best: StrategySelection, result: BacktestResult, range: Range<Int>, sample: String,
                         segment: DataSegment) -> RiskSeries {
        let n = result.returns.count
        let bars = (0..<n).map { range.lowerBound + $0 + 1 }
        let (last, average) = weights(result)
        return RiskSeries(
            source: "strategy", identity: [("source", .string("parameter_sets")), ("strategy", .string(best.strategy)),
                                            ("parameters", best.parametersJSON), ("segment", .string(segment.rawValue))],
            returns: result.returns, bars: bars, lastWeights: last, averageWeights: average,
            positionsBasis: "the strategy's weights (position value / equity) at the last bar's close, and their mean over the bars",
            sample: sample, span: range)
    }

    /// From a `walk_forward_results` artifact.
    static func walkForward(_ input: PhaseInput, context: PhaseContext, evaluator: StrategyEvaluator, phase: String) throws -> RiskSeries {
        let value = input.artifact.value
        guard let series = value["stitched_out_of_sample_returns"],
              let dates = series["dates"]?.arrayValue?.compactMap(\.stringValue),
              let returns = series["returns"]?.arrayValue?.map({ $0.doubleValue ?? .nan }), !returns.isEmpty else {
            throw WorkflowError(phase: phase, "input '\(input.reference.text)' carries no per-bar returns (stitched_out_of_sample_returns); risk analysis needs a parameter-set input or a walk_forward_results output")
        }
        let timestamps = context.data.full.first?.timestamps ?? []
        var index: [String: Int] = [:]
        for (t, time) in timestamps.enumerated() { index[Timestamps.format(time)] = t }
        let bars = dates.compactMap { index[$0] }
        guard bars.count == returns.count, bars.count == dates.count else {
            throw WorkflowError(phase: phase, "the stitched returns of '\(input.reference.text)' are dated on bars this workflow's data does not have (\(dates.count) dates, \(returns.count) returns)")
        }
        let windows = value["windows"]?.arrayValue ?? []
        var last: [(String, Double)]?, average: [(String, Double)]?
        var basis = "positions unavailable: the last walk-forward window names no strategy with parameters"
        if let window = windows.last, let positions = window["positions"], let lastPairs = positions["last"]?.objectValue,
           let averagePairs = positions["average"]?.objectValue {
            // the window recorded its own positions (an ensemble: no single registered strategy to re-run)
            last = lastPairs.map { ($0.0, $0.1.doubleValue ?? .nan) }
            average = averagePairs.map { ($0.0, $0.1.doubleValue ?? .nan) }
            basis = "the last walk-forward window's \(window["strategy"]?.stringValue ?? "selection") on its test bars \(window["test_start"]?.stringValue ?? "") … \(window["test_end"]?.stringValue ?? ""): weights at the last bar, and their mean over the window"
        } else if let window = windows.last, let strategy = window["strategy"]?.stringValue, let values = window["parameters"]?.objectValue,
           let start = window["test_start"]?.stringValue.flatMap({ index[$0] }),
           let end = window["test_end"]?.stringValue.flatMap({ index[$0] }), end > start {
            var dictionary: [String: Double] = [:]
            for (key, value) in values { dictionary[key] = value.doubleValue ?? .nan }
            let selection = StrategySelection(strategy: strategy, parameters: ParameterSet(dictionary))
            let result = try evaluator.run(selection, on: context.data.full, range: start..<(end + 1))
            (last, average) = weights(result)
            basis = "the last walk-forward window's selection (\(strategy)) on its test bars \(window["test_start"]?.stringValue ?? "") … \(window["test_end"]?.stringValue ?? ""): weights at the last bar, and their mean over the window"
        }
        let first = (bars.first ?? 1) - 1
        return RiskSeries(
            source: "walk_forward", identity: [("source", .string("walk_forward_results")), ("input", .string(input.reference.text)),
                                                ("windows", .integer(windows.count))],
            returns: returns, bars: bars, lastWeights: last, averageWeights: average, positionsBasis: basis,
            sample: input.lineage?.sample ?? "in_sample", span: max(0, first)..<((bars.last ?? first) + 1))
    }

    /// Per symbol (in the result's order): the last bar's weight and the mean weight.
    static func weights(_ result: BacktestResult) -> ([(String, Double)], [(String, Double)]) {
        var last: [(String, Double)] = [], average: [(String, Double)] = []
        for (s, symbol) in result.symbols.enumerated() where s < result.weights.count {
            let w = result.weights[s]
            last.append((symbol, w.last ?? 0))
            average.append((symbol, w.isEmpty ? 0 : w.reduce(0, +) / Double(w.count)))
        }
        return (last, average)
    }

    /// The buy-and-hold return of `symbol` into each of ``bars`` (close to close).
    func holdReturns(_ series: BarSeries) -> [Double] {
        bars.map { b in b >= 1 && b < series.count ? series.close[b] / series.close[b - 1] - 1 : .nan }
    }

    /// Returns of the equal-weight buy-and-hold portfolio of `all` symbols, bought at the close
    /// of the bar before the first return (`V_b = (1/k) Σ_s P_{s,b} / P_{s,b₀}`), into each bar.
    func portfolioReturns(_ all: [BarSeries]) -> [Double] {
        guard let first = bars.first, first >= 1, !all.isEmpty else { return returns.map { _ in .nan } }
        let b0 = first - 1
        func value(_ b: Int) -> Double {
            all.reduce(0) { $0 + $1.close[b] / $1.close[b0] } / Double(all.count)
        }
        return bars.map { b in b >= 1 && b < (all.first?.count ?? 0) ? value(b) / value(b - 1) - 1 : .nan }
    }

    /// The date of each return.
    func dates(_ data: WorkflowData) -> [Int64] {
        let timestamps = data.full.first?.timestamps ?? []
        return bars.map { $0 < timestamps.count ? timestamps[$0] : 0 }
    }
}
