import Backtest
import Indicators
import Market
import Metrics
import Reports
import Strategies

/// `input_processing` of an optimisation phase whose inputs are earlier phases' results
/// (the specification's data-flow pattern):
///
/// ```yaml
/// - name: ensemble_optimization
///   type: optimization
///   inputs: ["strategy_optimization_a.strategy_a_results", "strategy_optimization_b.strategy_b_results",
///            "data_preprocessing.regime_labels"]
///   config:
///     input_processing:
///       strategy_a_weight: 0.4     # <input>_weight: the share of input <input>_results (or of phase <input>)
///       strategy_b_weight: 0.6
///       regime_conditioning: true  # tilt the shares per causal regime (needs a regime_labels input)
///     data_split: train            # default train
/// ```
///
/// The phase combines its parameter-set inputs into one ensemble: input g's members share its
/// weight w_g equally (weights are normalised to sum to 1; an input without a `_weight` key gets
/// none of the ensemble and is an error). Positions are Σᵢ wᵢ sᵢ per symbol and bar, backtested
/// with the phase's costs.
///
/// `regime_conditioning`: for each causal regime r of the labels input, measured on the phase's
/// bars, input g's share becomes w_g · max(0, SR_{g,r}) renormalised, where SR_{g,r} is the
/// Sharpe ratio of g's equal-weight sub-ensemble over the returns taken at bars labelled r; the
/// base shares apply in a regime with fewer than 20 such returns or no positive Sharpe ratio,
/// and at unlabelled bars. Each bar uses the shares of the regime labelled at that bar (the
/// labels are causal). The tilts are fitted on the bars they are reported on: the figures are
/// in sample.
struct InputProcessing: Sendable {
    var weights: [(name: String, weight: Double)]
    var regimeConditioning: Bool

    static func parse(_ node: ConfigNode, planning: PlanningContext) throws -> InputProcessing {
        var weights: [(String, Double)] = []
        var regime = false
        for entry in try node.entries() {
            if entry.key == "regime_conditioning" {
                regime = try entry.value.bool()
                continue
            }
            guard entry.key.hasSuffix("_weight"), entry.key.count > 7 else {
                throw (node.keyNode(entry.key) ?? node).error("input_processing takes <input>_weight keys and regime_conditioning, not '\(entry.key)'")
            }
            let weight = try entry.value.double()
            try entry.value.ensure(weight >= 0 && weight.isFinite, "\(entry.key) must be a non-negative number")
            let name = String(entry.key.dropLast(7))
            let matches = planning.inputs(of: .parameterSets).filter { $0.output == "\(name)_results" || $0.output == name || $0.phase == name }
            guard matches.count == 1 else {
                throw (node.keyNode(entry.key) ?? node).error(
                    matches.isEmpty ? "\(entry.key) names no parameter-set input ('\(name)_results', '\(name)' or a phase '\(name)')"
                                    : "\(entry.key) matches several inputs",
                    hint: "inputs: \(planning.inputs(of: .parameterSets).map(\.text).joined(separator: ", "))")
            }
            weights.append((matches[0].text, weight))
        }
        for input in planning.inputs(of: .parameterSets) where !weights.contains(where: { $0.0 == input.text }) {
            throw node.error("input '\(input.text)' has no <input>_weight in input_processing", hint: "give every parameter-set input a weight")
        }
        guard weights.contains(where: { $0.1 > 0 }) else { throw node.error("input_processing weights must not all be 0") }
        if regime, planning.inputs(of: .regimeLabels).isEmpty, let key = node.keyNode("regime_conditioning") {
            throw key.error("regime_conditioning needs a regime_labels input (e.g. a data_processing phase's regime_labels)")
        }
        return InputProcessing(weights: weights, regimeConditioning: regime)
    }
}

