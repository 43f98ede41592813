import Foundation
import Market
import Reports
import Store

/// Writes the run's reports under `reporting.output_path`.
///
/// - `summary.html` — the workflow, its data, every phase's status and headline results
///   (`generate_summary_report`);
/// - `<phase>.html` — each phase's outputs as tables and charts: equity and drawdown with
///   regime shading, optimisation heat map, parameter importance, Monte Carlo fan
///   (`include_phase_reports`);
/// - `<phase>/<output>.json` and `<phase>/<table>.csv` — every output and every table;
/// - `analytics.html` / `analytics.json` — phase timings, worker utilisation, memory,
///   the bottleneck and recommendations (see ``WorkflowAnalytics``).
///
/// Everything except the analytics is a function of the stored results only, so the
/// same configuration and data give byte-identical reports; the analytics hold timings.
/// Files are written to a temporary name and renamed.
struct WorkflowReportWriter {
    let plan: WorkflowPlan
    let store: RunStore
    let runID: String
    let data: WorkflowData

    func write() throws -> [String] {
        let root = plan.reportPath
        AtomicFile.removeStale(in: root)
        var written: [String] = []
        let records = try store.phases(run: runID)
        let artifacts = try store.artifacts(run: runID)
        if plan.includePhaseReports {
            for phase in plan.allPhases {
                let own = artifacts.filter { $0.phase == phase.name }
                guard !own.isEmpty else { continue }
                let status = records.first { $0.name == phase.name }
                written += try writePhase(phase, artifacts: own, status: status, root: root)
            }
        }
        if plan.generateSummaryReport {
            let path = join(root, "summary.html")
            try summary(records: records, artifacts: artifacts).write(to: path)
            written.append(path)
        }
        written += try WorkflowAnalytics(plan: plan, store: store, runID: runID).write(root: root)
        return written
    }

    func join(_ a: String, _ b: String) -> String {
        URL(fileURLWithPath: a).appendingPathComponent(b).path
    }

