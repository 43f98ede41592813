import Backtest
import Indicators
import Market
import Reports
import Strategies

/// The members of an ensemble that joins research branches — the specification's
/// `convergence_phase` with `inputs: ["branch.phase.results", …]` — as out-of-sample signal
/// streams over the workflow's bars.
///
/// - A walk-forward's `results` (or `walk_forward_results`) is one member: in each window's
///   test bars, the signal of what that window selected on its training bars — the window's
///   stored `out_of_sample_signals` when it carries them (models), else the selected strategy's
///   signals recomputed over the whole series (causal) and cut to the window. With overlapping
///   windows each bar takes the latest window that started testing at or before it, as the
///   stitched curve does. Every such signal was decided from bars before its window's test
///   start: the stream is out of sample wherever it is defined.
/// - A parameter-set input (e.g. an optimisation's `results`) gives one member per set, trading
///   from the first bar after everything the sets were chosen on (their lineage) to the end.
/// - A `best_models` input (a model search's `results`) gives its best model, refitted on the
///   bars the search saw and predicting every later bar (``modelMember``).
/// - A walk-forward over models contributes each window's positions from its stored
///   `test_probabilities`.
///
/// The ensemble is built and evaluated on ``range``: the bars every member covers out of
/// sample. Members carry the branch they came from (the first part of a three-part reference,
/// else the producing phase), which `hierarchical_voting` votes within first and the branch
/// contributions are reported by.
struct BranchMembers {
    struct Member {
        /// `branch.phase` (plus `#k` for the k-th set of a parameter-set input with several).
        var label: String
        var branch: String
        /// What the member trades: the strategy of a parameter set, or `walk_forward:<phase>`
        /// for a stitched walk-forward stream.
        var strategy: String
        var parameters: ParameterSet
        /// Signals on each symbol over the whole data; NaN outside ``covered``.
        var signals: [[Double]?]
        var covered: Range<Int>
    }

    var members: [Member]
    var range: Range<Int>

    static let minimumBars = 60

    init(inputs: [PhaseInput], data: WorkflowData, phase: String, seed: UInt64, signalDirectory: String, backtest: BacktestConfig) throws {
        let bars = data.full
        let n = bars.first?.count ?? 0
        let symbols = bars.map(\.symbol)
        let evaluator = StrategyEvaluator(config: .init(), cache: IndicatorCache())
        var members: [Member] = []
        for input in inputs {
            let branch = input.reference.branch ?? input.producer
            let label = "\(branch == input.producer ? "" : "\(branch).")\(input.producer)"
            if input.artifact.kind == .models {
                members.append(try Self.modelMember(input, label: label, branch: branch, data: data, seed: seed, signalDirectory: signalDirectory,
                                                    backtest: backtest, phase: phase))
                continue
            }
            if input.artifact.kind == .parameterSets {
                let sets = try ParameterSetsCodec.decode(input.artifact.value)
                let start = input.lineage?.seen.upperBound ?? 0
                guard start < n else {
                    throw WorkflowError(phase: phase, "input '\(input.reference.text)' was chosen on every bar up to \(data.date(n - 1)); no bars remain to trade it out of sample — choose it on data_split: train")
                }
                for (k, selection) in sets.enumerated() {
                    var row = try RecomputedSignals.row(selection, bars: bars, symbols: symbols, evaluator: evaluator)
                    for j in row.indices where row[j] != nil {
                        for t in 0..<start { row[j]?[t] = .nan }
                    }
                    members.append(Member(label: sets.count > 1 ? "\(label)#\(k + 1)" : label, branch: branch, strategy: selection.strategy,
                                          parameters: selection.parameters, signals: row, covered: start..<n))
                }
                continue
            }
            guard let windows = input.artifact.value["windows"]?.arrayValue, !windows.isEmpty else {
                throw WorkflowError(phase: phase, "input '\(input.reference.text)' holds no walk-forward windows; an ensemble joins walk-forward results and parameter sets")
            }
            var member = try Self.walkForwardMember(windows, label: label, branch: branch, reference: input.reference.text, data: data,
                                                    evaluator: evaluator, phase: phase)
            member.strategy = "walk_forward:\(input.producer)"
            members.append(member)
        }
        guard !members.isEmpty else { throw WorkflowError(phase: phase, "the inputs hold no members") }
        let lower = members.map(\.covered.lowerBound).max() ?? 0
        let upper = members.map(\.covered.upperBound).min() ?? 0
        guard upper - lower >= Self.minimumBars else {
            let coverage = members.map { "\($0.label): \($0.covered.isEmpty ? "none" : "\(data.date($0.covered.lowerBound)) … \(data.date($0.covered.upperBound - 1))")" }
            throw WorkflowError(phase: phase, "the members cover fewer than \(Self.minimumBars) common out-of-sample bars (\(coverage.joined(separator: "; "))); lengthen the data or shorten the walk-forward windows")
        }
        self.members = members
        range = lower..<upper
    }

