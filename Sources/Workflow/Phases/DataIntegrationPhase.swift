import Foundation
import Market
import Reports
import Signals

/// `type: data_integration` — alternative and macro data joined to the bars *as of* each bar,
/// so nothing downstream can see a value before it was published (``PointInTimeSeries``).
///
/// ```yaml
/// - name: alt_data_integration
///   type: data_integration
///   config:
///     data_sources: ["sentiment", "satellite", "economic"]   # <data.path>/alt/<name>.csv
///     # or files: - {name: cpi, path: "macro/cpi.csv", publication_lag_days: 30}
///     publication_lag_days: 1          # for files without a `published` column (default 1)
///   outputs: [processed_data]
/// ```
///
/// A source is a CSV of `date[,published],<columns>…` (``PointInTimeCSV``). A name without a
/// path is a file of the data folder's `alt/` directory. A sidecar `<file>.json` may describe
/// it: `{"synthetic": true, "description": …, "source": …, "publication_lag_days": N}` —
/// synthetic sources are labelled synthetic in every output and report that shows them.
///
/// `processed_data` holds, per column `<source>.<column>`, the value visible at each bar of the
/// workflow's data (null before the first publication), with its coverage and the first bar it
/// is visible at, and per source its file, its SHA-256, its publication rule and provenance.
/// The files' contents are part of the phase's cache key.
public struct DataIntegrationPhase: WorkflowPhase {
    public static let typeName = "data_integration"
    public static let defaultOutputs = ["processed_data"]
    public static let outputNames = ["processed_data"]
    /// 2: the output's lineage holds no bars of its own (an as-of join fits nothing); 3: its
    /// lineage names the synthetic sources it read; 4: source files shown relative to the working
    /// directory when under it.
    public static var cacheVersion: Int { 4 }

    public static func outputKind(_ name: String) -> ArtifactKind? {
        name == "processed_data" ? .dataset : nil
    }

    let name: String
    let sources: [AltDataSource]
    let defaultLagDays: Double

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        guard let config = declaration.config else {
            throw declaration.node.error("a data_integration phase needs config.data_sources", hint: "e.g. data_sources: [\"economic\"]")
        }
        try config.checkKeys(allowed: ["data_sources", "publication_lag_days"])
        defaultLagDays = try config.optional("publication_lag_days") { try AltDataSource.lag($0) } ?? 1
        sources = try AltDataSource.parse(try config.require("data_sources"))
    }

    /// The files the phase reads, for its cache key.
    public func dependencyFiles(data: DataPlan?) -> [String] {
        sources.flatMap { $0.dependencyFiles(data: data) }
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let timestamps = context.data.full.first?.timestamps ?? []
        var sourceRows: [JSONValue] = []
        var columnRows: [JSONValue] = []
        var values: [(String, JSONValue)] = []
        for source in sources {
            let loaded = try source.load(data: context.data.plan, defaultLagDays: defaultLagDays, phase: name)
            let series = loaded.series, synthetic = loaded.synthetic
            sourceRows.append(loaded.info)
            for column in series {
                let joined = column.asOf(timestamps)
                let visible = joined.firstIndex { !$0.isNaN }
                let covered = joined.filter { !$0.isNaN }.count
                columnRows.append(.object([
                    ("name", .string(column.name)), ("source", .string(source.name)), ("synthetic", .bool(synthetic)),
                    ("first_visible", visible.map { .string(context.data.date($0)) } ?? .null),
                    ("coverage", .number(timestamps.isEmpty ? .nan : Double(covered) / Double(timestamps.count))),
                ]))
                values.append((column.name, .array(joined.map { .number($0) })))
            }
        }
        let anySynthetic = sourceRows.contains { $0["synthetic"]?.boolValue == true }
        let value = JSONValue.object([
            ("rule", .string("as of each bar: the latest observation published strictly before the bar's timestamp")),
            ("contains_synthetic_data", .bool(anySynthetic)),
            ("bars", .integer(timestamps.count)),
            ("first_bar", .string(timestamps.isEmpty ? "" : context.data.date(0))),
            ("sources", .array(sourceRows)), ("columns", .array(columnRows)), ("values", .object(values)),
        ])
        var result = PhaseResult(artifacts: [Artifact(name: "processed_data", kind: .dataset, value: value)])
        // Lineage: nothing is fitted — each bar's value is the observation published before it
        // (an as-of join, causal by construction) — so the output has seen no bars in the sense
        // the lineage rule checks (bars something was chosen or fitted on), like a transformation.
        result.seen = nil
        return result
    }
}
