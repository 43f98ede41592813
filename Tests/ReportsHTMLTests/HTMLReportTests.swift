import Foundation
import Testing
@testable import Reports

func sampleReport() -> HTMLReport {
    var report = HTMLReport(title: "Momentum — walk-forward summary", subtitle: "AAPL daily · 2015-01-02 → 2017-05-21 · 600 bars")
    report.addNotice("Out-of-sample Sharpe is 38% below in-sample: the optimum may be over-fitted.", level: .warning)
    report.addKeyValues([
        ("Total return", .percent(0.4823, decimals: 1)),
        ("CAGR", .percent(0.1781, decimals: 1)),
        ("Sharpe", .number(1.214, decimals: 2)),
        ("Sortino", .number(1.772, decimals: 2)),
        ("Max drawdown", .percent(-0.1834, decimals: 1)),
        ("Calmar", .number(0.971, decimals: 2)),
        ("Trades", .integer(1284)),
        ("Win rate", .percent(0.532, decimals: 1)),
    ], title: "Out of sample")
    report.addHeading("Performance")
    report.addParagraph("Equity of the walk-forward strategy against buy & hold, on a log scale. Shaded spans are regimes detected by the HMM phase.")
    for (name, chart) in sampleCharts() {
        switch name {
        case "line":
            report.addChart(chart, caption: "Growth of 1, strategy vs benchmark, with regime shading.")
        case "area":
            report.addChart(chart, caption: "Drawdown from the running peak.")
        case "heatmap":
            report.addHeading("Optimisation")
            report.addChart(chart, caption: "In-sample Sharpe; grey cells are invalid (fast ≥ slow). The outlined cell is the best.")
        case "fan":
            report.addHeading("Robustness")
            report.addChart(chart, caption: "1,000 bootstrap paths: 5–95 and 25–75 percentile bands.")
        case "bar":
            report.addChart(chart, caption: "Annualised return by regime.")
        default:
            break
        }
    }
    var table = ReportTable(title: "Top parameter sets", columns: ["rank", "fast", "slow", "sharpe", "cagr", "max_dd", "note"])
    for i in 0..<40 {
        table.append([.integer(i + 1), .integer(5 + i % 6 * 5), .integer(20 + i / 6 * 20),
                      .number(1.8 - Double(i) * 0.04, decimals: 2), .percent(0.21 - Double(i) * 0.006, decimals: 1),
                      .percent(-0.12 - Double(i) * 0.003, decimals: 1), i == 0 ? .text("selected") : .empty])
    }
    report.addTable(table, maxRows: 10)
    report.addHeading("Phases")
    report.addChart(BarChart(labels: ["optimise", "analyse", "walk_forward", "signals", "ensemble", "stress", "validate"],
                             values: [41.2, 3.1, 22.7, 5.4, 2.2, 12.9, 1.1], title: "Phase timings (seconds)",
                             valueFormat: .number(1)), caption: nil)
    report.addHeading("Appendix")
    if let logChart = sampleCharts().first(where: { $0.0 == "log-line" })?.1 {
        report.addChart(logChart, caption: "Log scale.")
    }
    var gappy = randomWalk(100_000, seed: 3, start: 100, drift: 0.00001, vol: 0.004)
    for i in stride(from: 5_000, to: 100_000, by: 20_000) { for j in i..<(i + 1500) { gappy[j] = .nan } }
    report.addChart(LineChart(series: [ChartSeries(name: "Minute bars", values: gappy)], xLabels: dateLabels(100_000),
                              yFormat: .number(1), title: "100,000 points with gaps (downsampled)"), caption: nil)
    var big: [[Double]] = []
    for r in 0..<18 {
        var row: [Double] = []
        for c in 0..<24 {
            let missing = (r * 7 + c * 3) % 11 == 0
            let value: Double = sin(Double(r) / 3) * cos(Double(c) / 5)
            row.append(missing ? Double.nan : value)
        }
        big.append(row)
    }
    report.addChart(Heatmap(xLabels: (0..<24).map { "\($0 * 5 + 5)" }, yLabels: (0..<18).map { "\($0 * 10 + 20)" },
                            values: big, title: "Large grid", valueFormat: .number(2), xTitle: "fast", yTitle: "slow"),
                    caption: nil)
    report.addLink("Optimisation report", href: "phases/01_optimise/report.html")
    report.addLink("Walk-forward report", href: "phases/03_walk_forward/report.html")
    report.addLink("All results (CSV)", href: "tables/top_parameter_sets.csv")
    report.addNotice("Seed 42; config hash 9f3c2a1b.", level: .info)
    report.addNotice("Phase stress_test failed: 3 of 200 scenarios produced no trades.", level: .error)
    return report
}

@Suite struct HTMLReportTests {
    @Test func deterministic() {
        let a = sampleReport(), b = sampleReport()
        let html = a.render()
        #expect(html == a.render())
        #expect(html == b.render())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func selfContained() {
        let html = sampleReport().render()
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        #expect(!html.lowercased().contains(">nan<"))
        #expect(occurrences(of: "<svg ", in: html) == 9)
        #expect(tagsBalance(stripVoidElements(html)))
    }

