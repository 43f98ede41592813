import Foundation

/// Horizontal bars from a zero axis: positive values to the right, negative to the left
/// (parameter importance, returns by regime, phase timings). Each bar is labelled with
/// its value; NaN values show "n/a" and no bar.
public struct BarChart: Chart, Equatable {
    public var labels: [String]
    public var values: [Double]
    public var title: String
    public var valueFormat: ValueFormat
    public var positiveColor: String
    public var negativeColor: String

    public init(labels: [String], values: [Double], title: String = "", valueFormat: ValueFormat = .number(decimals: 2),
                positiveColor: String = ChartPalette.positive, negativeColor: String = ChartPalette.negative) {
        self.labels = labels
        self.values = values
        self.title = title
        self.valueFormat = valueFormat
        self.positiveColor = positiveColor
        self.negativeColor = negativeColor
    }

    var count: Int { max(labels.count, values.count) }

    public func preferredHeight(width: Int) -> Int {
        (title.isEmpty ? 12 : 36) + 30 + max(1, count) * (count > 30 ? 16 : 26) + 8
    }

    public func svg(width requestedWidth: Int, height requestedHeight: Int) -> String {
        let width = max(160, requestedWidth), height = max(80, requestedHeight)
        var svg = SVGWriter(width: width, height: height, label: title)
        let W = Double(width), H = Double(height)
        let count = self.count
        func value(_ i: Int) -> Double { i < values.count ? values[i] : .nan }
        func label(_ i: Int) -> String { i < labels.count ? labels[i] : "" }

        let finite = (0..<count).map(value).filter(\.isFinite)
        let low = min(0, finite.min() ?? 0), high = max(0, finite.max() ?? 1)
        let ticks = NiceTicks.linear(min: low, max: high == low ? low + 1 : high, targetCount: 5)
        let tickFormat = valueFormat.with(decimals: valueFormat.decimals(forExponent: ticks.exponent))
        let valueLabels = (0..<count).map { value($0).isFinite ? ReportFormat.format(value($0), valueFormat) : "n/a" }
        let valueWidth = (valueLabels.map { SVGWriter.textWidth($0, size: 10.5) }.max() ?? 20) + 8
        let labelColumn = min(W * 0.35, (0..<count).map { SVGWriter.textWidth(label($0)) }.max() ?? 0)
        let hasNegative = finite.contains { $0 < 0 }

        let top = title.isEmpty ? 12.0 : 36.0, bottom = 30.0
        let plotLeft = 12 + labelColumn + 10 + (hasNegative ? valueWidth : 4)
        let plotRight = W - 16 - valueWidth
        let plotTop = top, plotBottom = H - bottom
        let plotWidth = max(1, plotRight - plotLeft), plotHeight = max(1, plotBottom - plotTop)
        func x(_ v: Double) -> Double { plotLeft + (v - ticks.lower) / (ticks.upper - ticks.lower) * plotWidth }

        svg.title(title)
        svg.open("g", [("stroke", ChartPalette.grid), ("stroke-width", "1")])
        for tick in ticks.values {
            svg.element("line", [("x1", svg.n(x(tick))), ("y1", svg.n(plotTop)), ("x2", svg.n(x(tick))), ("y2", svg.n(plotBottom))])
        }
        svg.close("g")
        guard count > 0 else {
            svg.noData(x: plotLeft + plotWidth / 2, y: plotTop + plotHeight / 2)
            return svg.finish()
        }
        let rowHeight = plotHeight / Double(count)
        let barHeight = min(22, rowHeight * 0.66)
        let zero = x(0)
        for i in 0..<count {
            let centre = plotTop + (Double(i) + 0.5) * rowHeight
            svg.text(SVGWriter.truncate(label(i), toWidth: labelColumn), x: 12 + labelColumn, y: centre,
                     anchor: .end, fill: ChartPalette.ink, centred: true)
            let v = value(i)
            guard v.isFinite else {
                svg.text("n/a", x: zero + 6, y: centre, size: 10.5, centred: true)
                continue
            }
            let end = x(v)
            svg.rect(x: min(zero, end), y: centre - barHeight / 2, width: max(0.5, abs(end - zero)), height: barHeight,
                     fill: v < 0 ? negativeColor : positiveColor, extra: [("rx", "1.5")],
                     tooltip: "\(label(i)): \(valueLabels[i])")
            if v < 0 {
                svg.text(valueLabels[i], x: end - 5, y: centre, anchor: .end, size: 10.5, fill: ChartPalette.ink, centred: true)
            } else {
                svg.text(valueLabels[i], x: end + 5, y: centre, size: 10.5, fill: ChartPalette.ink, centred: true)
            }
        }
        svg.line(x1: zero, y1: plotTop, x2: zero, y2: plotBottom, stroke: ChartPalette.axis, width: 1)
        svg.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: ChartPalette.axis)
        for tick in ticks.values {
            svg.line(x1: x(tick), y1: plotBottom, x2: x(tick), y2: plotBottom + 4, stroke: ChartPalette.axis)
            svg.text(ReportFormat.format(tick, tickFormat), x: x(tick), y: plotBottom + 17, anchor: .middle)
        }
        return svg.finish()
    }
}
