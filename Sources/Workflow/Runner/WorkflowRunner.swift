import Dispatch
import Foundation
import Store

/// Runs a planned workflow against its run store, resuming whatever an earlier
/// interrupted run left behind.
///
/// Phases run in the plan's stages: the top-level phases one after another, the
/// parallel branches concurrently (each branch in order), then the convergence
/// phase. A phase already completed in the store is not run again; a phase that
/// was interrupted runs again, and an optimisation continues after its last
/// checkpointed batch of trials. Every result a phase produces is stored in one
/// transaction when the phase completes, so killing the process at any moment
/// loses at most the work in flight.
///
/// ```swift
/// let plan = try WorkflowPlanner.plan(try WorkflowLoader.load(path: "examples/basic_multi_phase.yaml"))
/// let summary = try WorkflowRunner(plan: plan, options: RunOptions()).run()
/// ```
public final class WorkflowRunner: @unchecked Sendable {
    public let plan: WorkflowPlan
    public let options: RunOptions
    let progress: ProgressReporter
    let faults: FaultInjection
    private let lock = NSLock()
    private var running = 0
    private var warnings: [String] = []
    /// Where trials run (``TrialExecutor``), by executor name: each phase uses the one `admf run
    /// --executor`, its `infrastructure.phase_resources` entry or `infrastructure.executor` names.
    let executors: [String: any TrialExecutor]

    public init(plan: WorkflowPlan, options: RunOptions) throws {
        self.plan = plan
        self.options = options
        let monitoring = plan.document.workflow.monitoring
        progress = ProgressReporter(
            quiet: options.quiet || monitoring?.isEnabled == false,
            phaseProgress: monitoring?.progressTracking?.phaseProgress ?? true,
            trialProgress: monitoring?.progressTracking?.containerProgress ?? true,
            showETA: monitoring?.progressTracking?.estimatedCompletion ?? true)
        faults = try options.faults ?? FaultInjection.fromEnvironment()
        let worker = options.workerExecutable ?? ProcessExecutor.currentExecutable
        var executors: [String: any TrialExecutor] = [:]
        for name in Set(plan.allPhases.map { Self.executorName(plan: plan, options: options, phase: $0.name) }) {
            switch name {
            case "processes":
                executors[name] = ProcessExecutor(executable: worker)
            case "slurm":
                executors[name] = SlurmExecutor(settings: plan.slurmSettings, executable: worker)
            case "threads":
                executors[name] = ThreadExecutor()
            case let other:
                throw WorkflowError("unknown executor '\(other)' (\(InfrastructureSection.executors.joined(separator: ", ")))")
            }
        }
        self.executors = executors
    }

    /// The executor a phase's searches use: `--executor`, else the phase's
    /// `infrastructure.phase_resources.<phase>.executor`, else `infrastructure.executor`, else threads.
    static func executorName(plan: WorkflowPlan, options: RunOptions, phase: String) -> String {
        let infrastructure = plan.document.infrastructure
        return options.executor ?? infrastructure?.phaseResources[phase]?.executor ?? infrastructure?.executor ?? "threads"
    }

    func executor(for phase: String) -> any TrialExecutor {
        executors[Self.executorName(plan: plan, options: options, phase: phase)] ?? ThreadExecutor()
    }

    /// Ends a phase's workers and records what happened to them in the event log.
    func finishWorkers(phase: String, store: RunStore, run: String) {
        let executor = executor(for: phase)
        for event in executor.drainEvents() {
            progress.note(event)
            try? store.log(run: run, phase: phase, kind: "worker", message: event, at: Date().timeIntervalSince1970)
        }
        executor.finish(phase: phase)
    }

    /// Opens the run's store (creating it), loading the data to fix the run identity.
    public static func open(plan: WorkflowPlan, create: Bool = true) throws -> (store: RunStore, runID: String, data: WorkflowData, storePath: String) {
        guard plan.data != nil, let data = try WorkflowPlanner.loadData(plan) else {
            throw WorkflowError("the workflow has no data section: nothing to run")
        }
        // What needs the bars (walk-forward windows) is refused before a store is created.
        if create { try WorkflowPlanner.checkData(plan, data: data) }
        let (path, runID) = storeLocation(plan: plan, data: data)
        if !create, !FileManager.default.fileExists(atPath: path) {
            throw WorkflowError("no run store at \(path): run `admf run \(plan.document.file)` first")
        }
        let store = try RunStore(path: path)
        return (store, runID, data, path)
    }

