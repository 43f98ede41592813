import Metrics
import Reports

/// `acceptance_criteria` of a `comprehensive_validation` gate: bounds on the metrics of the
/// out-of-sample backtest.
///
/// Keys: `min_<metric>` (the metric must be ≥ the value), `max_<metric>` (≤), where `<metric>` is
/// any field of the performance summary (`sharpe_ratio`, `win_rate`, `cagr`, `profit_factor`, …);
/// a key that is itself a loss measure (`max_drawdown`, `annual_volatility`,
/// `max_drawdown_duration_bars`) is an upper bound on it. Drawdowns are positive fractions
/// (`max_drawdown: 0.15` = at most a 15 % fall from a peak).
struct AcceptanceCriteria: Sendable {
    struct Criterion: Sendable {
        var key: String
        var metric: String
        var bound: Double
        var isLower: Bool

        func holds(_ value: Double) -> Bool { value.isFinite && (isLower ? value >= bound : value <= bound) }
        var text: String { "\(metric) \(isLower ? "≥" : "≤") \(JSONValue.format(bound))" }
    }

    static let lossMeasures: Set<String> = ["max_drawdown", "annual_volatility", "max_drawdown_duration_bars"]

    var criteria: [Criterion]

    static func parse(_ node: ConfigNode) throws -> AcceptanceCriteria {
        let metrics = PerformanceSummary.fieldKeys
        var criteria: [Criterion] = []
        for entry in try node.entries() {
            let bound = try entry.value.double()
            try entry.value.ensure(bound.isFinite, "\(entry.key) must be a finite number")
            let located = node.keyNode(entry.key) ?? entry.value
            if lossMeasures.contains(entry.key) {
                criteria.append(Criterion(key: entry.key, metric: entry.key, bound: bound, isLower: false))
            } else if entry.key.hasPrefix("min_"), metrics.contains(String(entry.key.dropFirst(4))) {
                criteria.append(Criterion(key: entry.key, metric: String(entry.key.dropFirst(4)), bound: bound, isLower: true))
            } else if entry.key.hasPrefix("max_"), metrics.contains(String(entry.key.dropFirst(4))) {
                criteria.append(Criterion(key: entry.key, metric: String(entry.key.dropFirst(4)), bound: bound, isLower: false))
            } else {
                let names = metrics.flatMap { ["min_\($0)", "max_\($0)"] } + Array(lossMeasures)
                let hint = Suggestions.closest(to: entry.key, among: names).map { "did you mean '\($0)'? " } ?? ""
                throw located.error("acceptance criterion '\(entry.key)' names no metric",
                                    hint: "\(hint)write min_<metric> or max_<metric> with a metric of the performance summary: \(metrics.joined(separator: ", "))")
            }
        }
        try node.ensure(!criteria.isEmpty, "acceptance_criteria lists no criterion")
        return AcceptanceCriteria(criteria: criteria)
    }

    /// Each criterion with the measured value and whether it holds.
    func evaluate(_ summary: PerformanceSummary) -> [(criterion: Criterion, value: Double, passed: Bool)] {
        let values = Dictionary(summary.orderedFields.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        return criteria.map { criterion in
            let value = values[criterion.metric] ?? .nan
            return (criterion, value, criterion.holds(value))
        }
    }
}
