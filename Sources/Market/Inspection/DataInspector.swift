/// Reads a data file completely and reports everything about it, problems included.
///
/// Unlike ``CSVBarLoader``, inspection does not stop at the first problem: it
/// checks every row and lists every problem (see ``DataInspection``). It throws
/// only when the file cannot be read, is empty, or has no usable header.
///
/// ```swift
/// let report = try DataInspector.inspect(path: "data/aapl_daily.csv")
/// print(report.rows, report.spacing.kind, report.problems.count)   // 3270 daily 0
/// ```
public enum DataInspector {
    /// The inspection of the CSV file at `path`.
    public static func inspect(path: String) throws -> DataInspection {
        try inspectTyped(path: path)
    }

    static func inspectTyped(path: String, buffer: ReadBufferSizes = .standard) throws(MarketDataError) -> DataInspection {
        let document = try CSVDocument(path: path, buffer: buffer)
        let out = try CSVRowScanner(document: document, mode: .allPerRow, keepLines: true, keepPrices: false).scan()
        let header = document.header
        let spacing = BarSpacing.infer(timestamps: out.timestamps)
        var problems = out.problems
        if out.dataRows == 0 {
            problems.append(DataProblem(line: document.headerLine, field: nil, reason: "has a header but no data rows"))
        }

        var notes: [String] = []
        if header.volume == nil { notes.append("no volume column: every bar's volume is 0") }
        if header.hasAdjustedClose { notes.append("adjusted close column ignored: bars use the unadjusted close") }
        if let time = header.timeOfDay {
            notes.append("bar time is '\(header.fields[header.timestamp])' + '\(header.fields[time])'")
        }
        let unknown = header.ignored.filter { !["adjclose", "adjustedclose"].contains(CSVHeader.key($0)) }
        if !unknown.isEmpty { notes.append("ignored columns: \(unknown.joined(separator: ", "))") }

        return DataInspection(
            file: path, header: header, rows: out.dataRows, validRows: out.timestamps.count,
            invalidRows: out.invalidRows, firstTimestamp: out.timestamps.first, lastTimestamp: out.timestamps.last,
            spacing: spacing, gaps: GapFinder.gaps(timestamps: out.timestamps, lines: out.lines, spacing: spacing),
            problems: problems, hasVolume: header.volume != nil, notes: notes)
    }
}