    /// The data a run reads: the bars' fingerprint, plus the content digest of every file a
    /// phase type reads itself (``WorkflowPhase/dependencyFiles(data:)``: alternative-data
    /// sources), so editing such a file starts a new run as editing the bars does. Workflows
    /// without such files keep the bars' fingerprint alone.
    static func runFingerprint(plan: WorkflowPlan, data: WorkflowData) -> String {
        let files = plan.allPhases.flatMap { $0.phase.dependencyFiles(data: plan.data) }
        guard !files.isEmpty else { return data.fingerprint }
        return ([data.fingerprint] + files.map { "file=" + (CanonicalConfig.fileDigest($0) ?? "absent") }).joined(separator: ";")
    }

    /// The run store's file and the run's id (config text, data fingerprint, seed).
    static func storeLocation(plan: WorkflowPlan, data: WorkflowData) -> (path: String, runID: String) {
        let text = (try? String(contentsOfFile: plan.document.file, encoding: .utf8)) ?? plan.document.file
        let runID = RunIdentity.make(configText: text, dataFingerprint: runFingerprint(plan: plan, data: data), seed: plan.seed)
        let enabled = plan.document.workflow.checkpointing?.isEnabled ?? true
        let directory = enabled ? plan.checkpointLocation
            : FileManager.default.temporaryDirectory.appendingPathComponent("admf-\(runID)-\(getpid())").path
        return (URL(fileURLWithPath: directory).appendingPathComponent("run.sqlite").path, runID)
    }

    /// What `admf run` would do with each phase — already done, reused from another run, or
    /// computed and why — without running or writing anything (`admf plan`, `admf run --dry-run`).
    public func dryRun() throws -> (runID: String, store: String, phases: [(name: String, type: String, key: String, decision: PhaseDecision)]) {
        guard plan.data != nil, let data = try WorkflowPlanner.loadData(plan) else {
            throw WorkflowError("the workflow has no data section: nothing to plan")
        }
        try WorkflowPlanner.checkData(plan, data: data)
        let (path, runID) = Self.storeLocation(plan: plan, data: data)
        let store = FileManager.default.fileExists(atPath: path) ? try RunStore(path: path) : nil
        let keys = PhaseKeys.compute(plan: plan, dataFingerprint: data.fingerprint)
        let forced = forcedPhases()
        // A phase computed again makes its dependents' stored results stale only through their
        // keys (which include its key): the decision of each phase stands on its own.
        let phases = try plan.allPhases.map { phase in
            let key = keys[phase.name]
            let decision = try PhaseDecision.decide(phase, key: key, store: store, runID: runID,
                                                    forced: forced.contains(phase.name), forcedBy: forcedBy).decision
            return (phase.name, phase.type, key?.value ?? "", decision)
        }
        return (runID, path, phases)
    }

