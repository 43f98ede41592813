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

    init(inputs: [PhaseInput], data: WorkflowData, phase: String) throws {
        let bars = data.full
        let n = bars.first?.count ?? 0
        let symbols = bars.map(\.symbol)
        let evaluator = StrategyEvaluator(config: .init(), cache: IndicatorCache())
        var members: [Member] = []
        for input in inputs {
            let branch = input.reference.branch ?? input.producer
            let label = "\(branch == input.producer ? "" : "\(branch).")\(input.producer)"
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
}
