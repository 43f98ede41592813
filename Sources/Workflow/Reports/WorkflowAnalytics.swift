import Foundation
import Reports
import Store

/// Workflow analytics: where the time went and what to change (`analytics.html`, `analytics.json`).
///
/// - phase timing: wall time per phase (last attempt), attempts;
/// - resource efficiency: workers; utilisation = busy core-seconds / (wall × workers), where busy
///   core-seconds are the measured CPU time of the phase's threads (``WorkMeter``); peak memory,
///   the process's resident high-water mark (`VmHWM`) over the phase;
/// - bottleneck: the phase with the longest wall time and its share of the total;
/// - cost: core-seconds per phase (wall × workers);
/// - cross-phase performance and validation consistency: the optimiser's in-sample objective
///   next to each backtest's out-of-sample objective (degradation ratio);
/// - data flow: each input edge with the size of the artifact it carries;
/// - ensemble contributions: for every ensemble a phase built, each member's weight and marginal
///   contribution (the ensemble's objective minus its objective without the member), from the
///   phase's `ensemble_contribution_analysis` or `ensemble_performance_metrics`;
/// - recommendations: independent consecutive phases that could run in parallel, phases with
///   low utilisation (fewer workers) or long single-worker runs (more), outputs nobody uses.
///
/// Unlike the other reports these figures contain timings and differ between runs.
struct WorkflowAnalytics {
    let plan: WorkflowPlan
    let store: RunStore
    let runID: String

    func document() throws -> JSONValue {
        let records = try store.phases(run: runID)
        let artifacts = try store.artifacts(run: runID)
        var phases: [JSONValue] = []
        var walls: [(String, Double)] = []
        for record in records {
            let wall = (record.finishedAt ?? record.startedAt ?? 0) - (record.startedAt ?? 0)
            let workers = Double(record.workers ?? 1)
            let utilisation = wall > 0 ? (record.busySeconds.map { $0 / (wall * workers) } ?? .nan) : Double.nan
            walls.append((record.name, wall))
            phases.append(.object([
                ("phase", .string(record.name)), ("type", .string(record.type)), ("status", .string(record.status.rawValue)),
                ("attempts", .integer(record.attempts)), ("wall_seconds", .number(wall)),
                ("workers", .integer(record.workers ?? 0)), ("utilisation", .number(utilisation)),
                ("core_seconds", .number(wall * workers)),
                ("peak_memory_mb", .number(record.peakMemoryBytes.map { Double($0) / 1_000_000 })),
            ]))
        }
        let total = walls.reduce(0) { $0 + $1.1 }
        let bottleneck = walls.max { $0.1 < $1.1 }
        var edges: [JSONValue] = []
        for phase in plan.allPhases {
            for input in phase.inputs {
                let size = artifacts.first { $0.phase == input.producer && $0.name == input.output }?.json.utf8.count ?? 0
                edges.append(.object([("from", .string("\(input.producer).\(input.output)")), ("to", .string(phase.name)),
                                      ("bytes", .integer(size))]))
            }
        }
        // monitoring.performance_monitoring switches: resource_utilization (workers, utilisation,
        // memory), bottleneck_detection, cost_tracking (core-seconds); all on by default.
        let monitoring = plan.document.workflow.monitoring?.performanceMonitoring
        let hidden = (monitoring?.resourceUtilization == false ? ["workers", "utilisation", "peak_memory_mb"] : [])
            + (monitoring?.costTracking == false ? ["core_seconds"] : [])
        if !hidden.isEmpty {
            phases = phases.map { row in .object((row.objectValue ?? []).filter { !hidden.contains($0.0) }) }
        }
        var pairs: [(String, JSONValue)] = [
            ("workflow", .string(plan.name)), ("run", .string(runID)),
            ("total_wall_seconds", .number(total)),
            ("phases", .array(phases)),
        ]
        if monitoring?.bottleneckDetection != false {
            pairs.append(("bottleneck", bottleneck.map { .object([("phase", .string($0.0)), ("wall_seconds", .number($0.1)),
                                                     ("share", .number(total > 0 ? $0.1 / total : .nan))]) } ?? .null))
        }
        pairs += [
            ("cross_phase_performance", .array(try consistency(artifacts))),
            ("data_flow", .array(edges)),
            ("ensemble_contributions", .array(try contributions(artifacts))),
            ("recommendations", .array(recommendations(records: records).map { .string($0) })),
        ]
        return .object(pairs)
    }