    /// Runs (or resumes) the workflow.
    public func run() throws -> RunSummary {
        guard !plan.allPhases.isEmpty else { throw WorkflowError("the workflow has no phases: nothing to run") }
        let (store, runID, data, storePath) = try Self.open(plan: plan)
        // One run per store at a time: a second process waits for the first, then resumes from its results.
        let storeLock = try RunLock(storePath: storePath) { holder in
            progress.note("admf: another admf run\(holder > 0 ? " (pid \(holder))" : "") is using \(storePath); waiting for it to finish…")
        }
        defer { withExtendedLifetime(storeLock) {} }
        let checkpointing = plan.document.workflow.checkpointing
        defer {
            if checkpointing?.isEnabled == false {
                try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: storePath).deletingLastPathComponent().path)
            }
        }
        let now = Date().timeIntervalSince1970
        try store.beginRun(RunRecord(id: runID, workflowName: plan.name, configHash: runID, dataHash: data.fingerprint, createdAt: now))
        try store.declarePhases(run: runID, phases: plan.allPhases.map { ($0.name, $0.type) })
        for warning in plan.warnings { note(warning) }
        try prepare(store: store, runID: runID)
        try repairDamaged(store: store, runID: runID)
        let session = Session(store: store, runID: runID, data: data,
                              keys: PhaseKeys.compute(plan: plan, dataFingerprint: data.fingerprint), forced: forcedPhases())
        var aborted: (phase: String, message: String)?
        do {
            if let only = options.onlyPhase {
                guard let phase = plan.phase(named: only) else {
                    throw WorkflowError("--phase \(only): no such phase (phases: \(plan.allPhases.map(\.name).joined(separator: ", ")))")
                }
                try execute(phase, index: 1, total: 1, session: session)
            } else {
                try runStages(session)
            }
        } catch let error as WorkflowAborted {
            aborted = (error.phase ?? "", error.message)
            try? store.log(run: runID, phase: error.phase, kind: "abort", message: error.message, at: Date().timeIntervalSince1970)
        } catch let interrupted as Interrupted {
            try? store.log(run: runID, phase: nil, kind: "interrupted", message: "signal \(interrupted.signal)", at: Date().timeIntervalSince1970)
            throw interrupted
        }
        let records = try store.phases(run: runID)
        var reports: [String] = []
        if aborted == nil || records.contains(where: { $0.status == .completed || $0.status == .completedWithWarning }) {
            reports = try WorkflowReportWriter(plan: plan, store: store, runID: runID, data: data).write()
        }
        let summary = RunSummary(
            runID: runID, storePath: storePath,
            phases: records.map { ($0.name, $0.status.rawValue, $0.message) },
            warnings: lock.withLock { warnings }, reports: reports, abortedBy: aborted)
        if let aborted { throw WorkflowAborted(phase: aborted.phase.isEmpty ? nil : aborted.phase, message: aborted.message) }
        return summary
    }

    struct Session: Sendable {
        var store: RunStore
        var runID: String
        var data: WorkflowData
        /// Every phase's dependency key (``PhaseKey``).
        var keys: [String: PhaseKey] = [:]
        /// Phases that must be computed whatever is stored (`--no-cache`, `--resume-from`, `--phase`).
        var forced: Set<String> = []
    }

    /// The phases `--no-cache`, `--resume-from` or `--phase` forces to be computed.
    func forcedPhases() -> Set<String> {
        let order = plan.allPhases.map(\.name)
        if options.noCache { return Set(order) }
        if let from = options.resumeFrom, let position = order.firstIndex(of: from) { return Set(order[position...]) }
        if let only = options.onlyPhase { return [only] }
        return []
    }

    private func runStages(_ session: Session) throws {
        let total = plan.allPhases.count
        var index = 0
        for phase in plan.sequential {
            index += 1
            try Interruption.check()
            try execute(phase, index: index, total: total, session: session)
        }
        if !plan.branches.isEmpty {
            let start = index
            var offsets: [Int] = []
            var offset = start
            for branch in plan.branches {
                offsets.append(offset)
                offset += branch.phases.count
            }
            var failures = [WorkflowAborted?](repeating: nil, count: plan.branches.count)
            let branches = plan.branches
            let starts = offsets
            failures.withDisjointWrites { out in
                DispatchQueue.concurrentPerform(iterations: branches.count) { b in
                    do {
                        for (k, phase) in branches[b].phases.enumerated() {
                            try self.execute(phase, index: starts[b] + k + 1, total: total, session: session)
                        }
                    } catch let error as WorkflowAborted {
                        out[b] = error
                    } catch let error as Interrupted {
                        out[b] = WorkflowAborted(phase: nil, message: "\(error)", interrupted: error)
                    } catch {
                        out[b] = WorkflowAborted(phase: nil, message: "\(error)")
                    }
                }
            }
            if let interrupted = failures.compactMap({ $0?.interrupted }).first { throw interrupted }
            if let failure = failures.compactMap({ $0 }).first { throw failure }
            index = offset
        }
        if let convergence = plan.convergence {
            try Interruption.check()
            try execute(convergence, index: index + 1, total: total, session: session)
        }
    }

    /// Applies `--resume-from`, `--phase` and the resume policy before anything runs.
    private func prepare(store: RunStore, runID: String) throws {
        let order = plan.allPhases.map(\.name)
        if options.noCache {
            try store.resetPhases(run: runID, names: order)
            try store.log(run: runID, phase: nil, kind: "no_cache", message: "computing every phase", at: Date().timeIntervalSince1970)
            return
        }
        if let from = options.resumeFrom {
            guard let position = order.firstIndex(of: from) else {
                throw WorkflowError("--resume-from \(from): no such phase (phases: \(order.joined(separator: ", ")))")
            }
            try store.resetPhases(run: runID, names: Array(order[position...]))
            try store.log(run: runID, phase: from, kind: "resume_from", message: "re-running from \(from)", at: Date().timeIntervalSince1970)
            return
        }
        if let only = options.onlyPhase, let phase = plan.phase(named: only) {
            for input in phase.inputs {
                let record = try store.phase(run: runID, name: input.producer)
                guard let record, record.status == .completed || record.status == .completedWithWarning else {
                    throw WorkflowError(phase: only, "needs \(input.producer).\(input.output): run phase '\(input.producer)' first (admf run CONFIG --phase \(input.producer)) or run the whole workflow")
                }
            }
            try store.resetPhases(run: runID, names: [only])
            return
        }
        let records = try store.phases(run: runID)
        let interrupted = records.filter { $0.status == .failed || $0.status == .running }
        guard !interrupted.isEmpty else { return }
        let policy = plan.document.workflow.checkpointing?.resumePolicy
        let previousResumes = try store.events(run: runID).filter { $0.kind == "resume" }.count
        if interrupted.contains(where: { $0.status == .failed }), policy?.autoResumeOnFailure == false {
            let failed = interrupted.first { $0.status == .failed }?.name ?? ""
            throw WorkflowError("phase '\(failed)' failed in an earlier run and resume_policy.auto_resume_on_failure is false: run with --resume-from \(failed) to retry it")
        }
        if let limit = policy?.maxResumeAttempts, previousResumes >= limit {
            throw WorkflowError("this run has been resumed \(previousResumes) time(s), the resume_policy.max_resume_attempts limit: run with --resume-from PHASE to start over from a phase")
        }
        if policy?.resumeFromLastCheckpoint == false {
            // Start interrupted phases over instead of continuing after their last checkpoint.
            try store.resetPhases(run: runID, names: interrupted.map(\.name))
        }
        let names = interrupted.map(\.name).joined(separator: ", ")
        try store.log(run: runID, phase: nil, kind: "resume", message: "resuming \(names)", at: Date().timeIntervalSince1970)
        note("resuming an interrupted run (\(names))")
    }

    /// Outputs whose checksum no longer matches: their phases and everything downstream run again.
    private func repairDamaged(store: RunStore, runID: String) throws {
        let damaged = try store.damagedArtifacts(run: runID)
        guard !damaged.isEmpty else { return }
        var reset = Set(damaged.map(\.phase))
        var grew = true
        while grew {
            grew = false
            for phase in plan.allPhases where !reset.contains(phase.name) && phase.inputs.contains(where: { reset.contains($0.producer) }) {
                reset.insert(phase.name)
                grew = true
            }
        }
        let names = plan.allPhases.map(\.name).filter { reset.contains($0) }
        try store.resetPhases(run: runID, names: names)
        try store.log(run: runID, phase: nil, kind: "damaged", message: damaged.map { "\($0.phase).\($0.name)" }.joined(separator: ", "),
                      at: Date().timeIntervalSince1970)
        note("stored output(s) \(damaged.map { "\($0.phase).\($0.name)" }.joined(separator: ", ")) damaged (checksum mismatch): re-running \(names.joined(separator: ", "))")
    }

    func note(_ text: String) {
        lock.withLock { warnings.append(text) }
        progress.note("admf: \(text)")
    }

    /// Worker threads for a phase now: its configured count, shared among the phases
    /// running at the same time when `dynamic_allocation` is on.
    func workers(for phase: PlannedPhase) -> Int {
        let configured = phase.workers
        guard plan.document.workflow.resourceManagement?.isDynamicAllocation == true else { return configured }
        let active = lock.withLock { max(1, running) }
        return max(1, min(configured, ProcessInfo.processInfo.activeProcessorCount / active))
    }

    func began() { lock.withLock { running += 1 } }
    func ended() { lock.withLock { running -= 1 } }
}
