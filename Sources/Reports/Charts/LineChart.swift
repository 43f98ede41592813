import Foundation

/// Lines over a shared x axis of labelled positions (e.g. equity curves by date).
///
/// ```swift
/// let chart = LineChart(series: [ChartSeries(name: "Strategy", values: equity)],
///                       xLabels: dates, yFormat: .number(2),
///                       shading: [ShadedSpan(startIndex: 120, endIndex: 180, label: "Bear")],
///                       logScale: true, title: "Equity")
/// let svg = chart.svg(width: 960, height: 360)
/// ```
///
/// NaN and infinite values break the line (as do values ≤ 0 on a log scale). Series
/// longer than 1000 points are downsampled deterministically, keeping each bucket's
/// minimum and maximum. The x axis shows about six of `xLabels`.
public struct LineChart: Chart, Equatable {
    public var series: [ChartSeries]
    public var xLabels: [String]
    public var yFormat: ValueFormat
    public var shading: [ShadedSpan]
    public var logScale: Bool
    public var title: String

    public init(series: [ChartSeries], xLabels: [String] = [], yFormat: ValueFormat = .number(decimals: 2),
                shading: [ShadedSpan] = [], logScale: Bool = false, title: String = "") {
        self.series = series
        self.xLabels = xLabels
        self.yFormat = yFormat
        self.shading = shading
        self.logScale = logScale
        self.title = title
    }

    public func svg(width: Int, height: Int) -> String {
        XYPlot(series: series, xLabels: xLabels, yFormat: yFormat, shading: shading,
               logScale: logScale, title: title, filled: false).render(width: width, height: height)
    }
}

/// Areas filled to zero over a shared x axis, e.g. the underwater (drawdown) curve.
/// Takes the same inputs as ``LineChart``; the y axis always includes zero.
public struct AreaChart: Chart, Equatable {
    public var series: [ChartSeries]
    public var xLabels: [String]
    public var yFormat: ValueFormat
    public var shading: [ShadedSpan]
    public var logScale: Bool
    public var title: String

    public init(series: [ChartSeries], xLabels: [String] = [], yFormat: ValueFormat = .percent(decimals: 0),
                shading: [ShadedSpan] = [], logScale: Bool = false, title: String = "") {
        self.series = series
        self.xLabels = xLabels
        self.yFormat = yFormat
        self.shading = shading
        self.logScale = logScale
        self.title = title
    }

    public func svg(width: Int, height: Int) -> String {
        XYPlot(series: series, xLabels: xLabels, yFormat: yFormat, shading: shading,
               logScale: logScale, title: title, filled: true).render(width: width, height: height)
    }

    public func preferredHeight(width: Int) -> Int {
        max(180, width * 11 / 40)
    }
}

/// The shared renderer of ``LineChart`` and ``AreaChart``.
struct XYPlot {
    var series: [ChartSeries]
    var xLabels: [String]
    var yFormat: ValueFormat
    var shading: [ShadedSpan]
    var logScale: Bool
    var title: String
    var filled: Bool