extension OptimizationPhase {
    func runInputProcessing(_ context: PhaseContext, _ processing: InputProcessing) throws -> PhaseResult {
        let bars = context.data.bars(segment)
        let range = context.data.range(segment)
        let symbols = bars.map(\.symbol)
        let total = processing.weights.reduce(0) { $0 + $1.weight }
        var members: [StrategySelection] = [], group: [Int] = []
        var shares: [Double] = []
        for (g, entry) in processing.weights.enumerated() {
            guard let input = context.inputs.first(where: { $0.reference.text == entry.name }) else { continue }
            let selections = try ParameterSetsCodec.decode(input.artifact.value)
            guard !selections.isEmpty else { throw WorkflowError(phase: name, "input \(entry.name) holds no parameter sets") }
            for selection in selections {
                members.append(selection)
                group.append(g)
            }
            shares.append(entry.weight / total)
        }
        let signals = try RecomputedSignals.rows(members, bars: bars, evaluator: StrategyEvaluator(config: .init(), cache: IndicatorCache()))
        let n = bars.first?.count ?? 0
        let groups = shares.count
        let counts = (0..<groups).map { g in group.filter { $0 == g }.count }
        func memberWeights(_ groupShares: [Double]) -> [Double] {
            members.indices.map { i in groupShares[group[i]] / Double(max(1, counts[group[i]])) }
        }
        func value(_ i: Int, _ j: Int, _ t: Int) -> Double {
            guard let s = signals[i][j]?[t], s.isFinite else { return 0 }
            return s
        }
        // regime tilts (shares per regime), from the causal labels over this segment
        var regimeNames: [String] = []
        var labels = [Int?](repeating: nil, count: n)
        var regimeShares: [[Double]] = []
        if processing.regimeConditioning, let input = context.inputs(of: .regimeLabels).first {
            regimeNames = input.artifact.value["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let all = input.artifact.value["labels"]?.arrayValue ?? []
            guard all.count == context.data.full.first?.count else {
                throw WorkflowError(phase: name, "the regime labels of \(input.reference.text) do not cover this workflow's bars")
            }
            for t in 0..<n {
                if let v = all[range.lowerBound + t].doubleValue, v.isFinite, v >= 0, v < Double(regimeNames.count) { labels[t] = Int(v) }
            }
            // each group's equal-weight sub-ensemble return taken at bar t (position at t, return into t+1)
            let groupReturns: [[Double]] = (0..<groups).map { g in
                (0..<max(0, n - 1)).map { t in
                    var r = 0.0
                    for i in members.indices where group[i] == g {
                        for j in symbols.indices where bars[j].close[t] != 0 {
                            r += value(i, j, t) / Double(counts[g]) * (bars[j].close[t + 1] / bars[j].close[t] - 1)
                        }
                    }
                    return r / Double(max(1, symbols.count))
                }
            }
            regimeShares = regimeNames.indices.map { r in
                let taken = (0..<max(0, n - 1)).filter { labels[$0] == r }
                guard taken.count >= 20 else { return shares }
                let tilted = (0..<groups).map { g in
                    shares[g] * max(0, SharpeRatio.compute(taken.map { groupReturns[g][$0] }, periodsPerYear: context.data.periodsPerYear))
                }
                let sum = tilted.filter(\.isFinite).reduce(0, +)
                return sum > 0 ? tilted.map { $0.isFinite ? $0 / sum : 0 } : shares
            }
        }
        let base = memberWeights(shares)
        let perRegime = regimeShares.map(memberWeights)
        var positions = [[Double]](repeating: [Double](repeating: 0, count: n), count: symbols.count)
        for t in 0..<n {
            let w = labels[t].flatMap { $0 < perRegime.count ? perRegime[$0] : nil } ?? base
            for j in symbols.indices {
                var s = 0.0
                for i in members.indices { s += w[i] * value(i, j, t) }
                positions[j][t] = s
            }
        }
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        config.detail = .summary
        let series = symbols.indices.map { SignalSeries(symbol: symbols[$0], timestamps: bars[$0].timestamps, values: positions[$0]) }
        let result = try BacktestEngine(config: config).run(bars: bars, signals: series)
        var artifacts: [Artifact] = []
        for output in context.requestedOutputs {
            switch output {
            case "ensemble_weights":
                var weights = EnsembleWeights(
                    method: "weighted_average", signalsFrom: "", segment: segment.rawValue, objective: objective.rawValue,
                    objectiveValue: objective.value(result.summary), trial: 0,
                    members: members.indices.map { i in
                        EnsembleWeights.Member(id: "m\(i)", strategy: members[i].strategy, parameters: members[i].parameters, regime: nil,
                                               weight: base[i])
                    },
                    confidenceThreshold: nil, rebalanceEvery: 1, constraints: .init(), replayed: false)
                weights.notes = [
                    ("input_shares", .object(zip(processing.weights, shares).map { ($0.0.name, .number($0.1)) })),
                    ("regime_conditioning", .bool(processing.regimeConditioning)),
                ]
                if !regimeShares.isEmpty {
                    weights.notes.append(("regime_input_shares", .object(zip(regimeNames, regimeShares).map { name, row in
                        (name, .object(zip(processing.weights, row).map { ($0.0.name, .number($0.1)) }))
                    })))
                }
                artifacts.append(Artifact(name: output, kind: .ensembleWeights, value: weights.json))
            case "ensemble_performance_metrics":
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object([
                    ("sample", .string("in_sample")), ("segment", .string(segment.rawValue)),
                    ("metrics", MetricsJSON.summary(result.summary)),
                ])))
            default:
                continue
            }
        }
        var out = PhaseResult(artifacts: artifacts)
        out.seen = range
        return out
    }
}