    /// In-sample objective (from the parameter-set inputs) against each backtest's out-of-sample figure.
    private func consistency(_ artifacts: [ArtifactRecord]) throws -> [JSONValue] {
        var rows: [JSONValue] = []
        for artifact in artifacts where artifact.name == "validation_results" {
            let value = try JSONValue.parse(artifact.json)
            for result in value["results"]?.arrayValue ?? [] {
                rows.append(.object([
                    ("phase", .string(artifact.phase)), ("strategy", .string(result["strategy"]?.stringValue ?? "")),
                    ("objective", .string(value["objective"]?.stringValue ?? "")),
                    ("in_sample", result["in_sample_objective"] ?? .null),
                    ("out_of_sample", result["out_of_sample_objective"] ?? .null),
                    ("degradation_ratio", result["degradation_ratio"] ?? .null),
                ]))
            }
        }
        return rows
    }

    /// Each ensemble's members with their weights and marginal contributions.
    private func contributions(_ artifacts: [ArtifactRecord]) throws -> [JSONValue] {
        var rows: [JSONValue] = []
        for artifact in artifacts where ["ensemble_contribution_analysis", "ensemble_performance_metrics"].contains(artifact.name) {
            let value = try JSONValue.parse(artifact.json)
            // an ensemble phase reports contributions in its own artifact when asked; else in its metrics
            if artifact.name == "ensemble_performance_metrics",
               artifacts.contains(where: { $0.phase == artifact.phase && $0.name == "ensemble_contribution_analysis" }) { continue }
            let members = (value["members"]?.arrayValue ?? []).filter { $0["contribution"] != nil }
            guard !members.isEmpty else { continue }
            rows.append(.object([
                ("phase", .string(artifact.phase)), ("source", .string(artifact.name)),
                ("members", .array(members.map { member in
                    .object([("member", member["member"] ?? .null),
                             ("label", member["label"] ?? member["strategy"] ?? .null),
                             ("weight", member["weight"] ?? .null),
                             ("contribution", member["contribution"] ?? .null)])
                })),
            ]))
        }
        return rows
    }

    private func recommendations(records: [PhaseRecord]) -> [String] {
        var notes: [String] = []
        let sequential = plan.sequential
        for (a, b) in zip(sequential, sequential.dropFirst())
        where !b.inputs.contains(where: { $0.producer == a.name }) && !a.inputs.contains(where: { $0.producer == b.name }) {
            notes.append("parallel_execution_opportunities: '\(a.name)' and '\(b.name)' do not depend on each other; they could run as parallel branches")
        }
        for record in records {
            let wall = (record.finishedAt ?? 0) - (record.startedAt ?? 0)
            let workers = Double(record.workers ?? 1)
            if let busy = record.busySeconds, wall > 1, workers > 1, busy / (wall * workers) < 0.5 {
                notes.append("resource_allocation_optimization: '\(record.name)' kept its \(Int(workers)) workers under half busy; fewer workers would do")
            }
            if workers == 1, wall > 60, ProcessInfo.processInfo.activeProcessorCount > 1 {
                notes.append("resource_allocation_optimization: '\(record.name)' ran \(Int(wall)) s on one worker; raise max_workers")
            }
        }
        let consumed = Set(plan.allPhases.flatMap { $0.inputs.map { "\($0.producer).\($0.output)" } })
        for phase in plan.allPhases.dropLast() {
            let unused = phase.outputs.filter { !consumed.contains("\(phase.name).\($0)") }
            if !unused.isEmpty, phase.name != plan.allPhases.last?.name {
                notes.append("workflow_structure_optimization: no phase uses \(unused.map { "\(phase.name).\($0)" }.joined(separator: ", ")) (kept for the reports)")
            }
        }
        return notes
    }

    func write(root: String) throws -> [String] {
        let value = try document()
        let json = URL(fileURLWithPath: root).appendingPathComponent("analytics.json").path
        try AtomicFile.write(value.serialized(pretty: true) + "\n", to: json)
        var report = HTMLReport(title: "Workflow analytics — \(plan.name)", subtitle: "timings differ between runs")
        _ = OutputViews.scalars(JSONTables.scalars(value), title: "analytics", to: &report)
        if let phases = value["phases"]?.arrayValue {
            if plan.document.workflow.monitoring?.progressCharts != false {
                report.addChart(BarChart(labels: phases.compactMap { $0["phase"]?.stringValue },
                                         values: phases.map { $0["wall_seconds"]?.doubleValue ?? .nan },
                                         title: "Wall time per phase (s)", valueFormat: .number(decimals: 2)))
            }
            if plan.document.workflow.monitoring?.resourceUsageCharts != false {
                report.addChart(BarChart(labels: phases.compactMap { $0["phase"]?.stringValue },
                                         values: phases.map { $0["peak_memory_mb"]?.doubleValue ?? .nan },
                                         title: "Peak resident memory (MB)", valueFormat: .number(decimals: 0)))
            }
        }
        for table in JSONTables.tables(value, title: "analytics") { report.addTable(table) }
        for note in value["recommendations"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            report.addNotice(note, level: .info)
        }
        let html = URL(fileURLWithPath: root).appendingPathComponent("analytics.html").path
        try report.write(to: html)
        return [json, html]
    }
}
