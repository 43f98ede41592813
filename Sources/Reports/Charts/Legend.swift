/// A legend entry: a line swatch (series) or a filled box (shading, bands).
struct LegendItem {
    enum Swatch { case line, box, area }
    var label: String
    var color: String
    var swatch: Swatch
    var opacity: Double = 1
}

enum Legend {
    static let rowHeight = 18.0

    /// Rows of items that fit in `width` px.
    static func rows(_ items: [LegendItem], width: Double) -> [[LegendItem]] {
        var rows: [[LegendItem]] = []
        var current: [LegendItem] = []
        var used = 0.0
        for item in items {
            let itemWidth = self.width(of: item)
            if !current.isEmpty && used + itemWidth > width {
                rows.append(current)
                current = []
                used = 0
            }
            current.append(item)
            used += itemWidth
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }

    static func width(of item: LegendItem) -> Double {
        22 + SVGWriter.textWidth(label(item)) + 16
    }

    static func label(_ item: LegendItem) -> String {
        SVGWriter.truncate(item.label, toWidth: 260)
    }

    /// Draws rows starting at (`x`, `y`) (y = the first row's text centre).
    static func draw(_ rows: [[LegendItem]], x: Double, y: Double, into svg: inout SVGWriter) {
        var rowY = y
        for row in rows {
            var itemX = x
            for item in row {
                switch item.swatch {
                case .line:
                    svg.line(x1: itemX, y1: rowY, x2: itemX + 16, y2: rowY, stroke: item.color, width: 2.25,
                             extra: [("stroke-linecap", "round")])
                case .box, .area:
                    var extra: [(String, String)] = []
                    if item.opacity < 1 { extra.append(("fill-opacity", SVGWriter.coordinate(item.opacity))) }
                    svg.rect(x: itemX, y: rowY - 5, width: 16, height: 10, fill: item.color,
                             extra: extra + [("rx", "2")])
                }
                svg.text(label(item), x: itemX + 22, y: rowY, fill: ChartPalette.ink, centred: true)
                itemX += width(of: item)
            }
            rowY += rowHeight
        }
    }
}