    @Test func escapesEverywhere() {
        let evil = "<script>alert(\"x\")</script>&'"
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        var report = HTMLReport(title: evil, subtitle: evil)
        report.addHeading(evil)
        report.addParagraph(evil)
        report.addKeyValues([(evil, .text(evil))], title: evil)
        report.addTable(ReportTable(title: evil, columns: [evil], rows: [[.text(evil)], [.date(evil)]]))
        report.addChart(BarChart(labels: [evil], values: [1], title: evil), caption: evil)
        report.addLink(evil, href: "a\"b<c>.html")
        report.addNotice(evil, level: .error)
        let html = report.render()
        #expect(!html.contains("<script"))
        #expect(!html.contains("\"x\""))
        #expect(html.contains("<title>\(escaped)</title>"))
        #expect(html.contains("<h1>\(escaped)</h1>"))
        #expect(occurrences(of: escaped, in: html) >= 14)
        #expect(html.contains("href=\"a&quot;b&lt;c&gt;.html\""))
    }

    @Test func scriptLinksAreNeutralised() {
        var report = HTMLReport(title: "t")
        report.addLink("x", href: " JavaScript:alert(1)")
        report.addLink("y", href: "data:text/html,hi")
        report.addLink("z", href: "phase.html")
        let html = report.render()
        #expect(!html.lowercased().contains("javascript:"))
        #expect(html.contains("<li><a href=\"#\">x</a></li>"))
        #expect(html.contains("<li><a href=\"phase.html\">z</a></li>"))
        #expect(occurrences(of: "<ul class=\"links\">", in: html) == 1)
    }

    @Test func truncatedTableSaysSo() {
        var table = ReportTable(title: "rows", columns: ["i", "v"])
        for i in 0..<1234 { table.append([.integer(i), .number(Double(i) / 7, decimals: 3)]) }
        var report = HTMLReport(title: "t")
        report.addTable(table, maxRows: 25)
        report.addTable(table)
        let html = report.render()
        #expect(html.contains("Showing 25 of 1,234 rows."))
        #expect(occurrences(of: "Showing", in: html) == 1)
        #expect(occurrences(of: "<tr>", in: html) == 2 + 25 + 1234)
        #expect(html.contains("<th class=\"num\">i</th>"))
        #expect(html.contains("<td class=\"num\">176.143</td>"))
    }

    @Test func negativesAndNoticeLevels() {
        var report = HTMLReport(title: "t")
        report.addKeyValues([("dd", .percent(-0.2, decimals: 1)), ("ret", .percent(0.1, decimals: 1))], title: nil)
        for level in NoticeLevel.allCases { report.addNotice("m", level: level) }
        let html = report.render()
        #expect(html.contains("<div class=\"kv-value neg\">-20.0%</div>"))
        #expect(html.contains("<div class=\"kv-value\">10.0%</div>"))
        #expect(html.contains("class=\"notice info\""))
        #expect(html.contains("class=\"notice warning\""))
        #expect(html.contains("class=\"notice error\""))
    }

    /// Writes the sample report (and its tables as CSV and JSON) to a temporary directory,
    /// for looking at in a browser; set ADMF_HTML_SAMPLE_DIR to choose the directory.
    @Test func writesSampleReport() throws {
        let directory = ProcessInfo.processInfo.environment["ADMF_HTML_SAMPLE_DIR"]
            ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("admf-html-sample")
        let report = sampleReport()
        let path = (directory as NSString).appendingPathComponent("report.html")
        try report.write(to: path)
        let table = ReportTable(title: "t", columns: ["a", "b"], rows: [[.text("x,y"), .percent(0.5, decimals: 0)]])
        try CSVWriter.write(table, to: (directory as NSString).appendingPathComponent("tables/t.csv"))
        try AtomicFile.write(table.jsonValue().serialized(pretty: true) + "\n",
                             to: (directory as NSString).appendingPathComponent("tables/t.json"))
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == report.render())
        let csv = try String(contentsOfFile: (directory as NSString).appendingPathComponent("tables/t.csv"), encoding: .utf8)
        #expect(csv == "a,b\n\"x,y\",0.5\n")
    }
}

/// The HTML with void elements (`<meta>`, `<br>`, …) and the doctype removed, for a tag-balance check.
func stripVoidElements(_ html: String) -> String {
    var out = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
    while let range = out.range(of: "<meta ") {
        guard let end = out[range.upperBound...].firstIndex(of: ">") else { break }
        out.removeSubrange(range.lowerBound...end)
    }
    // CSS may contain ">" selectors: drop the style sheet.
    if let start = out.range(of: "<style>"), let end = out.range(of: "</style>") {
        out.removeSubrange(start.lowerBound..<end.upperBound)
    }
    return out
}
