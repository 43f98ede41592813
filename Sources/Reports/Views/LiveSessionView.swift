
/// The report view of a live session's output (`performance_validation`,
/// `comparative_results`, `rollout_report`): the key figures, the account's equity against the
/// expected path (and the baseline in shadow mode) over the rollout's stages, the allocation in
/// force, and tables of the rollout timeline, every alert and every order.
enum LiveSessionView {
    /// Adds the view; returns its tables (also written as CSV).
    static func add(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable] {
        let session = value["session"]
        let deviation = value["deviation"]
        let orders = value["orders"]
        var about = ReportTable(title: "\(name): session", columns: ["", "value"])
        for (label, text) in [
            ("mode", value["mode"]?.stringValue ?? ""), ("strategy traded", value["traded"]?.stringValue ?? ""),
            ("from", value["input"]?.stringValue ?? ""), ("feed", value["feed"]?.stringValue ?? ""),
            ("broker", value["broker"]?.stringValue ?? ""),
            ("session", "\(session?["start"]?.stringValue ?? "-") → \(session?["end"]?.stringValue ?? "-"), "
                + "\(JSONValue.format(session?["bars"]?.doubleValue ?? 0)) bars, \(session?["ending"]?.stringValue ?? "")"),
            ("orders sent / filled / rejected", ["sent", "filled", "rejected"].map { JSONValue.format(orders?[$0]?.doubleValue ?? 0) }.joined(separator: " / ")),
            ("alerts", "\(value["alerts"]?.arrayValue?.count ?? 0)"),
        ] { about.append([.text(label), .text(text)]) }
        about.append([.text("tracking error against expected (annualised)"), .percent(deviation?["tracking_error"]?.doubleValue ?? .nan, decimals: 3)])
        about.append([.text("drift z against validation"), .number(deviation?["drift_z"]?.doubleValue ?? .nan, decimals: 2)])
        report.addTable(about)
        var figures = ReportTable(title: "\(name): live against expected", columns: ["", "live", "expected"])
        let live = value["performance"], expected = value["expected_performance"]
        for (label, key, percent) in [("total return", "total_return", true), ("Sharpe ratio", "sharpe_ratio", false),
                                      ("max drawdown", "max_drawdown", true), ("annual volatility", "annual_volatility", true),
                                      ("win rate", "win_rate", true), ("trades", "num_trades", false)] {
            func cell(_ v: JSONValue?) -> ReportCell {
                let x = v?.doubleValue ?? .nan
                return percent ? .percent(x, decimals: 2) : .number(x, decimals: key == "num_trades" ? 0 : 2)
            }
            figures.append([.text(label), cell(live?[key]), cell(expected?[key])])
        }
        figures.append([.text("final equity"), .number(deviation?["final_equity"]?.doubleValue ?? .nan, decimals: 2),
                        .number(deviation?["expected_final_equity"]?.doubleValue ?? .nan, decimals: 2)])
        report.addTable(figures)
        if let comparison = value["comparison"] {
            var table = ReportTable(title: "\(name): shadow comparison", columns: ["", "value"])
            table.append([.text("baseline"), .text(value["baseline"]?["description"]?.stringValue ?? "")])
            for (key, cell) in JSONTables.scalars(comparison) { table.append([.text(key.replacingOccurrences(of: "_", with: " ")), cell]) }
            report.addTable(table)
        }
        if let path = value["equity"], let dates = path["dates"]?.arrayValue?.compactMap(\.stringValue), !dates.isEmpty {
            func values(_ v: JSONValue?) -> [Double] { v?.arrayValue?.map { $0.doubleValue ?? .nan } ?? [] }
            var series = [ChartSeries(name: "live account", values: values(path["live"])),
                          ChartSeries(name: "expected (backtester model)", values: values(path["expected"]))]
            if let baseline = value["baseline"]?["equity"] { series.append(ChartSeries(name: "baseline", values: values(baseline))) }
            let allocation = values(path["allocation"])
            // Coinciding lines hide each other: the caption says which ones do.
            func same(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { $0 == $1 } }
            var coincide: [String] = []
            if same(series[0].values, series[1].values) { coincide.append("live and expected are equal at every bar") }
            if series.count == 3, same(series[0].values, series[2].values) { coincide.append("the baseline equals the live account") }
            let note = coincide.isEmpty ? "" : " (" + coincide.joined(separator: "; ") + ": their lines coincide)"
            report.addChart(LineChart(series: series, xLabels: dates, yFormat: .number(decimals: 0), shading: stages(value, count: dates.count),
                                      logScale: false, title: "Equity: live against expected"),
                            caption: "The expected path trades the same decisions with the backtester's fill and cost model at the allocation in force; shaded: rollout stages (red: after a rollback)" + note)
            if Set(allocation).count > 1 {
                report.addChart(LineChart(series: [ChartSeries(name: "allocation", values: allocation)], xLabels: dates,
                                          yFormat: .percent(decimals: 0), logScale: false, title: "Allocation in force"))
            }
        }
        var tables: [ReportTable] = [about, figures]
        for (key, title) in [("allocation.changes", "rollout timeline"), ("alerts", "alerts"), ("orders.list", "orders")] {
            var node: JSONValue? = value
            for part in key.split(separator: ".") { node = node?[String(part)] }
            guard let node, let table = JSONTables.tables(node, title: "\(name): \(title)").first else {
                if title == "alerts" { report.addParagraph("No alerts.") }
                continue
            }
            var titled = table
            titled.title = "\(name): \(title)"
            report.addTable(titled, maxRows: 200)
            tables.append(titled)
        }
        return tables
    }

    /// Shaded spans of the rollout's stages from `allocation.changes`.
    static func stages(_ value: JSONValue, count: Int) -> [ShadedSpan] {
        let changes = value["allocation"]?["changes"]?.arrayValue ?? []
        guard changes.count > 1 || changes.first?["kind"]?.stringValue == "rollback" else { return [] }
        let palette = ["#e3f2fd", "#bbdefb", "#90caf9", "#64b5f6", "#42a5f5", "#2196f3"]
        var spans: [ShadedSpan] = []
        for (k, change) in changes.enumerated() {
            let start = change["step"]?.intValue ?? 0
            let end = k + 1 < changes.count ? (changes[k + 1]["step"]?.intValue ?? count) - 1 : count - 1
            guard end >= start else { continue }
            let rollback = change["kind"]?.stringValue == "rollback"
            let label = "\(change["stage"]?.stringValue ?? "") \(ReportFormat.format(change["to"]?.doubleValue ?? .nan, .percent(decimals: 0)))"
            spans.append(ShadedSpan(startIndex: start, endIndex: end, label: label,
                                    color: rollback ? "#ffcdd2" : palette[min(k, palette.count - 1)]))
        }
        return spans
    }
}
