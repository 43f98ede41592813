import Foundation

/// A grid of coloured cells, e.g. an optimisation surface (fast × slow period → Sharpe).
///
/// `values[row][column]`: rows follow `yLabels` (first row at the top), columns follow
/// `xLabels`. The colour scale diverges around zero (red below, blue above, white at
/// zero, symmetric in magnitude); NaN or missing cells are grey. Cells show their value
/// when they are large enough, and carry it as a tooltip; the best (largest) cell is
/// outlined unless `markMaximum` is off. A legend under the grid shows the colours
/// from the minimum to the maximum value.
public struct Heatmap: Chart, Equatable {
    public var xLabels: [String]
    public var yLabels: [String]
    public var values: [[Double]]
    public var title: String
    public var valueFormat: ValueFormat
    /// Axis titles, e.g. "fast_period" and "slow_period".
    public var xTitle: String?
    public var yTitle: String?
    public var showValues: Bool
    public var markMaximum: Bool

    public init(xLabels: [String], yLabels: [String], values: [[Double]], title: String = "",
                valueFormat: ValueFormat = .number(decimals: 2), xTitle: String? = nil, yTitle: String? = nil,
                showValues: Bool = true, markMaximum: Bool = true) {
        self.xLabels = xLabels
        self.yLabels = yLabels
        self.values = values
        self.title = title
        self.valueFormat = valueFormat
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.showValues = showValues
        self.markMaximum = markMaximum
    }

    var rowCount: Int { max(yLabels.count, values.count) }
    var columnCount: Int { max(xLabels.count, values.map(\.count).max() ?? 0) }

    func value(row: Int, column: Int) -> Double {
        row < values.count && column < values[row].count ? values[row][column] : .nan
    }

    public func preferredHeight(width: Int) -> Int {
        let chrome = (title.isEmpty ? 12 : 36) + 24 + (xTitle == nil ? 0 : 18) + 46
        return chrome + max(1, rowCount) * (rowCount > 20 ? 16 : 26)
    }

    /// The colour of `value` on a scale where ±`magnitude` are the extremes.
    public static func color(for value: Double, magnitude: Double) -> String {
        guard value.isFinite else { return ChartPalette.missing }
        let t = magnitude > 0 ? max(-1, min(1, value / magnitude)) : 0
        let stops = t < 0 ? negativeStops : positiveStops
        let position = abs(t) * Double(stops.count - 1)
        let lower = min(stops.count - 2, Int(position.rounded(.down)))
        let fraction = position - Double(lower)
        let a = rgbComponents(stops[lower]), b = rgbComponents(stops[lower + 1])
        return hexColor(a.0 + (b.0 - a.0) * fraction, a.1 + (b.1 - a.1) * fraction, a.2 + (b.2 - a.2) * fraction)
    }

    static let negativeStops = ["#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b"]
    static let positiveStops = ["#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac"]