    private func writePhase(_ phase: PlannedPhase, artifacts: [ArtifactRecord], status: PhaseRecord?, root: String) throws -> [String] {
        var written: [String] = []
        var report = HTMLReport(title: "\(phase.name) — \(phase.type)", subtitle: plan.name)
        if let status, status.status != .completed {
            report.addNotice("\(status.status.rawValue)\(status.message.map { ": \($0)" } ?? "")", level: .warning)
        }
        var tables: [ReportTable] = []
        var siblings: [String: JSONValue] = [:]
        for artifact in artifacts { siblings[artifact.name] = try? JSONValue.parse(artifact.json) }
        for artifact in artifacts {
            guard let value = siblings[artifact.name] ?? nil else { continue }
            if ReportData.isInternal(artifact.name) {
                addCharts(value, to: &report)
                continue
            }
            let jsonPath = join(join(root, phase.name), "\(artifact.name).json")
            try AtomicFile.write(value.serialized(pretty: true) + "\n", to: jsonPath)
            written.append(jsonPath)
            if artifact.name == "production_configuration" {
                // The deployment file: the artifact as YAML, with the run id as provenance.
                var document = value.objectValue ?? []
                if let index = document.firstIndex(where: { $0.0 == "provenance" }) {
                    document[index].1 = .object((document[index].1.objectValue ?? []) + [("run_id", .string(runID))])
                }
                let yamlPath = join(join(root, phase.name), "production_configuration.yaml")
                try AtomicFile.write(YAMLEmitter.emit(.object(document)), to: yamlPath)
                written.append(yamlPath)
            }
            report.addHeading(artifact.name)
            if artifact.name == "optimization_history", let heatmap = Self.heatmap(value) {
                report.addChart(heatmap, caption: "Objective over the two searched parameters (best over the others)")
            }
            if artifact.name == "parameter_evolution", let chart = Self.evolutionChart(value) {
                report.addChart(chart, caption: "Parameters selected in each walk-forward window")
            }
            if artifact.name == "parameter_importance", let bars = Self.importanceChart(value) {
                report.addChart(bars, caption: "Share of the objective's variance explained by each parameter (η²)")
            }
            if let designed = OutputViews.add(artifact.name, value, siblings: siblings, to: &report) {
                tables += designed
                continue
            }
            if artifact.kind == ArtifactKind.liveSession.rawValue {
                tables += LiveSessionView.add(value, name: artifact.name, to: &report)
                continue
            }
            if artifact.kind == ArtifactKind.signalSet.rawValue {
                report.addParagraph("Signal set: \(value["series"]?.arrayValue?.count ?? 0) series over \(value["dates"]?.arrayValue?.count ?? 0) bars (see \(artifact.name).json).")
                continue
            }
            if let table = OutputViews.scalars(Array(JSONTables.scalars(value).prefix(60)), title: artifact.name, to: &report) {
                tables.append(table)
            }
            for table in JSONTables.tables(value, title: artifact.name) {
                var titled = table
                titled.title = "\(artifact.name): \(table.title)"
                report.addTable(titled, maxRows: 50)
                tables.append(titled)
            }
        }
        for table in tables {
            let safe = String(table.title.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
            let path = join(join(root, phase.name), "\(safe).csv")
            try CSVWriter.write(table, to: path)
            written.append(path)
        }
        let path = join(root, "\(phase.name).html")
        try report.write(to: path)
        written.append(path)
        return written
    }

    private func addCharts(_ value: JSONValue, to report: inout HTMLReport) {
        if let curves = value["curves"], let dates = curves["dates"]?.arrayValue?.compactMap(\.stringValue) {
            let equity = curves["equity"]?.arrayValue?.map { $0.doubleValue ?? .nan } ?? []
            let underwater = curves["underwater"]?.arrayValue?.map { $0.doubleValue ?? .nan } ?? []
            var shading: [ShadedSpan] = []
            if let labels = value["volatility_regimes"]?.arrayValue?.map({ $0.doubleValue }) {
                // Shade high-volatility stretches (label 2) behind the equity curve.
                var start: Int?
                for (t, label) in labels.enumerated() {
                    let high = label == 2
                    if high, start == nil { start = t }
                    if !high, let s = start { shading.append(ShadedSpan(startIndex: s, endIndex: t - 1, label: "high volatility")); start = nil }
                }
                if let s = start { shading.append(ShadedSpan(startIndex: s, endIndex: labels.count - 1, label: "high volatility")) }
            }
            let strategy = value["strategy"]?["strategy"]?.stringValue ?? "strategy"
            report.addChart(LineChart(series: [ChartSeries(name: strategy, values: equity)], xLabels: dates,
                                      yFormat: .number(decimals: 2), shading: shading, logScale: false,
                                      title: "Equity (growth of 1)"),
                            caption: shading.isEmpty ? nil : "Shaded: high-volatility regime (ex post)")
            report.addChart(AreaChart(series: [ChartSeries(name: "drawdown", values: underwater)], xLabels: dates,
                                      yFormat: .percent(decimals: 0), shading: [], logScale: false, title: "Drawdown"))
        }
        if let fan = value["monte_carlo_fan"], let steps = fan["steps"]?.arrayValue?.compactMap({ $0.doubleValue.map { Int($0) } }),
           let bands = fan["bands"]?.arrayValue?.map({ $0.arrayValue?.map { $0.doubleValue ?? .nan } ?? [] }) {
            report.addChart(FanChart(steps: steps, bands: bands, title: "Monte Carlo: equity percentiles 5–95"),
                            caption: "Bootstrap of bar returns")
        }
        if let price = value["regime_price"], let dates = price["dates"]?.arrayValue?.compactMap(\.stringValue),
           let labels = value["regime_labels"]?.arrayValue?.map({ $0.doubleValue.flatMap { $0.isFinite ? Int($0) : nil } }) {
            let (name, values) = price.objectValue?.first { $0.0 != "dates" } ?? ("price", .null)
            let series = values.arrayValue?.map { $0.doubleValue ?? .nan } ?? []
            let palette = ["#2e7d32", "#f9a825", "#c62828", "#6a1b9a", "#1565c0", "#00838f", "#ad1457", "#4e342e"]
            var spans: [ShadedSpan] = []
            var start = 0
            for t in 1...labels.count {
                if t == labels.count || labels[t] != labels[start] {
                    if let label = labels[start] {
                        spans.append(ShadedSpan(startIndex: start, endIndex: t - 1, label: "regime_\(label)",
                                                color: palette[label % palette.count]))
                    }
                    start = t
                }
            }
            report.addChart(LineChart(series: [ChartSeries(name: name, values: series)], xLabels: dates,
                                      yFormat: .number(decimals: 2), shading: spans, logScale: true,
                                      title: "Regimes (primary method) over \(name)"),
                            caption: "Shaded by regime; regime 0 has the lowest first feature (the calmest when volatility is listed first)")
        }
        if let tail = value["tail_plot"], let losses = tail["losses"]?.arrayValue?.compactMap(\.doubleValue), losses.count >= 2 {
            func values(_ key: String) -> [Double] { tail[key]?.arrayValue?.map { $0.doubleValue ?? .nan } ?? [] }
            report.addChart(LineChart(series: [ChartSeries(name: "empirical", values: values("empirical")),
                                               ChartSeries(name: "GPD fit", values: values("fitted"))],
                                      xLabels: losses.map { ReportFormat.format($0, .percent(decimals: 2)) },
                                      yFormat: .number(decimals: 4), logScale: true,
                                      title: "Loss tail: P(loss > x) above the threshold"),
                            caption: "Empirical exceedance probability of the strategy's per-bar losses against the fitted generalized Pareto tail (log scale)")
        }
        if let conditions = value["market_conditions"] {
            _ = OutputViews.scalars(JSONTables.scalars(conditions), title: "Market conditions", to: &report)
        }
    }

    /// A heat map of the objective over the first two parameters of an optimisation history.
    static func heatmap(_ history: JSONValue) -> Heatmap? {
        guard let trials = history["trials"]?.arrayValue, let first = trials.first?["parameters"]?.objectValue,
              first.count >= 2 else { return nil }
        let xName = first[0].0, yName = first[1].0
        var xs: [Double] = [], ys: [Double] = []
        var best: [String: Double] = [:]
        for trial in trials {
            guard let x = trial["parameters"]?[xName]?.doubleValue, let y = trial["parameters"]?[yName]?.doubleValue,
                  let objective = trial["objective_value"]?.doubleValue else { continue }
            if !xs.contains(x) { xs.append(x) }
            if !ys.contains(y) { ys.append(y) }
            let key = "\(x)|\(y)"
            if objective.isFinite { best[key] = max(best[key] ?? -.infinity, objective) }
        }
        guard xs.count >= 2, ys.count >= 2, xs.count <= 60, ys.count <= 60 else { return nil }
        xs.sort()
        ys.sort()
        let values = ys.map { y in xs.map { x in best["\(x)|\(y)"] ?? .nan } }
        return Heatmap(xLabels: xs.map(JSONValue.format), yLabels: ys.map(JSONValue.format), values: values,
                       title: history["objective"]?.stringValue ?? "objective", valueFormat: .number(decimals: 2),
                       xTitle: xName, yTitle: yName, showValues: true, markMaximum: true)
    }

    /// One line per parameter across walk-forward windows, x labelled by test start.
    static func evolutionChart(_ value: JSONValue) -> LineChart? {
        guard let windows = value["windows"]?.arrayValue, windows.count >= 2 else { return nil }
        var names: [String] = []
        for window in windows {
            for (key, _) in window["parameters"]?.objectValue ?? [] where !names.contains(key) { names.append(key) }
        }
        // an ensemble's windows: chart the member weights (one scale); the other settings stay in the table
        if names.contains(where: { $0.hasPrefix("weight_") }) { names = names.filter { $0.hasPrefix("weight_") } }
        let series = names.map { name in
            ChartSeries(name: name, values: windows.map { $0["parameters"]?[name]?.doubleValue ?? .nan })
        }
        let weights = names.allSatisfy { $0.hasPrefix("weight_") }
        return LineChart(series: series, xLabels: windows.map { $0["test_start"]?.stringValue ?? "" },
                         yFormat: .number(decimals: 2), shading: [], logScale: false,
                         title: weights ? "Ensemble weights per window" : "Parameter evolution")
    }

    static func importanceChart(_ value: JSONValue) -> BarChart? {
        guard let rows = value["parameters"]?.arrayValue, !rows.isEmpty else { return nil }
        return BarChart(labels: rows.compactMap { $0["parameter"]?.stringValue },
                        values: rows.map { $0["share"]?.doubleValue ?? .nan },
                        title: "Parameter importance", valueFormat: .percent(decimals: 0))
    }

    private func summary(records: [PhaseRecord], artifacts: [ArtifactRecord]) -> HTMLReport {
        var report = HTMLReport(title: plan.name, subtitle: plan.document.workflow.description)
        let first = data.full[0]
        var dataRows: [(String, ReportCell)] = [("symbols", .text(data.symbols.joined(separator: ", ")))]
        if !data.plan.aliases.isEmpty {
            dataRows.append(("aliases", .text(data.plan.aliases.map { "\($0.symbol) = \($0.fileSymbol)'s bars" }.joined(separator: "; "))))
        }
        report.addKeyValues(dataRows + [
            ("bars", .integer(first.count)),
            ("from", .date(Timestamps.format(first.timestamps[0]))),
            ("to", .date(Timestamps.format(first.timestamps[first.count - 1]))),
            ("train / test", .text("\(data.splitIndex) / \(first.count - data.splitIndex) bars")),
            ("seed", .integer(Int(truncatingIfNeeded: plan.seed))),
        ], title: "Data")
        var table = ReportTable(title: "Phases", columns: ["phase", "type", "status", "note"])
        for phase in plan.allPhases {
            let record = records.first { $0.name == phase.name }
            table.append([.text(phase.name), .text(phase.type), .text(record?.status.rawValue ?? "pending"),
                          .text(record?.message ?? "")])
        }
        report.addTable(table)
        for phase in plan.allPhases where plan.includePhaseReports && artifacts.contains(where: { $0.phase == phase.name }) {
            report.addLink("\(phase.name) report", href: "\(phase.name).html")
        }
        report.addLink("workflow analytics", href: "analytics.html")
        for artifact in artifacts where ["best_parameters", "validation_results", "performance_metrics", "market_conditions", "condition_result"].contains(artifact.name) {
            guard let value = try? JSONValue.parse(artifact.json) else { continue }
            report.addHeading("\(artifact.phase).\(artifact.name)")
            _ = OutputViews.scalars(Array(JSONTables.scalars(value).prefix(40)), title: "\(artifact.phase).\(artifact.name)", to: &report)
            for t in JSONTables.tables(value, title: artifact.name).prefix(1) { report.addTable(t, maxRows: 10) }
        }
        return report
    }
}
