
/// Designed views of output kinds whose generic rendering (cards of flattened keys, raw number
/// lists) reads badly: transition matrices as heat maps, distributions as a quantile table and a
/// histogram, and many or long scalar names as a two-column table instead of cards that cut them.
/// Shared by the static reports (and, next, the dashboard).
public enum OutputViews {
    /// Renders `value` (output `name`, among the phase's `siblings`) when it has a designed view;
    /// returns the tables it added (for CSV), or nil to fall back to the generic view.
    static func add(_ name: String, _ value: JSONValue, siblings: [String: JSONValue], to report: inout HTMLReport) -> [ReportTable]? {
        switch name {
        case "regime_transition_probabilities":
            return transitions(value, name: name, to: &report)
        case "performance_distribution":
            return distribution(value, name: name, to: &report)
        case "walk_forward_results", "results" where value["windows"] != nil:
            windowTimeline(value, to: &report)
            return nil  // the tables and charts of the generic view follow
        case "ensemble_performance_metrics", "ensemble_contribution_analysis" where value["branches"] != nil:
            return branches(value, name: name, to: &report)
        default:
            return nil
        }
    }

    /// Walk-forward windows on one date axis: training in grey, the test span coloured by the
    /// sign of its out-of-sample return, the return at the right.
    static func windowTimeline(_ value: JSONValue, to report: inout HTMLReport) {
        let windows = value["windows"]?.arrayValue ?? []
        guard !windows.isEmpty else { return }
        let rows = windows.map { window -> TimelineChart.Row in
            let trainStart = window["train_start"]?.stringValue ?? "", trainEnd = window["train_end"]?.stringValue ?? ""
            let testStart = window["test_start"]?.stringValue ?? "", testEnd = window["test_end"]?.stringValue ?? ""
            let total = window["out_of_sample"]?["total_return"]?.doubleValue ?? .nan
            return TimelineChart.Row(
                label: "window \(window["window"]?.intValue ?? 0)",
                spans: [.init(start: trainStart, end: trainEnd, color: "#cfd6de", tooltip: "train \(trainStart) … \(trainEnd)"),
                        .init(start: testStart, end: testEnd, color: total.isFinite && total < 0 ? ChartPalette.negative : ChartPalette.positive,
                              tooltip: "test \(testStart) … \(testEnd): \(ReportFormat.format(total, .percent(decimals: 2)))")],
                note: ReportFormat.format(total, .percent(decimals: 1)))
        }
        report.addChart(TimelineChart(rows: rows, title: "Walk-forward windows"),
                        caption: "Grey: training bars; coloured: the test bars traded out of sample (blue a gain, red a loss), with the test return")
    }

    /// Scalars as cards when they are few and short (names and values fit a card without
    /// breaking a word), else as a table with full names and values.
    public static func scalars(_ pairs: [(String, ReportCell)], title: String, to report: inout HTMLReport) -> ReportTable? {
        guard !pairs.isEmpty else { return nil }
        if pairs.count <= 8, pairs.allSatisfy({ $0.0.count <= 18 && $0.1.displayText.count <= 11 }) {
            report.addKeyValues(pairs, title: nil)
            return nil
        }
        var table = ReportTable(title: title, columns: ["field", "value"])
        for (key, cell) in pairs { table.append([.text(key), cell]) }
        report.addTable(table)
        return table
    }

    /// The fitted and empirical matrices as heat maps (row: from, column: to), and the expected
    /// stay in each regime.
    static func transitions(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable] {
        let names = value["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
        func matrix(_ key: String) -> [[Double]]? {
            value[key]?.arrayValue?.map { $0.arrayValue?.map { $0.doubleValue ?? .nan } ?? [] }
        }
        report.addParagraph("Method: \(value["method"]?.stringValue ?? "?"); labels: \(value["labels"]?.stringValue ?? "?"). Row: the regime at bar t; column: the regime at bar t + 1.")
        for (key, title) in [("fitted", "Fitted transition probabilities"), ("empirical", "Empirical transition frequencies")] {
            guard let values = matrix(key), !values.isEmpty else { continue }
            report.addChart(Heatmap(xLabels: names, yLabels: names, values: values, title: title, valueFormat: .percent(decimals: 1),
                                    xTitle: "to", yTitle: "from", showValues: true, markMaximum: false))
        }
        var table = ReportTable(title: "\(name): durations", columns: ["regime", "mean run length (bars)", "expected duration (bars)"])
        let runs = value["mean_run_length_bars"]?.arrayValue ?? []
        let expected = value["expected_duration_bars"]?.arrayValue ?? []
        for (k, regime) in names.enumerated() {
            table.append([.text(regime), .number(k < runs.count ? runs[k].doubleValue ?? .nan : .nan, decimals: 1),
                          .number(k < expected.count ? expected[k].doubleValue ?? .nan : .nan, decimals: 1)])
        }
        report.addTable(table)
        return [table]
    }

    /// Quantiles per measure as one table, and a histogram of the objective over the trials.
    static func distribution(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable] {
        let measures = (value.objectValue ?? []).filter { $0.1["quantiles"] != nil }
        let quantileNames = measures.first?.1["quantiles"]?.objectValue?.map(\.0) ?? []
        var table = ReportTable(title: "\(name): quantiles", columns: ["measure", "trials", "finite", "mean", "std"] + quantileNames)
        for (measure, summary) in measures {
            var row: [ReportCell] = [.text(measure), .integer(summary["count"]?.intValue ?? 0),
                                     .integer(summary["finite"]?.intValue ?? 0),
                                     .number(summary["mean"]?.doubleValue ?? .nan, decimals: 4),
                                     .number(summary["std"]?.doubleValue ?? .nan, decimals: 4)]
            for q in quantileNames { row.append(.number(summary["quantiles"]?[q]?.doubleValue ?? .nan, decimals: 4)) }
            table.append(row)
        }
        report.addTable(table)
        let objective = value["objective"]?.stringValue ?? "objective"
        if let edges = value["objective_histogram"]?["edges"]?.arrayValue?.compactMap(\.doubleValue),
           let counts = value["objective_histogram"]?["counts"]?.arrayValue?.compactMap(\.doubleValue), edges.count == counts.count + 1 {
            let labels = counts.indices.map { k in
                "\(ReportFormat.format(edges[k], .number(decimals: 3))) – \(ReportFormat.format(edges[k + 1], .number(decimals: 3)))"
            }
            report.addChart(BarChart(labels: labels, values: counts, title: "Trials by \(objective)", valueFormat: .number(decimals: 0)),
                            caption: "\(JSONValue.number(counts.filter(\.isFinite).reduce(0, +)).intValue ?? 0) trials with a finite \(objective), in \(counts.count) equal-width bins")
        }
        return [table]
    }
}
