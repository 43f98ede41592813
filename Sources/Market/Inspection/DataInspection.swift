/// What is in a data file: its size, time range, spacing, gaps and every problem.
///
/// Made by ``DataInspector/inspect(path:)``, which reads the whole file without
/// stopping at problems. Statistics (time range, spacing, gaps) describe the rows
/// that would be kept with `--drop-invalid-rows`; `problems` lists everything
/// wrong with every other row, each row's problems in the order of ``BarValidator``.
///
/// ```swift
/// let report = try DataInspector.inspect(path: "data/spy_1m.csv")
/// print(report.render())
/// if !report.problems.isEmpty { print("\(report.invalidRows) rows need fixing") }
/// ```
public struct DataInspection: Sendable {
    /// A break between two consecutive bars much longer than the usual spacing.
    ///
    /// What counts as a gap depends on the series' ``BarSpacing``:
    ///
    /// - **intraday**: consecutive bars on the same UTC day more than 5 × the median
    ///   spacing apart (a hole inside a session), or bars on different days with at
    ///   least two whole weekdays (Mon–Fri) missing between them;
    /// - **daily**: at least two whole weekdays missing between consecutive bars;
    /// - with **weekend bars** (a seven-day market), any whole missing calendar day;
    /// - **weekly**, **monthly**: more than 1.5 × the median apart (a missing period);
    /// - **irregular**: more than 5 × the median apart.
    ///
    /// So nights, weekends and one-day holidays are never gaps; the four-day 9/11
    /// closure or a missing month is.
    public struct Gap: Sendable, Equatable, CustomStringConvertible {
        /// The timestamp of the last bar before the break.
        public var from: Int64
        /// The timestamp of the first bar after the break.
        public var to: Int64
        /// The line of the first bar after the break.
        public var line: Int

        public init(from: Int64, to: Int64, line: Int) {
            self.from = from
            self.to = to
            self.line = line
        }

        /// The length of the break in seconds.
        public var seconds: Int64 { to - from }

        /// `2001-09-10 -> 2001-09-17 (7d, line 123)`.
        public var description: String {
            "\(Timestamps.format(from)) -> \(Timestamps.format(to)) (\(BarSpacing.formatDuration(seconds)), line \(line))"
        }
    }

    /// The path inspected.
    public var file: String
    /// The header and what each column was taken to be.
    public var header: CSVHeader
    /// Non-blank data lines after the header.
    public var rows: Int
    /// Rows with no problem (the bars a loader with `dropInvalidRows` returns).
    public var validRows: Int
    /// Rows with at least one problem.
    public var invalidRows: Int
    /// The first valid bar's time, if any.
    public var firstTimestamp: Int64?
    /// The last valid bar's time, if any.
    public var lastTimestamp: Int64?
    /// The spacing of the valid bars.
    public var spacing: BarSpacing
    /// Breaks much longer than the usual spacing, by the rule in ``Gap``.
    public var gaps: [Gap]
    /// Every problem found, in file order.
    public var problems: [DataProblem]
    /// Whether the file has a volume column (when not, every bar's volume is 0).
    public var hasVolume: Bool
    /// Remarks on how the file was read (absent volume, ignored columns, ...).
    public var notes: [String]

    /// A human-readable summary table; gaps and problems beyond `limit` are counted, not listed.
    public func render(limit: Int = 20) -> String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) {
            lines.append(label.padding(12) + value)
        }
        row("file", file)
        row("columns", header.fields.joined(separator: ", "))
        row("rows", "\(rows) (\(validRows) valid, \(invalidRows) invalid)")
        row("first", firstTimestamp.map(Timestamps.format) ?? "-")
        row("last", lastTimestamp.map(Timestamps.format) ?? "-")
        row("spacing", validRows >= 2 ? spacing.description : "- (fewer than two valid bars)")
        row("volume", hasVolume ? "present" : "absent: every bar's volume is 0")
        row("gaps", gaps.isEmpty ? "none" : "\(gaps.count)")
        for gap in gaps.prefix(limit) { lines.append("  " + gap.description) }
        if gaps.count > limit { lines.append("  ... and \(gaps.count - limit) more") }
        row("problems", problems.isEmpty ? "none" : "\(problems.count) in \(invalidRows) rows")
        for problem in problems.prefix(limit) { lines.append("  " + problem.description) }
        if problems.count > limit { lines.append("  ... and \(problems.count - limit) more") }
        for note in notes { row("note", note) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string padded with spaces to at least `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
