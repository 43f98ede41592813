import Foundation

/// Spans on a shared date axis, one row each — e.g. walk-forward windows: the training span in
/// grey, the test span in colour (blue for a gain, red for a loss), the test figure at the right.
///
/// Dates are ISO strings (`2022-03-14`); they are placed by day number, so rows of different
/// lengths line up.
public struct TimelineChart: Chart, Equatable {
    public struct Row: Sendable, Equatable {
        public var label: String
        /// Each span: (start date, end date, CSS colour, tooltip).
        public var spans: [Span]
        /// Text at the row's right end (e.g. the test return).
        public var note: String

        public init(label: String, spans: [Span], note: String = "") {
            self.label = label
            self.spans = spans
            self.note = note
        }
    }

    public struct Span: Sendable, Equatable {
        public var start: String
        public var end: String
        public var color: String
        public var tooltip: String

        public init(start: String, end: String, color: String, tooltip: String) {
            self.start = start
            self.end = end
            self.color = color
            self.tooltip = tooltip
        }
    }

    public var rows: [Row]
    public var title: String

    public init(rows: [Row], title: String = "") {
        self.rows = rows
        self.title = title
    }

    public func preferredHeight(width: Int) -> Int { (title.isEmpty ? 16 : 40) + rows.count * 22 + 34 }

    /// Days since 1970-01-01 of `YYYY-MM-DD` (NaN when unreadable).
    static func day(_ date: String) -> Double {
        let parts = date.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return .nan }
        var (y, m) = (parts[0], parts[1])
        if m <= 2 { y -= 1; m += 12 }
        let era = y / 400, yoe = y - era * 400
        let doy = (153 * (m - 3) + 2) / 5 + parts[2] - 1
        return Double(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
    }

    public func svg(width: Int, height: Int) -> String {
        var svg = SVGWriter(width: width, height: height, label: title.isEmpty ? "timeline" : title)
        svg.title(title)
        let days = rows.flatMap { $0.spans.flatMap { [Self.day($0.start), Self.day($0.end)] } }.filter(\.isFinite)
        guard let low = days.min(), let high = days.max(), high > low else { return svg.finish() }
        let left = 110.0, right = Double(width) - 90, top = title.isEmpty ? 10.0 : 34.0
        func x(_ date: String) -> Double { left + (Self.day(date) - low) / (high - low) * (right - left) }
        for (k, row) in rows.enumerated() {
            let y = top + Double(k) * 22
            svg.text(row.label, x: left - 8, y: y + 8, anchor: .end, size: 11, centred: true)
            for span in row.spans {
                let a = x(span.start), b = x(span.end)
                svg.rect(x: a, y: y + 2, width: max(2, b - a), height: 13, fill: span.color, tooltip: span.tooltip)
            }
            svg.text(row.note, x: right + 6, y: y + 8, size: 11, fill: ChartPalette.ink, centred: true)
        }
        let axis = top + Double(rows.count) * 22 + 6
        svg.line(x1: left, y1: axis, x2: right, y2: axis, stroke: ChartPalette.grid)
        for date in [rows.first?.spans.first?.start, rows.last?.spans.last?.end].compactMap({ $0 }) {
            svg.text(date, x: x(date), y: axis + 14, anchor: .middle, size: 10.5)
        }
        return svg.finish()
    }
}
