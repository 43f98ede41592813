import Reports
import Store

/// The stored outputs of a workflow's run, for `admf outputs`.
///
/// The JSON holds results only: phase statuses, output values and each output's lineage (the
/// bars it was produced from), no timings, paths or clock times, so two runs of the same
/// configuration on the same data compare byte for byte.
public enum WorkflowOutputs {
    /// `selector` is `nil` (everything), `PHASE`, or `PHASE.OUTPUT`.
    public static func collect(plan: WorkflowPlan, selector: String?) throws -> JSONValue {
        let (store, runID, _, _) = try WorkflowRunner.open(plan: plan, create: false)
        var phaseFilter: String?
        var outputFilter: String?
        if let selector {
            let parts = selector.split(separator: ".", maxSplits: 1).map(String.init)
            phaseFilter = parts.first
            outputFilter = parts.count > 1 ? parts[1] : nil
            guard let name = phaseFilter, plan.phase(named: name) != nil else {
                throw WorkflowError("no phase '\(phaseFilter ?? "")' (phases: \(plan.allPhases.map(\.name).joined(separator: ", ")))")
            }
        }
        let records = try store.phases(run: runID)
        guard !records.isEmpty else {
            throw WorkflowError("this configuration and data have not been run yet: run `admf run \(plan.document.file)` first")
        }
        var phases: [(String, JSONValue)] = []
        for record in records where phaseFilter == nil || record.name == phaseFilter {
            let artifacts = try store.artifacts(run: runID, phase: record.name)
                .filter { !ReportData.isInternal($0.name) && (outputFilter == nil || $0.name == outputFilter) }
            if let outputFilter, artifacts.isEmpty {
                let known = try store.artifacts(run: runID, phase: record.name).map(\.name).filter { !ReportData.isInternal($0) }
                throw WorkflowError(phase: record.name, "has no stored output '\(outputFilter)' (status \(record.status.rawValue); outputs: \(known.joined(separator: ", ")))")
            }
            var outputs: [(String, JSONValue)] = []
            var lineage: [(String, JSONValue)] = []
            for artifact in artifacts {
                outputs.append((artifact.name, try JSONValue.parse(artifact.json)))
                if let text = artifact.lineage { lineage.append((artifact.name, try JSONValue.parse(text))) }
            }
            var entry: [(String, JSONValue)] = [("status", .string(record.status.rawValue)), ("outputs", .object(outputs))]
            // Where each output came from: the bars that produced it (see Lineage).
            if !lineage.isEmpty { entry.append(("lineage", .object(lineage))) }
            phases.append((record.name, .object(entry)))
        }
        if let phaseFilter, let outputFilter, let phase = phases.first?.1["outputs"]?[outputFilter] {
            _ = phaseFilter
            return phase
        }
        return .object([("workflow", .string(plan.name)), ("phases", .object(phases))])
    }
}
