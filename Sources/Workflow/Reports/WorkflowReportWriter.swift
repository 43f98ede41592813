import Foundation
import Market
import Reports
import Store

/// Writes the run's reports under `reporting.output_path`.
///
/// - `summary.html` — the workflow, its data, every phase's status and headline results
///   (`generate_summary_report`);
/// - `<phase>.html` — each phase's outputs as tables and charts: equity and drawdown with
///   regime shading, optimisation heat map, parameter importance, Monte Carlo fan
///   (`include_phase_reports`);
/// - `<phase>/<output>.json` and `<phase>/<table>.csv` — every output and every table;
/// - `analytics.html` / `analytics.json` — phase timings, worker utilisation, memory,
///   the bottleneck and recommendations (see ``WorkflowAnalytics``).
///
/// Everything except the analytics is a function of the stored results only, so the
/// same configuration and data give byte-identical reports; the analytics hold timings.
/// Files are written to a temporary name and renamed.
struct WorkflowReportWriter {
    let plan: WorkflowPlan
    let store: RunStore
    let runID: String
    let data: WorkflowData

    func write() throws -> [String] {
        let root = plan.reportPath
        AtomicFile.removeStale(in: root)
        var written: [String] = []
        let records = try store.phases(run: runID)
        let artifacts = try store.artifacts(run: runID)
        if plan.includePhaseReports {
            for phase in plan.allPhases {
                let own = artifacts.filter { $0.phase == phase.name }
                guard !own.isEmpty else { continue }
                let status = records.first { $0.name == phase.name }
                let files = try writePhase(phase, artifacts: own, status: status, root: root)
                removeLeftovers(in: join(root, phase.name), keeping: Set(files))
                written += files
            }
        }
        if plan.generateSummaryReport {
            let path = join(root, "summary.html")
            try summary(records: records, artifacts: artifacts).write(to: path)
            written.append(path)
        }
        written += try WorkflowAnalytics(plan: plan, store: store, runID: runID).write(root: root)
        return written
    }

    /// Files an earlier run wrote in a phase's folder that this run did not (an output since
    /// dropped, a table it no longer has): removed, so the folder shows this run only. Only our
    /// own kinds of file (JSON, CSV, YAML) are touched.
    func removeLeftovers(in directory: String, keeping written: Set<String>) {
        let kept = Set(written.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = URL(fileURLWithPath: join(directory, entry)).standardizedFileURL.path
            guard ["json", "csv", "yaml"].contains(URL(fileURLWithPath: path).pathExtension), !kept.contains(path) else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    func join(_ a: String, _ b: String) -> String {
        URL(fileURLWithPath: a).appendingPathComponent(b).path
    }

    private func writePhase(_ phase: PlannedPhase, artifacts: [ArtifactRecord], status: PhaseRecord?, root: String) throws -> [String] {
        var written: [String] = []
        var report = HTMLReport(title: "\(phase.name) — \(phase.type)", subtitle: plan.name)
        if let status, status.status != .completed {
            report.addNotice("\(status.status.rawValue)\(status.message.map { ": \($0)" } ?? "")", level: .warning)
        }
        var tables: [ReportTable] = []
        var siblings: [String: JSONValue] = [:]
        for artifact in artifacts { siblings[artifact.name] = try? JSONValue.parse(artifact.json) }
        for artifact in artifacts {
            guard let value = siblings[artifact.name] ?? nil, !ReportData.isInternal(artifact.name) else { continue }
            let jsonPath = join(join(root, phase.name), "\(artifact.name).json")
            try AtomicFile.write(value.serialized(pretty: true) + "\n", to: jsonPath)
            written.append(jsonPath)
            if artifact.name == "production_configuration" {
                // The deployment file: the artifact as YAML, with the run id as provenance.
                var document = value.objectValue ?? []
                if let index = document.firstIndex(where: { $0.0 == "provenance" }) {
                    document[index].1 = .object((document[index].1.objectValue ?? []) + [("run_id", .string(runID))])
                }
                let yamlPath = join(join(root, phase.name), "production_configuration.yaml")
                try AtomicFile.write(YAMLEmitter.emit(.object(document)), to: yamlPath)
                written.append(yamlPath)
            }
        }
        tables += PhaseOutputView.add(artifacts.compactMap { artifact in
            (siblings[artifact.name] ?? nil).map { PhaseOutputView.Output(name: artifact.name, kind: artifact.kind, value: $0, lineage: artifact.lineage) }
        }, to: &report)
        for table in tables {
            let safe = String(table.title.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
            let path = join(join(root, phase.name), "\(safe).csv")
            try CSVWriter.write(table, to: path)
            written.append(path)
        }
        let path = join(root, "\(phase.name).html")
        try report.write(to: path)
        written.append(path)
        return written
    }

    private func summary(records: [PhaseRecord], artifacts: [ArtifactRecord]) -> HTMLReport {
        var report = HTMLReport(title: plan.name, subtitle: plan.document.workflow.description)
        let first = data.full[0]
        var dataRows: [(String, ReportCell)] = [("symbols", .text(data.symbols.joined(separator: ", ")))]
        if !data.plan.aliases.isEmpty {
            dataRows.append(("aliases", .text(data.plan.aliases.map { "\($0.symbol) = \($0.fileSymbol)'s bars" }.joined(separator: "; "))))
        }
        report.addKeyValues(dataRows + [
            ("bars", .integer(first.count)),
            ("from", .date(Timestamps.format(first.timestamps[0]))),
            ("to", .date(Timestamps.format(first.timestamps[first.count - 1]))),
            ("train / test", .text("\(data.splitIndex) / \(first.count - data.splitIndex) bars")),
            ("seed", .integer(Int(truncatingIfNeeded: plan.seed))),
        ], title: "Data")
        var table = ReportTable(title: "Phases", columns: ["phase", "type", "status", "note"])
        for phase in plan.allPhases {
            let record = records.first { $0.name == phase.name }
            table.append([.text(phase.name), .text(phase.type), .text(record?.status.rawValue ?? "pending"),
                          .text(record?.message ?? "")])
        }
        report.addTable(table)
        for phase in plan.allPhases where plan.includePhaseReports && artifacts.contains(where: { $0.phase == phase.name }) {
            report.addLink("\(phase.name) report", href: "\(phase.name).html")
        }
        report.addLink("workflow analytics", href: "analytics.html")
        // Headline outputs, through the same designed views as the phase pages.
        let headline = ["best_parameters", "validation_results", "performance_metrics", "market_conditions", "condition_result"]
        _ = PhaseOutputView.add(artifacts.filter { headline.contains($0.name) }.compactMap { artifact in
            (try? JSONValue.parse(artifact.json)).map {
                PhaseOutputView.Output(name: artifact.name, kind: artifact.kind, value: $0, heading: "\(artifact.phase).\(artifact.name)",
                                       lineage: artifact.lineage)
            }
        }, to: &report)
        return report
    }
}
