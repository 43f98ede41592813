/// One phase's outputs as a report shows them — the static `<phase>.html` page and the
/// dashboard's phase page render through here, so both show the same designed views:
/// charts of the phase's internal report data (equity, drawdown, regimes, Monte Carlo, tail),
/// the optimisation heat map, parameter evolution and importance, the designed views of
/// ``OutputViews`` and ``LiveSessionView``, and otherwise scalars and tables of the JSON.
public enum PhaseOutputView {
    /// An output as stored: its name, kind (`ArtifactKind` raw value) and JSON.
    public struct Output: Sendable {
        public var name: String
        public var kind: String
        public var value: JSONValue
        /// The heading shown above it (default: the name), e.g. `phase.output` on the summary.
        public var heading: String?
        /// The synthetic data sources it was built from (its stored lineage's `synthetic_sources`).
        public var synthetic: [String]

        public init(name: String, kind: String, value: JSONValue, heading: String? = nil, lineage: String? = nil) {
            self.name = name
            self.kind = kind
            self.value = value
            self.heading = heading
            synthetic = lineage.flatMap { try? JSONValue.parse($0) }?["synthetic_sources"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
    }

    /// Adds the views of `outputs` (in order) to `report`; returns the tables shown, for CSV.
    /// Outputs named with a leading `_` are the phase's internal report data: charts only.
    public static func add(_ outputs: [Output], to report: inout HTMLReport) -> [ReportTable] {
        var tables: [ReportTable] = []
        var synthetic: [String] = []
        for name in outputs.flatMap(\.synthetic) where !synthetic.contains(name) { synthetic.append(name) }
        if !synthetic.isEmpty {
            report.addNotice("Built on synthetic data (\(synthetic.joined(separator: ", "))): seeded series for demonstration, not real observations.",
                             level: .warning)
        }
        var siblings: [String: JSONValue] = [:]
        for output in outputs { siblings[output.name] = output.value }
        for output in outputs {
            let value = output.value
            if output.name.hasPrefix("_") {
                addCharts(value, to: &report)
                continue
            }
            report.addHeading(output.heading ?? output.name)
            if output.name == "optimization_history", let heatmap = heatmap(value) {
                report.addChart(heatmap, caption: "Objective over the two searched parameters (best over the others)")
            }
            if output.name == "parameter_evolution", let chart = evolutionChart(value) {
                report.addChart(chart, caption: "Parameters selected in each walk-forward window")
            }
            if output.name == "parameter_importance", let bars = importanceChart(value) {
                report.addChart(bars, caption: "Share of the objective's variance explained by each parameter (η²)")
            }
            if let designed = OutputViews.add(output.name, value, siblings: siblings, to: &report) {
                tables += designed
                continue
            }
            if let designed = KindViews.add(kind: output.kind, name: output.name, value, to: &report)
                ?? KindViews.trialHistory(value, name: output.name, to: &report)
                ?? KindViews.columnTable(value, name: output.name, to: &report) {
                tables += designed
                continue
            }
            if output.kind == "live_session" {
                tables += LiveSessionView.add(value, name: output.name, to: &report)
                continue
            }
            if output.kind == "signal_set" {
                report.addParagraph("Signal set: \(value["series"]?.arrayValue?.count ?? 0) series over \(value["dates"]?.arrayValue?.count ?? 0) bars (see \(output.name).json).")
                continue
            }
            if let table = OutputViews.scalars(Array(JSONTables.scalars(value).prefix(60)), title: output.name, to: &report) {
                tables.append(table)
            }
            for table in JSONTables.tables(value, title: output.name) {
                var titled = table
                titled.title = "\(output.name): \(table.title)"
                report.addTable(titled, maxRows: 50)
                tables.append(titled)
            }
        }
        return tables
    }

    static func addCharts(_ value: JSONValue, to report: inout HTMLReport) {
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
        if let fan = value["monte_carlo_fan"], let steps = fan["steps"]?.arrayValue?.compactMap({ $0.intValue }),
           let bands = fan["bands"]?.arrayValue?.map({ $0.arrayValue?.map { $0.doubleValue ?? .nan } ?? [] }) {
            report.addChart(FanChart(steps: steps, bands: bands, title: "Monte Carlo: equity percentiles 5–95"),
                            caption: "Bootstrap of bar returns")
        }
        if let price = value["regime_price"], let dates = price["dates"]?.arrayValue?.compactMap(\.stringValue),
           let labels = value["regime_labels"]?.arrayValue?.map(\.intValue) {
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
}
