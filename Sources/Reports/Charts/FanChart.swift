import Foundation

/// A Monte Carlo fan: percentile bands of simulated paths over steps.
///
/// `bands` holds five series — the 5th, 25th, 50th, 75th and 95th percentiles — each
/// with one value per step. The 5–95 band is shaded lightly, the 25–75 band darker,
/// and the median is a line. Steps where any band is NaN leave a gap. Fewer than five
/// bands render as "No data".
public struct FanChart: Chart, Equatable {
    public var steps: [Int]
    public var bands: [[Double]]
    public var title: String
    public var yFormat: ValueFormat
    public var color: String?

    public init(steps: [Int], bands: [[Double]], title: String = "", yFormat: ValueFormat = .number(decimals: 2),
                color: String? = nil) {
        self.steps = steps
        self.bands = bands
        self.title = title
        self.yFormat = yFormat
        self.color = color
    }

    public func svg(width requestedWidth: Int, height requestedHeight: Int) -> String {
        let width = max(160, requestedWidth), height = max(100, requestedHeight)
        var svg = SVGWriter(width: width, height: height, label: title)
        let W = Double(width), H = Double(height)
        let color = self.color ?? ChartPalette.positive

        let count = bands.count >= 5 ? min(steps.count, bands.prefix(5).map(\.count).min() ?? 0) : 0
        // Indices to draw: every step, or an even stride (plus the last) for long runs.
        var indices: [Int] = []
        if count > 0 {
            let stride = max(1, Int(ceil(Double(count) / 1000)))
            indices = Array(Swift.stride(from: 0, to: count, by: stride))
            if indices.last != count - 1 { indices.append(count - 1) }
        }
        func valid(_ i: Int) -> Bool { (0..<5).allSatisfy { bands[$0][i].isFinite } }
        var low = Double.infinity, high = -Double.infinity
        for i in indices where valid(i) {
            for band in 0..<5 {
                low = min(low, bands[band][i])
                high = max(high, bands[band][i])
            }
        }
        let hasData = low <= high
        if !hasData { low = 0; high = 1 }
        let yTicks = NiceTicks.linear(min: low, max: high, targetCount: 5)
        let yLabelFormat = yFormat.with(decimals: yFormat.decimals(forExponent: yTicks.exponent))
        let firstStep = count > 0 ? Double(steps[0]) : 0, lastStep = count > 0 ? Double(steps[count - 1]) : 1
        let xLow = min(firstStep, lastStep)
        let xHigh = max(firstStep, lastStep) > xLow ? max(firstStep, lastStep) : xLow + 1
        let xTicks = NiceTicks.linear(min: xLow, max: xHigh, targetCount: 6, extend: false)

        let items = [
            LegendItem(label: "5–95th percentile", color: color, swatch: .box, opacity: 0.16),
            LegendItem(label: "25–75th percentile", color: color, swatch: .box, opacity: 0.36),
            LegendItem(label: "Median", color: color, swatch: .line),
        ]
        let labelWidth = yTicks.values.map { SVGWriter.textWidth(ReportFormat.format($0, yLabelFormat)) }.max() ?? 20
        let left = max(40, labelWidth + 16), right = 18.0, bottom = 30.0
        var top = title.isEmpty ? 12.0 : 36.0
        let legendRows = Legend.rows(items, width: W - left - right)
        let legendY = top + 4
        top += Double(legendRows.count) * Legend.rowHeight + 4
        let plotLeft = left, plotRight = W - right, plotTop = top, plotBottom = H - bottom
        let plotWidth = max(1, plotRight - plotLeft), plotHeight = max(1, plotBottom - plotTop)
        func x(_ step: Double) -> Double { plotLeft + (step - xLow) / (xHigh - xLow) * plotWidth }
        func y(_ value: Double) -> Double {
            plotBottom - (value - yTicks.lower) / max(1e-300, yTicks.upper - yTicks.lower) * plotHeight
        }

        svg.title(title)
        Legend.draw(legendRows, x: plotLeft, y: legendY + 5, into: &svg)
        svg.open("g", [("stroke", ChartPalette.grid), ("stroke-width", "1")])
        for tick in yTicks.values {
            svg.element("line", [("x1", svg.n(plotLeft)), ("y1", svg.n(y(tick))), ("x2", svg.n(plotRight)), ("y2", svg.n(y(tick)))])
        }
        for tick in xTicks.values {
            svg.element("line", [("x1", svg.n(x(tick))), ("y1", svg.n(plotTop)), ("x2", svg.n(x(tick))), ("y2", svg.n(plotBottom)),
                                 ("stroke-opacity", "0.6")])
        }
        svg.close("g")
        for tick in yTicks.values {
            svg.text(ReportFormat.format(tick, yLabelFormat), x: plotLeft - 8, y: y(tick), anchor: .end, centred: true)
        }

        // Runs of steps where all five bands are finite.
        var runs: [[Int]] = []
        var current: [Int] = []
        for i in indices {
            if valid(i) { current.append(i) } else if !current.isEmpty { runs.append(current); current = [] }
        }
        if !current.isEmpty { runs.append(current) }
        func band(_ upper: Int, _ lower: Int) -> String {
            var d = ""
            for run in runs {
                for (position, i) in run.enumerated() {
                    d += (position == 0 ? "M" : "L") + svg.n(x(Double(steps[i]))) + "," + svg.n(y(bands[upper][i]))
                }
                for i in run.reversed() {
                    d += "L" + svg.n(x(Double(steps[i]))) + "," + svg.n(y(bands[lower][i]))
                }
                d += "Z"
            }
            return d
        }
        if !runs.isEmpty {
            svg.element("path", [("d", band(4, 0)), ("fill", color), ("fill-opacity", "0.16"), ("stroke", "none")],
                        tooltip: "5–95th percentile")
            svg.element("path", [("d", band(3, 1)), ("fill", color), ("fill-opacity", "0.36"), ("stroke", "none")],
                        tooltip: "25–75th percentile")
            var median = ""
            for run in runs {
                for (position, i) in run.enumerated() {
                    median += (position == 0 ? "M" : "L") + svg.n(x(Double(steps[i]))) + "," + svg.n(y(bands[2][i]))
                }
                if run.count == 1 { median += "l0,0" }
            }
            svg.element("path", [("d", median), ("fill", "none"), ("stroke", color), ("stroke-width", "1.8"),
                                 ("stroke-linejoin", "round"), ("stroke-linecap", "round")], tooltip: "Median")
        }
        if !hasData { svg.noData(x: plotLeft + plotWidth / 2, y: plotTop + plotHeight / 2) }

        svg.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: ChartPalette.axis)
        let xFormat = ValueFormat.number(decimals: max(0, -xTicks.exponent))
        for tick in xTicks.values {
            svg.line(x1: x(tick), y1: plotBottom, x2: x(tick), y2: plotBottom + 4, stroke: ChartPalette.axis)
            svg.text(ReportFormat.format(tick, xFormat), x: x(tick), y: plotBottom + 17, anchor: .middle)
        }
        return svg.finish()
    }
}