    /// A walk-forward's stitched out-of-sample signal stream.
    static func walkForwardMember(_ windows: [JSONValue], label: String, branch: String, reference: String, data: WorkflowData,
                                  evaluator: StrategyEvaluator, phase: String) throws -> Member {
        let bars = data.full
        let n = bars.first?.count ?? 0
        let symbols = bars.map(\.symbol)
        let timestamps = bars.first?.timestamps ?? []
        func bar(_ date: String?) -> Int? {
            guard let date else { return nil }
            return timestamps.firstIndex { Timestamps.format($0) == date }
        }
        var planned: [(start: Int, end: Int, window: JSONValue)] = []
        for (k, window) in windows.enumerated() {
            guard let start = bar(window["test_start"]?.stringValue), let last = bar(window["test_end"]?.stringValue), start <= last else {
                throw WorkflowError(phase: phase, "window \(k) of '\(reference)' has test dates outside this workflow's bars")
            }
            planned.append((start, last + 1, window))
        }
        planned.sort { $0.start < $1.start }
        var row = [[Double]?](repeating: [Double](repeating: .nan, count: n), count: symbols.count)
        var strategies: [String] = []
        for (k, item) in planned.enumerated() {
            let end = k + 1 < planned.count ? min(item.end, planned[k + 1].start) : item.end
            guard end > item.start else { continue }
            let window = item.window
            if let probabilities = window["test_probabilities"]?.arrayValue {
                // a model window: its positions from P(up) per test bar and symbol
                for entry in probabilities {
                    guard let t = bar(entry["date"]?.stringValue), t >= item.start, t < end else { continue }
                    for (j, p) in (entry["p_up"]?.arrayValue ?? []).enumerated() where j < symbols.count {
                        row[j]?[t] = (p.doubleValue).map(MLEvaluation.position) ?? .nan
                    }
                }
                if let model = window["strategy"]?.stringValue, !strategies.contains(model) { strategies.append(model) }
                continue
            }
            if let stored = window["out_of_sample_signals"] {
                for (j, symbol) in symbols.enumerated() {
                    guard let values = stored[symbol]?.arrayValue else { continue }
                    for t in item.start..<end where t - item.start < values.count {
                        row[j]?[t] = values[t - item.start].doubleValue ?? .nan
                    }
                }
                continue
            }
            guard let strategy = window["strategy"]?.stringValue, (try? StrategyRegistry.strategy(named: strategy)) != nil else {
                throw WorkflowError(phase: phase, "window \(k) of '\(reference)' selected '\(window["strategy"]?.stringValue ?? "?")', which cannot be replayed from its parameters")
            }
            if !strategies.contains(strategy) { strategies.append(strategy) }
            var parameters: [String: Double] = [:]
            for (key, value) in window["parameters"]?.objectValue ?? [] { parameters[key] = value.doubleValue ?? .nan }
            let signals = try RecomputedSignals.row(StrategySelection(strategy: strategy, parameters: ParameterSet(parameters)), bars: bars,
                                                    symbols: symbols, evaluator: evaluator)
            for j in symbols.indices {
                guard let values = signals[j] else { continue }
                for t in item.start..<end { row[j]?[t] = values[t] }
            }
        }
        let first = planned.first?.start ?? 0, last = planned.last?.end ?? 0
        return Member(label: label, branch: branch, strategy: "walk_forward", parameters: ParameterSet(), signals: row, covered: first..<last)
    }

    /// Every member's signals over ``range``.
    var rows: [[[Double]?]] {
        members.map { member in member.signals.map { $0.map { Array($0[range]) } } }
    }

    /// The best model of a `best_models` input as a member: refitted on every training row of
    /// the bars its optimisation saw (labels inside them), it predicts each later bar from that
    /// bar's features; positions as the model search takes them (``MLEvaluation/position(_:)``).
    static func modelMember(_ input: PhaseInput, label: String, branch: String, data: WorkflowData, seed: UInt64, signalDirectory: String,
                            backtest: BacktestConfig, phase: String) throws -> Member {
        let value = input.artifact.value
        guard let best = value["models"]?.arrayValue?.first, let model = best["model"]?.stringValue.flatMap(MLModel.init(rawValue:)),
              let hyperparameters = best["hyperparameters"]?.objectValue else {
            throw WorkflowError(phase: phase, "input '\(input.reference.text)' lists no model")
        }
        let bars = data.full
        let n = bars.first?.count ?? 0
        guard let seen = input.lineage?.seen, !seen.isEmpty, seen.upperBound < n else {
            throw WorkflowError(phase: phase, "input '\(input.reference.text)' was trained on every bar up to \(data.date(n - 1)); no bars remain to trade it out of sample — train it on data_split: train")
        }
        var values: [String: Double] = [:]
        for (key, number) in hyperparameters { values[key] = number.doubleValue ?? .nan }
        let dataset = try MLDataset.load(value, data: data, signalDirectory: signalDirectory, phase: phase)
        let rule = LabelRule(backtest)
        let training = try dataset.rows(seen, bars: bars, label: rule, labelLimit: seen.upperBound)
        guard training.x.rows > 0 else { throw WorkflowError(phase: phase, "input '\(input.reference.text)': no training rows with every feature") }
        let candidate = MLCandidate(model: model, values: values, seed: seed, stream: "\(phase)/member/\(label)")
        let fitted = try model.fit(training.x, labels: training.labels, values: values, seed: candidate.seed)
        let later = try dataset.rows(seen.upperBound..<n, bars: bars, label: nil, labelLimit: n)
        let probabilities = try fitted.predict(later.x)
        var row = [[Double]?](repeating: [Double](repeating: .nan, count: n), count: bars.count)
        for (k, t) in later.bars.enumerated() {
            for j in 0..<later.symbols { row[j]?[t] = MLEvaluation.position(probabilities[k * later.symbols + j]) }
        }
        return Member(label: label, branch: branch, strategy: model.rawValue, parameters: ParameterSet(values), signals: row,
                      covered: seen.upperBound..<n)
    }
}