    public func svg(width requestedWidth: Int, height requestedHeight: Int) -> String {
        let width = max(160, requestedWidth), height = max(100, requestedHeight)
        var svg = SVGWriter(width: width, height: height, label: title)
        let W = Double(width), H = Double(height)
        let rows = rowCount, columns = columnCount

        var low = Double.infinity, high = -Double.infinity
        var best: (row: Int, column: Int)? = nil
        var anyMissing = false
        for row in 0..<rows {
            for column in 0..<columns {
                let v = value(row: row, column: column)
                guard v.isFinite else { anyMissing = true; continue }
                low = min(low, v)
                if v > high { high = v; best = (row, column) }
            }
        }
        let hasData = low <= high
        let magnitude = hasData ? max(abs(low), abs(high)) : 1

        let top = title.isEmpty ? 12.0 : 36.0
        let yLabelWidth = min(W * 0.3, (yLabels.map { SVGWriter.textWidth($0) }.max() ?? 0))
        let left = 12 + (yTitle == nil ? 0 : 18) + yLabelWidth + 8
        let right = 16.0
        let bottom = 24 + (xTitle == nil ? 0 : 18) + 46.0
        let availableWidth = max(1, W - left - right), plotHeight = max(1, H - top - bottom)

        svg.title(title)
        guard rows > 0, columns > 0 else {
            svg.noData(x: W / 2, y: top + plotHeight / 2)
            return svg.finish()
        }
        let cellWidth = min(availableWidth / Double(columns), 120)
        let cellHeight = plotHeight / Double(rows)
        let gridWidth = cellWidth * Double(columns), gridBottom = top + plotHeight
        // A grid narrower than the plot area is centred in it.
        let gridLeft = left + max(0, (availableWidth - gridWidth) / 2), gridTop = top

        // Cells.
        svg.open("g", [("stroke", "#ffffff"), ("stroke-width", cellWidth > 6 && cellHeight > 6 ? "1" : "0")])
        for row in 0..<rows {
            for column in 0..<columns {
                let v = value(row: row, column: column)
                let xLabel = column < xLabels.count ? xLabels[column] : String(column)
                let yLabel = row < yLabels.count ? yLabels[row] : String(row)
                let shown = v.isFinite ? ReportFormat.format(v, valueFormat) : "n/a"
                svg.rect(x: gridLeft + Double(column) * cellWidth, y: gridTop + Double(row) * cellHeight,
                         width: cellWidth, height: cellHeight, fill: Heatmap.color(for: v, magnitude: magnitude),
                         tooltip: "\(yTitle ?? "y") \(yLabel), \(xTitle ?? "x") \(xLabel): \(shown)")
            }
        }
        svg.close("g")

        // Values inside cells.
        if showValues && cellHeight >= 13 {
            let size = cellHeight >= 20 ? 10.5 : 9.5
            svg.open("g", [("font-size", SVGWriter.coordinate(size)), ("text-anchor", "middle")])
            for row in 0..<rows {
                for column in 0..<columns {
                    let v = value(row: row, column: column)
                    guard v.isFinite else { continue }
                    let label = ReportFormat.format(v, valueFormat)
                    guard SVGWriter.textWidth(label, size: size) + 6 <= cellWidth else { continue }
                    let strong = magnitude > 0 && abs(v) / magnitude > 0.62
                    svg.element("text", [
                        ("x", svg.n(gridLeft + (Double(column) + 0.5) * cellWidth)),
                        ("y", svg.n(gridTop + (Double(row) + 0.5) * cellHeight)),
                        ("dy", "0.35em"), ("fill", strong ? "#ffffff" : ChartPalette.ink),
                    ], text: label)
                }
            }
            svg.close("g")
        }
        if markMaximum, let best {
            svg.rect(x: gridLeft + Double(best.column) * cellWidth + 1, y: gridTop + Double(best.row) * cellHeight + 1,
                     width: cellWidth - 2, height: cellHeight - 2, fill: "none",
                     extra: [("stroke", ChartPalette.ink), ("stroke-width", "2")])
        }

        // Axis labels, thinned so they do not collide.
        let xLabelWidth = xLabels.map { SVGWriter.textWidth($0) }.max() ?? 0
        let xEvery = max(1, Int(ceil((xLabelWidth + 8) / cellWidth)))
        for column in stride(from: 0, to: min(columns, xLabels.count), by: xEvery) {
            svg.text(xLabels[column], x: gridLeft + (Double(column) + 0.5) * cellWidth, y: gridBottom + 15, anchor: .middle)
        }
        let yEvery = max(1, Int(ceil(13 / cellHeight)))
        for row in stride(from: 0, to: min(rows, yLabels.count), by: yEvery) {
            svg.text(SVGWriter.truncate(yLabels[row], toWidth: yLabelWidth), x: gridLeft - 8,
                     y: gridTop + (Double(row) + 0.5) * cellHeight, anchor: .end, centred: true)
        }
        var legendTop = gridBottom + 26
        if let xTitle {
            svg.text(xTitle, x: gridLeft + gridWidth / 2, y: gridBottom + 33, anchor: .middle, weight: 600, fill: ChartPalette.ink)
            legendTop += 18
        }
        if let yTitle {
            let cx = gridLeft - yLabelWidth - 26, cy = gridTop + plotHeight / 2
            svg.text(yTitle, x: cx, y: cy, anchor: .middle, weight: 600, fill: ChartPalette.ink,
                     extra: [("transform", "rotate(-90 \(svg.n(cx)) \(svg.n(cy)))")])
        }

        // Colour legend: minimum → maximum.
        if hasData {
            let legendWidth = min(260, max(120, gridWidth * 0.5))
            let legendLeft = gridLeft
            let steps = 48
            let stepWidth = legendWidth / Double(steps)
            let span = high - low
            for step in 0..<steps {
                let v = span > 0 ? low + span * (Double(step) + 0.5) / Double(steps) : low
                svg.rect(x: legendLeft + Double(step) * stepWidth, y: legendTop, width: stepWidth + 0.4, height: 10,
                         fill: Heatmap.color(for: v, magnitude: magnitude))
            }
            svg.rect(x: legendLeft, y: legendTop, width: legendWidth, height: 10, fill: "none",
                     extra: [("stroke", ChartPalette.axis), ("stroke-width", "0.5")])
            svg.text("min " + ReportFormat.format(low, valueFormat), x: legendLeft, y: legendTop + 22)
            svg.text("max " + ReportFormat.format(high, valueFormat), x: legendLeft + legendWidth, y: legendTop + 22, anchor: .end)
            if low < 0 && high > 0 {
                let zx = legendLeft + legendWidth * (0 - low) / span
                svg.line(x1: zx, y1: legendTop - 2, x2: zx, y2: legendTop + 12, stroke: ChartPalette.ink, width: 1)
                if zx - legendLeft > 60 && legendLeft + legendWidth - zx > 60 {
                    svg.text("0", x: zx, y: legendTop + 22, anchor: .middle)
                }
            }
            if anyMissing {
                let mx = legendLeft + legendWidth + 18
                svg.rect(x: mx, y: legendTop, width: 14, height: 10, fill: ChartPalette.missing)
                svg.text("no value", x: mx + 19, y: legendTop + 5, centred: true)
            }
        } else {
            svg.noData(x: gridLeft + gridWidth / 2, y: gridTop + plotHeight / 2)
        }
        return svg.finish()
    }
}
