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

    public static func outputKind(_ name: String) -> ArtifactKind? {
        name == "processed_data" ? .dataset : nil
    }

    struct Source: Sendable, Equatable {
        var name: String
        /// As written; nil: `<data.path>/alt/<name>.csv`.
        var path: String?
        var lagDays: Double?
    }

    let name: String
    let sources: [Source]
    let defaultLagDays: Double

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        guard let config = declaration.config else {
            throw declaration.node.error("a data_integration phase needs config.data_sources", hint: "e.g. data_sources: [\"economic\"]")
        }
        try config.checkKeys(allowed: ["data_sources", "publication_lag_days"])
        defaultLagDays = try config.optional("publication_lag_days") { node -> Double in
            let value = try node.double()
            guard value >= 0, value <= 3650 else { throw node.error("publication_lag_days must be between 0 and 3650 days") }
            return value
        } ?? 1
        let list = try config.require("data_sources")
        var sources: [Source] = []
        for item in try list.sequence() {
            if item.isScalar {
                let text = try item.string()
                guard text.range(of: #"^[A-Za-z0-9_\-]+$"#, options: .regularExpression) != nil else {
                    throw item.error("a data source name is letters, digits, '_' or '-' (\(text)); give {name, path} for a file")
                }
                sources.append(Source(name: text, path: nil, lagDays: nil))
            } else {
                try item.checkKeys(allowed: ["name", "path", "publication_lag_days"])
                let lag = try item.optional("publication_lag_days") { node -> Double in
                    let value = try node.double()
                    guard value >= 0, value <= 3650 else { throw node.error("publication_lag_days must be between 0 and 3650 days") }
                    return value
                }
                sources.append(Source(name: try item.require("name").string(), path: try item.optString("path"), lagDays: lag))
            }
        }
        guard !sources.isEmpty else { throw list.error("data_sources is empty: name at least one source") }
        let names = sources.map(\.name)
        if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw list.error("data source '\(twice)' is listed twice")
        }
        self.sources = sources
    }

    /// The file of `source`: its own path, or `<data.path>/alt/<name>.csv`.
    func file(of source: Source, data: DataPlan) throws -> String {
        if let path = source.path { return path }
        guard case .directory(let directory, _) = data.source else {
            throw WorkflowError(phase: name, "data source '\(source.name)' names no file and the data is not a folder: give {name: \(source.name), path: FILE}")
        }
        return URL(fileURLWithPath: directory).appendingPathComponent("alt/\(source.name).csv").path
    }

    /// The files the phase reads, for its cache key.
    public func dependencyFiles(data: DataPlan?) -> [String] {
        guard let data else { return sources.compactMap(\.path) }
        return sources.compactMap { try? file(of: $0, data: data) }.flatMap { [$0, $0 + ".json"] }
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let timestamps = context.data.full.first?.timestamps ?? []
        var sourceRows: [JSONValue] = []
        var columnRows: [JSONValue] = []
        var values: [(String, JSONValue)] = []
        for source in sources {
            let path = try file(of: source, data: context.data.plan)
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw WorkflowError(phase: name, "data source '\(source.name)': no file \(path)")
            }
            let sidecar = FileManager.default.contents(atPath: path + ".json").flatMap { try? JSONValue.parse(String(decoding: $0, as: UTF8.self)) }
            let synthetic = sidecar?["synthetic"]?.boolValue ?? false
            let lagDays = source.lagDays ?? sidecar?["publication_lag_days"]?.doubleValue.flatMap { $0.isFinite ? $0 : nil } ?? defaultLagDays
            let series: [PointInTimeSeries]
            do {
                series = try PointInTimeCSV.load(path: path, prefix: source.name, lagSeconds: Int64(lagDays * 86_400))
            } catch let error as MarketDataError {
                throw WorkflowError(phase: name, "\(error)")
            }
            let hasPublished = (FileManager.default.contents(atPath: path).map { String(decoding: $0.prefix(4096), as: UTF8.self) } ?? "")
                .split(separator: "\n").first?.lowercased().split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "published" } ?? false
            var hash = SHA256()
            hash.update([UInt8](FileManager.default.contents(atPath: path) ?? Data()))
            let digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
            sourceRows.append(.object([
                ("name", .string(source.name)), ("file", .string(path)), ("sha256", .string(digest)),
                ("synthetic", .bool(synthetic)),
                ("publication", .string(hasPublished ? "per-row `published` times" : "date + \(JSONValue.format(lagDays)) day(s)")),
                ("description", sidecar?["description"] ?? .null), ("provenance", sidecar?["source"] ?? .null),
                ("columns", .array(series.map { .string($0.name) })),
                ("observations", .integer(series.reduce(0) { $0 + $1.records.count })),
            ]))
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
        result.seen = 0..<timestamps.count
        return result
    }
}