    func render(width requestedWidth: Int, height requestedHeight: Int) -> String {
        let width = max(160, requestedWidth), height = max(100, requestedHeight)
        var svg = SVGWriter(width: width, height: height, label: title)
        let W = Double(width), H = Double(height)

        // Data, transformed for a log axis (values ≤ 0 become gaps there).
        let count = max(xLabels.count, series.map(\.values.count).max() ?? 0)
        let positiveExists = series.contains { $0.values.contains { $0.isFinite && $0 > 0 } }
        let useLog = logScale && positiveExists
        let transformed: [[Double]] = series.map { item in
            useLog ? item.values.map { $0.isFinite && $0 > 0 ? log10($0) : .nan } : item.values
        }
        var low = Double.infinity, high = -Double.infinity
        for values in transformed {
            for value in values where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        let hasData = low <= high
        if !hasData { low = 0; high = 1 }

        // Y axis.
        var domainLow: Double, domainHigh: Double
        var yTicks: [(position: Double, label: String)] = []
        if useLog {
            let ticks = LogTicks.make(min: pow(10, low), max: pow(10, high))
            domainLow = ticks.lower
            domainHigh = ticks.upper
            yTicks = ticks.ticks.map { tick in
                (tick.position, ReportFormat.format(tick.label, yFormat.with(decimals: yFormat.decimals(forExponent: tick.exponent))))
            }
        } else {
            if filled || !hasData { low = min(low, 0); high = max(high, 0) }
            let ticks = NiceTicks.linear(min: low, max: high, targetCount: height < 220 ? 4 : 5)
            domainLow = ticks.lower
            domainHigh = ticks.upper
            let format = yFormat.with(decimals: yFormat.decimals(forExponent: ticks.exponent))
            yTicks = ticks.values.map { ($0, ReportFormat.format($0 == 0 ? 0 : $0, format)) }
        }
        if domainHigh - domainLow <= 0 { domainHigh = domainLow + 1 }

        // Legend: named series (when more than one) and shading labels.
        var items: [LegendItem] = []
        let colors = series.enumerated().map { $0.element.color ?? ChartPalette.seriesColor($0.offset) }
        if series.count > 1 || (!shading.isEmpty && series.count == 1 && !series[0].name.isEmpty) {
            for (index, item) in series.enumerated() where !item.name.isEmpty {
                items.append(LegendItem(label: item.name, color: colors[index], swatch: filled ? .area : .line))
            }
        }
        var shadeLabels: [String] = []
        var shadeColors: [String] = []
        for span in shading where !shadeLabels.contains(span.label) {
            shadeLabels.append(span.label)
            shadeColors.append(span.color ?? ChartPalette.shadingColor(shadeColors.count))
        }
        for (index, label) in shadeLabels.enumerated() where !label.isEmpty {
            items.append(LegendItem(label: label, color: shadeColors[index], swatch: .box, opacity: 0.45))
        }

        // Layout.
        let labelWidth = yTicks.map { SVGWriter.textWidth($0.label) }.max() ?? 20
        let left = max(40, labelWidth + 16)
        let right = 18.0
        var top = title.isEmpty ? 12.0 : 36.0
        let legendRows = Legend.rows(items, width: W - left - right)
        let legendY = top + 4
        top += Double(legendRows.count) * Legend.rowHeight + (legendRows.isEmpty ? 0 : 4)
        let bottom = 30.0
        let plotLeft = left, plotRight = W - right, plotTop = top, plotBottom = H - bottom
        let plotWidth = max(1, plotRight - plotLeft), plotHeight = max(1, plotBottom - plotTop)

        func x(_ index: Double) -> Double {
            count <= 1 ? plotLeft + plotWidth / 2 : plotLeft + plotWidth * index / Double(count - 1)
        }
        func y(_ value: Double) -> Double {
            plotBottom - (value - domainLow) / (domainHigh - domainLow) * plotHeight
        }

        svg.title(title)
        Legend.draw(legendRows, x: plotLeft, y: legendY + 5, into: &svg)

        // Shaded spans (beneath everything else).
        if count > 0 {
            svg.open("g", [("fill-opacity", "0.22")])
            for span in shading {
                let start = max(0, min(span.startIndex, span.endIndex)), end = min(count - 1, max(span.startIndex, span.endIndex))
                guard start <= end else { continue }
                let halfStep = count > 1 ? plotWidth / Double(count - 1) / 2 : plotWidth / 2
                let x0 = max(plotLeft, x(Double(start)) - halfStep), x1 = min(plotRight, x(Double(end)) + halfStep)
                let color = shadeColors[shadeLabels.firstIndex(of: span.label) ?? 0]
                svg.rect(x: x0, y: plotTop, width: max(1, x1 - x0), height: plotHeight, fill: color,
                         tooltip: span.label.isEmpty ? nil : span.label)
            }
            svg.close("g")
        }

        // Grid and y labels.
        let xTickIndices = XYPlot.labelIndices(count: count, width: plotWidth, labels: xLabels)
        svg.open("g", [("stroke", ChartPalette.grid), ("stroke-width", "1")])
        for tick in yTicks {
            let ty = y(tick.position)
            svg.element("line", [("x1", svg.n(plotLeft)), ("y1", svg.n(ty)), ("x2", svg.n(plotRight)), ("y2", svg.n(ty))])
        }
        for index in xTickIndices {
            let tx = x(Double(index))
            svg.element("line", [("x1", svg.n(tx)), ("y1", svg.n(plotTop)), ("x2", svg.n(tx)), ("y2", svg.n(plotBottom)),
                                 ("stroke-opacity", "0.6")])
        }
        svg.close("g")
        for tick in yTicks {
            svg.text(tick.label, x: plotLeft - 8, y: y(tick.position), anchor: .end, centred: true)
        }
        if !useLog && domainLow < 0 && domainHigh > 0 {
            svg.line(x1: plotLeft, y1: y(0), x2: plotRight, y2: y(0), stroke: ChartPalette.axis, width: 1)
        }

        // Series.
        let baseline = useLog ? domainLow : min(max(0, domainLow), domainHigh)
        for (seriesIndex, values) in transformed.enumerated() {
            let segments = Downsampler.segments(Downsampler.reduce(values))
            guard !segments.isEmpty else { continue }
            let color = colors[seriesIndex]
            if filled {
                var area = ""
                for segment in segments {
                    area += "M" + svg.n(x(Double(segment[0].index))) + "," + svg.n(y(baseline))
                    for point in segment {
                        area += "L" + svg.n(x(Double(point.index))) + "," + svg.n(y(point.value))
                    }
                    area += "L" + svg.n(x(Double(segment[segment.count - 1].index))) + "," + svg.n(y(baseline)) + "Z"
                }
                svg.element("path", [("d", area), ("fill", color), ("fill-opacity", "0.2"), ("stroke", "none")])
            }
            var line = ""
            for segment in segments {
                for (position, point) in segment.enumerated() {
                    line += (position == 0 ? "M" : "L") + svg.n(x(Double(point.index))) + "," + svg.n(y(point.value))
                }
                if segment.count == 1 { line += "l0,0" }  // an isolated point: a round-capped dot
            }
            svg.element("path", [("d", line), ("fill", "none"), ("stroke", color),
                                 ("stroke-width", filled ? "1.25" : "1.6"),
                                 ("stroke-linejoin", "round"), ("stroke-linecap", "round")],
                        tooltip: series[seriesIndex].name.isEmpty ? nil : series[seriesIndex].name)
        }
        if !hasData { svg.noData(x: plotLeft + plotWidth / 2, y: plotTop + plotHeight / 2) }

        // X axis.
        svg.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: ChartPalette.axis)
        for (position, index) in xTickIndices.enumerated() {
            let tx = x(Double(index))
            svg.line(x1: tx, y1: plotBottom, x2: tx, y2: plotBottom + 4, stroke: ChartPalette.axis)
            // Without labels, the axis counts positions.
            let label = xLabels.isEmpty ? String(index) : (index < xLabels.count ? xLabels[index] : "")
            guard !label.isEmpty else { continue }
            let anchor: SVGWriter.Anchor
            if xTickIndices.count > 1 && position == 0 && tx - plotLeft < 30 { anchor = .start }
            else if xTickIndices.count > 1 && position == xTickIndices.count - 1 && plotRight - tx < 30 { anchor = .end }
            else { anchor = .middle }
            svg.text(label, x: tx, y: plotBottom + 17, anchor: anchor)
        }
        return svg.finish()
    }

    /// About six evenly spread indices for x labels (fewer when the labels would collide).
    static func labelIndices(count: Int, width: Double, labels: [String]) -> [Int] {
        guard count > 0 else { return [] }
        guard count > 1 else { return [0] }
        let widest = labels.map { SVGWriter.textWidth($0) }.max() ?? 40
        let fit = Int(width / max(40, widest + 24))
        let target = max(2, min(6, fit, count))
        var indices: [Int] = []
        for k in 0..<target {
            let index = Int((Double(k) * Double(count - 1) / Double(target - 1)).rounded())
            if indices.last != index { indices.append(index) }
        }
        return indices
    }
}
