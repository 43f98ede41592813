import Foundation
import Testing
@testable import Reports

/// Every chart kind with ordinary inputs, for the shared checks.
func sampleCharts() -> [(String, any Chart)] {
    let equity = randomWalk(600)
    let benchmark = randomWalk(600, seed: 7, drift: 0.0002)
    var peak = -Double.infinity
    let drawdown = equity.map { value -> Double in peak = max(peak, value); return value / peak - 1 }
    let dates = dateLabels(600)
    let fast = [5, 10, 15, 20, 25, 30]
    let slow = [20, 40, 60, 80, 100]
    let grid = slow.map { s in fast.map { f in f >= s ? Double.nan : sin(Double(f) / 7) * cos(Double(s) / 50) * 1.8 - 0.3 } }
    let steps = Array(0...252)
    let bands = [-1.645, -0.674, 0, 0.674, 1.645].map { z in
        steps.map { t in 1 + 0.0004 * Double(t) + z * 0.012 * Double(t).squareRoot() }
    }
    return [
        ("line", LineChart(series: [ChartSeries(name: "Strategy", values: equity), ChartSeries(name: "Buy & hold", values: benchmark)],
                           xLabels: dates, yFormat: .number(2),
                           shading: [ShadedSpan(startIndex: 100, endIndex: 180, label: "Bear"),
                                     ShadedSpan(startIndex: 400, endIndex: 450, label: "Bear"),
                                     ShadedSpan(startIndex: 250, endIndex: 300, label: "High vol")],
                           title: "Equity")),
        ("log-line", LineChart(series: [ChartSeries(name: "Equity", values: equity.map { $0 * 100 })], xLabels: dates,
                               yFormat: .number(0), logScale: true, title: "Equity (log)")),
        ("area", AreaChart(series: [ChartSeries(name: "Drawdown", values: drawdown, color: ChartPalette.negative)],
                           xLabels: dates, yFormat: .percent(0), title: "Underwater")),
        ("heatmap", Heatmap(xLabels: fast.map(String.init), yLabels: slow.map(String.init), values: grid,
                            title: "Sharpe by fast × slow", valueFormat: .number(2), xTitle: "fast_period", yTitle: "slow_period")),
        ("fan", FanChart(steps: steps, bands: bands, title: "Monte Carlo equity")),
        ("bar", BarChart(labels: ["Bull", "Bear", "Sideways", "High vol"], values: [0.21, -0.08, 0.03, -0.15],
                         title: "Return by regime", valueFormat: .percent(1))),
    ]
}

