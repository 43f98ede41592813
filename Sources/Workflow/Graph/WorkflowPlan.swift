import Foundation
import Store

/// One phase, ready to run: its type, wiring, resources and error policy.
public struct PlannedPhase: Sendable {
    public var name: String
    public var type: String
    /// The parallel branch it belongs to, if any.
    public var branch: String?
    public var phase: any WorkflowPhase
    /// `(reference as written, producing phase, output)`.
    public var inputs: [(reference: InputReference, producer: String, output: String)]
    /// The outputs the phase must produce.
    public var outputs: [String]
    /// Output names the phase type does not define, each an alias of its primary output
    /// (`(alias, primary)`): the phase computes the primary, stored under both names.
    public var aliases: [(alias: String, primary: String)] = []
    public var workers: Int
    public var memoryLimitBytes: Int64?
    public var priority: ResourcePriority
    public var timeoutHours: Double?
    public var policy: PhaseErrorPolicy?
    public var node: ConfigNode
    /// `memory_per_container`: each worker process's memory limit under the processes executor.
    public var memoryPerWorkerBytes: Int64? = nil
    /// `container_count`: shards per batch under the Slurm executor.
    public var containerCount: Int? = nil
}

/// A validated workflow: the phases in execution order, grouped into stages.
///
/// Stage 0 holds the top-level `phases` (run one after another in dependency
/// order, ties broken by priority then listing order); stage 1 the
/// `parallel_phases` branches (run concurrently, each branch in order); stage 2
/// the `convergence_phase`.
public struct WorkflowPlan: Sendable {
    public var document: WorkflowDocument
    public var identifier: String
    public var name: String
    public var seed: UInt64
    public var data: DataPlan?
    public var sequential: [PlannedPhase]
    public var branches: [(name: String, phases: [PlannedPhase])]
    public var convergence: PlannedPhase?
    public var warnings: [String]
    public var global: GlobalErrorPolicy?
    public var checkpointLocation: String
    public var reportPath: String
    public var includePhaseReports: Bool
    public var generateSummaryReport: Bool

    /// Every phase in execution order (branches in listing order).
    public var allPhases: [PlannedPhase] {
        sequential + branches.flatMap(\.phases) + (convergence.map { [$0] } ?? [])
    }

    public func phase(named name: String) -> PlannedPhase? {
        allPhases.first { $0.name == name }
    }
}

extension PlannedPhase {
    /// The outputs the phase type is asked for: aliases replaced by their primary output.
    public var requestedOutputs: [String] {
        var list: [String] = []
        for output in outputs {
            let name = aliases.first { $0.alias == output }?.primary ?? output
            if !list.contains(name) { list.append(name) }
        }
        return list
    }

    /// `result` with each alias stored as a copy of its primary output (which is kept too).
    func withAliases(_ result: PhaseResult) -> PhaseResult {
        guard !aliases.isEmpty else { return result }
        var out = result
        for (alias, primary) in aliases {
            guard let artifact = result.artifacts.first(where: { $0.name == primary }) else { continue }
            out.artifacts.append(Artifact(name: alias, kind: artifact.kind, value: artifact.value))
            if let seen = result.seenByOutput[primary] { out.seenByOutput[alias] = seen }
            if let sample = result.sampleByOutput[primary] { out.sampleByOutput[alias] = sample }
        }
        return out
    }
}

extension WorkflowPlan {
    /// The Slurm executor's settings: `infrastructure.slurm`, with the directory under the
    /// checkpoint location by default and `max_concurrent_containers` as the array throttle.
    public var slurmSettings: SlurmExecutor.Settings {
        let section = document.infrastructure?.slurm
        var settings = SlurmExecutor.Settings(
            directory: section?.directory ?? URL(fileURLWithPath: checkpointLocation).appendingPathComponent("slurm").path)
        settings.partition = section?.partition
        settings.account = section?.account
        settings.timeLimit = section?.timeLimit
        settings.memory = section?.memory
        settings.shardsPerTask = section?.shardsPerTask ?? 1
        settings.retries = section?.retries ?? 2
        settings.maxConcurrent = document.workflow.resourceManagement?.globalLimits?.maxConcurrentContainers
        return settings
    }
}
