import Market
import Reports

/// Chart and table material a phase leaves for the HTML reports.
///
/// Stored in the run store beside the phase's outputs (so reports can be written
/// after a resume) under the reserved name `_report`; `admf outputs` does not list it.
public enum ReportData {
    public static let artifactName = "_report"

    /// Whether an artifact name is internal (not a user-facing output).
    public static func isInternal(_ name: String) -> Bool { name.hasPrefix("_") }

    /// `{"dates": […], "<name>": […], …}` for a curve chart.
    public static func curves(timestamps: [Int64], _ series: [(String, [Double])]) -> JSONValue {
        .object([("dates", .array(timestamps.map { .string(Timestamps.format($0)) }))]
                + series.map { ($0.0, .array($0.1.map { .number($0) })) })
    }
}