@Suite struct ChartTests {
    @Test func everyChartIsWellFormedSVG() {
        for (name, chart) in sampleCharts() {
            let svg = chart.svg(width: 960, height: 360)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 960 360\" width=\"100%\""), "\(name)")
            #expect(svg.hasSuffix("</svg>"), "\(name)")
            #expect(isWellFormedXML(svg), "\(name) is not well-formed")
            #expect(tagsBalance(svg), "\(name) tags do not balance")
            #expect(!svg.lowercased().contains("nan"), "\(name) prints nan")
            #expect(!svg.contains("inf\""), "\(name) prints inf")
            #expect(!svg.contains("<script"), "\(name)")
        }
    }

    @Test func wellFormednessCheckRejectsBrokenMarkup() {
        #expect(isWellFormedXML("<svg xmlns=\"http://www.w3.org/2000/svg\"><g><rect/></g></svg>"))
        #expect(!isWellFormedXML("<svg><g></svg>"))
        #expect(!isWellFormedXML("<svg><text>a & b</text></svg>"))
        #expect(!tagsBalance("<svg><g></svg>"))
    }

    @Test func chartsAreDeterministic() {
        for ((name, a), (_, b)) in zip(sampleCharts(), sampleCharts()) {
            let first = a.svg(width: 800, height: 300)
            #expect(first == a.svg(width: 800, height: 300), "\(name) differs between renders")
            #expect(first == b.svg(width: 800, height: 300), "\(name) differs between instances")
        }
    }

    @Test func degenerateInputsStillRender() {
        let charts: [any Chart] = [
            LineChart(series: [], title: "empty"),
            LineChart(series: [ChartSeries(name: "one", values: [5])], xLabels: ["2024-01-02"]),
            LineChart(series: [ChartSeries(name: "flat", values: [1, 1, 1, 1])]),
            LineChart(series: [ChartSeries(name: "all nan", values: [.nan, .nan])], logScale: true),
            LineChart(series: [ChartSeries(name: "neg log", values: [-1, 0, 2, 4])], logScale: true),
            AreaChart(series: [ChartSeries(name: "dd", values: [0, 0, 0])]),
            Heatmap(xLabels: [], yLabels: [], values: []),
            Heatmap(xLabels: ["a"], yLabels: ["b"], values: [[.nan]]),
            FanChart(steps: [], bands: []),
            FanChart(steps: [0, 1], bands: [[1, 1]]),
            BarChart(labels: [], values: []),
            BarChart(labels: ["x", "y"], values: [.nan, 0]),
            LineChart(series: [ChartSeries(name: "huge", values: [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude])]),
            LineChart(series: [ChartSeries(name: "tiny", values: [1e-300, 2e-300, 3e-300])], logScale: true),
            BarChart(labels: ["a", "b"], values: [1e300, -1e300]),
            Heatmap(xLabels: ["a", "b"], yLabels: ["c"], values: [[Double.greatestFiniteMagnitude, -1]]),
        ]
        for chart in charts {
            for (w, h) in [(960, 360), (10, 10)] {
                let svg = chart.svg(width: w, height: h)
                #expect(isWellFormedXML(svg))
                #expect(!svg.lowercased().contains("nan"))
            }
        }
    }

    @Test func escapesTextInSVG() {
        let hostile = "<script>alert('x')</script> & \"q\""
        let charts: [any Chart] = [
            LineChart(series: [ChartSeries(name: hostile, values: [1, 2]), ChartSeries(name: "b", values: [2, 1])],
                      xLabels: [hostile, hostile], shading: [ShadedSpan(startIndex: 0, endIndex: 1, label: hostile)], title: hostile),
            Heatmap(xLabels: [hostile], yLabels: [hostile], values: [[1]], title: hostile, xTitle: hostile, yTitle: hostile),
            BarChart(labels: [hostile], values: [1], title: hostile),
            FanChart(steps: [0, 1], bands: Array(repeating: [1, 2], count: 5), title: hostile),
        ]
        for chart in charts {
            let svg = chart.svg(width: 600, height: 300)
            #expect(!svg.contains("<script"))
            #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
            #expect(isWellFormedXML(svg))
        }
        // Colours come from callers too.
        let svg = LineChart(series: [ChartSeries(name: "a", values: [1, 2], color: "red\"/><script>")]).svg(width: 300, height: 200)
        #expect(!svg.contains("<script"))
        #expect(isWellFormedXML(svg))
    }

    @Test func nanBreaksTheLine() {
        let values: [Double] = [1, 2, 3, .nan, 5, 6, .infinity, 8, 9, .nan, .nan, 12]
        let svg = LineChart(series: [ChartSeries(name: "s", values: values)], title: "gaps").svg(width: 600, height: 300)
        #expect(!svg.lowercased().contains("nan"))
        #expect(!svg.contains("inf"))
        let paths = pathData(svg)
        #expect(paths.count == 1)
        let d = paths[0]
        // Four runs: [1,2,3], [5,6], [8,9], [12] → four moves, 1 + 2 + 1 + 0 lines.
        #expect(occurrences(of: "M", in: d) == 4)
        #expect(occurrences(of: "L", in: d) == 4)
        #expect(isWellFormedXML(svg))

        let area = AreaChart(series: [ChartSeries(name: "dd", values: [0, -0.1, .nan, -0.2, -0.05])]).svg(width: 600, height: 300)
        #expect(!area.lowercased().contains("nan"))
        let fill = pathData(area)[0]
        #expect(occurrences(of: "Z", in: fill) == 2)
    }

    @Test func longSeriesAreDownsampled() {
        let long = randomWalk(100_000)
        var withGaps = randomWalk(100_000, seed: 3)
        for i in stride(from: 5_000, to: 100_000, by: 20_000) { for j in i..<(i + 300) { withGaps[j] = .nan } }
        let chart = LineChart(series: [ChartSeries(name: "a", values: long), ChartSeries(name: "b", values: withGaps)],
                              xLabels: dateLabels(100_000), title: "100k points")
        let svg = chart.svg(width: 960, height: 360)
        let paths = pathData(svg)
        #expect(paths.count == 2)
        for d in paths {
            #expect(pointCount(d) <= 1000)
            #expect(pointCount(d) >= 500)
        }
        #expect(occurrences(of: "M", in: paths[1]) == 6)   // five gaps survive downsampling
        #expect(svg.utf8.count < 100_000)
        #expect(isWellFormedXML(svg))

        // The extremes survive.
        let points = Downsampler.reduce(long)
        let kept = points.compactMap(\.value)
        #expect(kept.max() == long.max())
        #expect(kept.min() == long.min())
        #expect(points.first?.index == 0)
        #expect(points.last?.index == long.count - 1)
        #expect(Downsampler.reduce(long) == points)

        let area = AreaChart(series: [ChartSeries(name: "a", values: long.map { -$0 })]).svg(width: 960, height: 300)
        #expect(pathData(area).allSatisfy { pointCount($0) <= 2002 })
    }

    @Test func axisShowsAboutSixDates() {
        let dates = dateLabels(600)
        let svg = LineChart(series: [ChartSeries(name: "s", values: randomWalk(600))], xLabels: dates).svg(width: 960, height: 360)
        let shown = dates.filter { svg.contains(">\($0)</text>") }
        #expect(shown.count >= 4 && shown.count <= 6)
        #expect(shown.first == dates.first && shown.last == dates.last)
    }

    @Test func logScaleTicksArePowers() {
        let values = (0..<200).map { pow(10, Double($0) / 100) }   // 1 → ~95
        let svg = LineChart(series: [ChartSeries(name: "s", values: values)], yFormat: .number(0), logScale: true)
            .svg(width: 800, height: 300)
        #expect(svg.contains(">1</text>") && svg.contains(">10</text>"))
        #expect(svg.contains(">50</text>"))
    }

    @Test func heatmapWithNaNCells() {
        let values: [[Double]] = [[1.2, .nan, -0.4], [0.3, 0.0, .nan], [-1.5, 0.8, 2.1]]
        let chart = Heatmap(xLabels: ["5", "10", "20"], yLabels: ["50", "100", "200"], values: values,
                            title: "Sharpe", valueFormat: .number(2))
        let svg = chart.svg(width: 600, height: 300)
        #expect(isWellFormedXML(svg))
        #expect(!svg.lowercased().contains("nan\""))
        #expect(!svg.contains(">nan<") && !svg.contains(">NaN<"))
        #expect(occurrences(of: "fill=\"\(ChartPalette.missing)\"", in: svg) >= 2)  // two cells (+ legend swatch)
        #expect(svg.contains(">min -1.50</text>"))
        #expect(svg.contains(">max 2.10</text>"))
        #expect(svg.contains(">2.10</text>"))
        // Diverging around zero: zero is the neutral colour, the signs go to opposite hues.
        #expect(Heatmap.color(for: 0, magnitude: 2) == "#f7f7f7")
        #expect(Heatmap.color(for: 2, magnitude: 2) == "#2166ac")
        #expect(Heatmap.color(for: -2, magnitude: 2) == "#b2182b")
        #expect(Heatmap.color(for: .nan, magnitude: 2) == ChartPalette.missing)
        // Ragged rows are padded with missing cells.
        let ragged = Heatmap(xLabels: ["a", "b"], yLabels: ["r1", "r2"], values: [[1], [1, 2]]).svg(width: 400, height: 200)
        #expect(isWellFormedXML(ragged))
    }

    @Test func barChartNegativeToTheLeft() {
        let chart = BarChart(labels: ["up", "down"], values: [2, -1], valueFormat: .number(1))
        let svg = chart.svg(width: 600, height: 200)
        #expect(svg.contains(">2.0</text>") && svg.contains(">-1.0</text>"))
        #expect(svg.contains(ChartPalette.negative) && svg.contains(ChartPalette.positive))
        #expect(isWellFormedXML(svg))
    }

    @Test func fanChartHasBandsAndMedian() {
        let steps = Array(0..<50)
        let bands = (0..<5).map { k in steps.map { Double($0) * Double(k + 1) } }
        let svg = FanChart(steps: steps, bands: bands, title: "fan").svg(width: 600, height: 300)
        let paths = pathData(svg)
        #expect(paths.count == 3 + 0)
        #expect(svg.contains("Median"))
        #expect(isWellFormedXML(svg))
    }
}
