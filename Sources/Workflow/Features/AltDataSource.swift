import Foundation
import Market
import Reports
import Signals

/// One source of data published at its own times (``PointInTimeCSV``): a name, and a file —
/// its own path, or `<data.path>/alt/<name>.csv`. A sidecar `<file>.json` may describe it:
/// `{"synthetic": true, "description": …, "source": …, "publication_lag_days": N}`.
struct AltDataSource: Sendable, Equatable {
    var name: String
    var path: String?
    var lagDays: Double?

    /// What a loaded source is: its series and a description for outputs.
    struct Loaded {
        var series: [PointInTimeSeries]
        var synthetic: Bool
        var info: JSONValue
    }

    func file(data: DataPlan, phase: String) throws -> String {
        if let path { return path }
        guard case .directory(let directory, _) = data.source else {
            throw WorkflowError(phase: phase, "data source '\(name)' names no file and the data is not a folder: give {name: \(name), path: FILE}")
        }
        return URL(fileURLWithPath: directory).appendingPathComponent("alt/\(name).csv").path
    }

    func load(data: DataPlan, defaultLagDays: Double, phase: String) throws -> Loaded {
        let path = try file(data: data, phase: phase)
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw WorkflowError(phase: phase, "data source '\(name)': no file \(path)")
        }
        let sidecar = FileManager.default.contents(atPath: path + ".json").flatMap { try? JSONValue.parse(String(decoding: $0, as: UTF8.self)) }
        let synthetic = sidecar?["synthetic"]?.boolValue ?? false
        let lagDays = lagDays ?? sidecar?["publication_lag_days"]?.doubleValue.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? defaultLagDays
        let series: [PointInTimeSeries]
        do {
            series = try PointInTimeCSV.parse(bytes, file: path, prefix: name, lagSeconds: Int64(lagDays * 86_400))
        } catch let error as MarketDataError {
            throw WorkflowError(phase: phase, "\(error)")
        }
        let header = String(decoding: bytes.prefix(4096), as: UTF8.self).split(separator: "\n").first?.lowercased() ?? ""
        let hasPublished = header.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "published" }
        let info = JSONValue.object([
            ("name", .string(name)), ("file", .string(Self.display(path))),
            ("sha256", .string(SHA256.hex([UInt8](bytes)))),
            ("synthetic", .bool(synthetic)),
            ("publication", .string(hasPublished ? "per-row `published` times" : "date + \(JSONValue.format(lagDays)) day(s)")),
            ("description", sidecar?["description"] ?? .null), ("provenance", sidecar?["source"] ?? .null),
            ("columns", .array(series.map { .string($0.name) })),
            ("observations", .integer(series.reduce(0) { $0 + $1.records.count })),
        ])
        return Loaded(series: series, synthetic: synthetic, info: info)
    }

    /// `path` as outputs show it: relative to the working directory when it lies under it (so
    /// the same workflow run from two clones records the same bytes), else absolute.
    static func display(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    /// The files a source reads (data and sidecar), for cache keys.
    func dependencyFiles(data: DataPlan?) -> [String] {
        guard let data else { return path.map { [$0, $0 + ".json"] } ?? [] }
        return (try? file(data: data, phase: "")).map { [$0, $0 + ".json"] } ?? []
    }

    /// `data_sources` entries: names, or `{name, path, publication_lag_days}`.
    static func parse(_ list: ConfigNode) throws -> [AltDataSource] {
        var sources: [AltDataSource] = []
        for item in try list.sequence() {
            if item.isScalar {
                let text = try item.string()
                guard text.range(of: #"^[A-Za-z0-9_\-]+$"#, options: .regularExpression) != nil else {
                    throw item.error("a data source name is letters, digits, '_' or '-' (\(text)); give {name, path} for a file")
                }
                sources.append(AltDataSource(name: text, path: nil, lagDays: nil))
            } else {
                try item.checkKeys(allowed: ["name", "path", "publication_lag_days"])
                sources.append(AltDataSource(name: try item.require("name").string(), path: try item.optString("path"),
                                             lagDays: try item.optional("publication_lag_days") { try lag($0) }))
            }
        }
        guard !sources.isEmpty else { throw list.error("no data sources: name at least one") }
        let names = sources.map(\.name)
        if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw list.error("data source '\(twice)' is listed twice")
        }
        return sources
    }

    /// A publication lag in days: 0…3650.
    static func lag(_ node: ConfigNode) throws -> Double {
        let value = try node.double()
        guard value >= 0, value <= 3650 else { throw node.error("publication_lag_days must be between 0 and 3650 days") }
        return value
    }
}
