import Foundation
import Optimization
import Reports
import Store

extension WorkflowRunner {
    /// Runs one phase under its error policy, unless the store already has it completed.
    func execute(_ phase: PlannedPhase, index: Int, total: Int, session: Session) throws {
        let store = session.store, run = session.runID
        let key = session.keys[phase.name]
        let stored = try store.phaseKey(run: run, name: phase.name)
        let forced = session.forced.contains(phase.name)
        let (decision, cached) = try PhaseDecision.decide(phase, key: key, store: store, runID: run, forced: forced,
                                                          forcedBy: forcedBy)
        var reason: String?
        switch decision {
        case .done:
            progress.note("[\(index)/\(total)] \(phase.name): already completed (from the checkpoint)")
            return
        case .reuse(let from):
            guard let cached, let key else { break }
            try store.reusePhase(run: run, name: phase.name, from: cached, at: Date().timeIntervalSince1970)
            try store.log(run: run, phase: phase.name, kind: "reused", message: "from run \(from) (key \(key.value.prefix(12)))",
                          at: Date().timeIntervalSince1970)
            progress.phaseReused(index: index, total: total, name: phase.name, type: phase.type,
                                 detail: "reused from run \(from) (unchanged: configuration, inputs, data, seed, code)")
            return
        case .run(let why):
            reason = why
        }
        if let record = try store.phase(run: run, name: phase.name),
           record.status == .completed || record.status == .completedWithWarning {
            // This run's result was computed under another key (a phase-type version was raised,
            // or a file the phase names changed): it is computed again.
            try store.resetPhases(run: run, names: [phase.name])
        }
        if let key {
            if stored.key != nil, stored.key != key.value {
                // Checkpointed trials of an interrupted attempt count only under the same key.
                try store.deleteTrials(run: run, phase: phase.name)
            }
            try store.setPhaseKey(run: run, name: phase.name, key: key.value, parts: key.parts.serialized())
        }
        // Inputs come from the store: exactly the artifacts the phase asked for.
        var inputs: [PhaseInput] = []
        for input in phase.inputs {
            let producer = try store.phase(run: run, name: input.producer)
            guard let artifact = try store.artifact(run: run, phase: input.producer, name: input.output),
                  producer?.status == .completed || producer?.status == .completedWithWarning else {
                let reason = "input \(input.producer).\(input.output) is not available (phase '\(input.producer)' \(producer?.status.rawValue ?? "did not run"))"
                try store.setPhaseStatus(run: run, name: phase.name, status: .skipped, message: reason, at: Date().timeIntervalSince1970)
                note("phase '\(phase.name)' skipped: \(reason)")
                return
            }
            guard let kind = ArtifactKind(rawValue: artifact.kind) else {
                throw UnexpectedFailure(message: "stored artifact \(input.producer).\(input.output) has unknown kind \(artifact.kind)")
            }
            inputs.append(PhaseInput(
                reference: input.reference,
                artifact: Artifact(name: artifact.name, kind: kind, value: try JSONValue.parse(artifact.json)),
                producer: input.producer,
                lineage: try artifact.lineage.map { try JSONValue.parse($0) }.flatMap(Lineage.init(json:))))
        }
        let policy = phase.policy
        let onFailure = policy?.effectiveOnFailure ?? .abortWorkflow
        let retries = onFailure == .retry ? (policy?.effectiveMaxRetries ?? 1) : 0
        let fallback = policy?.fallbackMethod == .reducedParameterSpace
        let attempts = 1 + retries + (fallback ? 1 : 0)
        let global = plan.global
        let alerts = plan.document.workflow.monitoring?.alerts
        var lastError: Error?
        began()
        defer { ended() }
        for attempt in 1...attempts {
            let reduced = fallback && attempt == attempts && attempts > 1
            if reduced {
                try store.deleteTrials(run: run, phase: phase.name)
                note("phase '\(phase.name)': falling back to a reduced parameter space")
            }
            let started = Date().timeIntervalSince1970
            try store.startPhase(run: run, name: phase.name, at: started)
            progress.phaseStarted(index: index, total: total, name: phase.name, type: phase.type, attempt: attempt, reason: reason)
            let workers = workers(for: phase)
            // Worker processes carry memory_per_container themselves; this process is not one.
            let executor = executor(for: phase.name)
            let perWorker = !(executor is ThreadExecutor) && phase.memoryPerWorkerBytes != nil
            let budget = PhaseBudget(
                deadline: phase.timeoutHours.map { started + $0 * 3600 }, memoryLimitBytes: perWorker ? nil : phase.memoryLimitBytes,
                degradeOnMemory: global?.effectiveResourceExhaustion == .gracefulDegradation,
                faults: faults, attempt: attempt)
            var context = PhaseContext(
                name: phase.name, data: session.data, inputs: inputs, seed: plan.seed, workers: workers,
                reducedSpace: reduced, acceptPartialResults: (global?.effectiveTimeoutAction ?? .savePartialResults) == .savePartialResults,
                budget: budget, requestedOutputs: phase.requestedOutputs, store: store, runID: run, progress: progress)
            context.alertOnEstimatedDelay = alerts?.estimatedDelay == true
            context.live = options.live
            context.executor = executor
            context.configPath = plan.document.file
            context.memoryPerWorkerBytes = phase.memoryPerWorkerBytes
            context.shardCount = phase.containerCount
            let monitor = executor is ThreadExecutor ? nil : ExecutorMonitor(executor: executor, phase: phase.name, store: store, run: run)
            defer {
                monitor?.stop()
                finishWorkers(phase: phase.name, store: store, run: run)
            }
            do {
                if faults.active(.unexpected, phase: phase.name, attempt: attempt) {
                    throw UnexpectedFailure(message: "injected unexpected error in phase '\(phase.name)'")
                }
                if faults.active(.error, phase: phase.name, attempt: attempt) {
                    throw WorkflowError(phase: phase.name, "injected failure (attempt \(attempt))")
                }
                MemoryProbe.resetPeak()
                let cpuStart = WorkMeter.threadCPUSeconds()
                var result = phase.withAliases(try phase.phase.run(context))
                if result.busySeconds == nil {
                    result.busySeconds = context.meter.busySeconds(callerThreadSeconds: WorkMeter.threadCPUSeconds() - cpuStart)
                }
                try finish(phase, result: result, inputs: inputs, data: session.data, started: started, store: store,
                           run: run, workers: workers)
                if let gate = result.gateFailure {
                    // outputs kept for the reports; the phase fails and the workflow stops, without retries
                    try store.setPhaseStatus(run: run, name: phase.name, status: .failed, message: gate, at: Date().timeIntervalSince1970)
                    try store.log(run: run, phase: phase.name, kind: "gate", message: gate, at: Date().timeIntervalSince1970)
                    progress.phaseFinished(name: phase.name, status: "failed", detail: gate)
                    throw WorkflowAborted(phase: phase.name, message: gate)
                }
                return
            } catch let aborted as WorkflowAborted {
                throw aborted
            } catch let interrupted as Interrupted {
                // Left 'running': the next run resumes it after its last checkpoint.
                progress.phaseFinished(name: phase.name, status: "interrupted", detail: nil)
                throw interrupted
            } catch let error as UnexpectedFailure {
                try? store.log(run: run, phase: phase.name, kind: "unexpected_error", message: error.message, at: Date().timeIntervalSince1970)
                try? store.setPhaseStatus(run: run, name: phase.name, status: .failed, message: error.message, at: Date().timeIntervalSince1970)
                if global?.effectiveUnexpectedError == .abort {
                    try? store.deleteTrials(run: run, phase: phase.name)
                }
                progress.phaseFinished(name: phase.name, status: "failed", detail: error.message)
                throw WorkflowAborted(phase: phase.name, message: "unexpected error: \(error.message)")
            } catch {
                lastError = error
                try store.log(run: run, phase: phase.name, kind: "failure", message: "attempt \(attempt): \(error)", at: Date().timeIntervalSince1970)
                progress.phaseFinished(name: phase.name, status: "failed", detail: "\(error)")
                if attempt < attempts { note("phase '\(phase.name)' failed (attempt \(attempt) of \(attempts)): retrying") }
            }
        }
        let message = lastError.map { "\($0)" } ?? "failed"
        if onFailure == .continueWithWarning && policy?.isCritical != true {
            var artifacts: [ArtifactRecord] = []
            if policy?.effectivePartialResults == .acceptable,
               let salvage = try? phase.phase.salvage(PhaseContext(
                    name: phase.name, data: session.data, inputs: inputs, seed: plan.seed, workers: 1, reducedSpace: false,
                    acceptPartialResults: true, budget: PhaseBudget(deadline: nil, memoryLimitBytes: nil, degradeOnMemory: true,
                                                                    faults: FaultInjection(), attempt: 1),
                    requestedOutputs: phase.requestedOutputs, store: store, runID: run, progress: progress)).map(phase.withAliases) {
                artifacts = Self.records(salvage, phase: phase.name, inputs: inputs, data: session.data)
            }
            try store.completePhase(run: run, name: phase.name, artifacts: artifacts, status: .completedWithWarning,
                                    message: message, at: Date().timeIntervalSince1970)
            note("phase '\(phase.name)' failed and the workflow continues (on_failure: continue_with_warning)"
                 + (artifacts.isEmpty ? "" : " with its partial results") + ": \(message)")
            return
        }
        try store.setPhaseStatus(run: run, name: phase.name, status: .failed, message: message, at: Date().timeIntervalSince1970)
        throw WorkflowAborted(phase: phase.name, message: message)
    }

    /// What forced phases are forced by, in words.
    var forcedBy: String {
        options.noCache ? "--no-cache" : options.resumeFrom.map { "--resume-from \($0)" } ?? "--phase \(options.onlyPhase ?? "")"
    }

    /// The artifacts of `result` as store records, each with its lineage: the bars the phase
    /// read for it (or its override) joined with everything its inputs had seen, and the
    /// synthetic sources behind it (its own, and its inputs').
    static func records(_ result: PhaseResult, phase: String, inputs: [PhaseInput], data: WorkflowData) -> [ArtifactRecord] {
        let inputsSeen = inputs.compactMap(\.lineage?.seen).reduce(nil) { Lineage.hull($0, $1) }
        let timestamps = data.full.first?.timestamps ?? []
        var inherited: [String] = []
        for name in inputs.flatMap({ $0.lineage?.synthetic ?? [] }) where !inherited.contains(name) { inherited.append(name) }
        return result.artifacts.map { artifact in
            let own = result.seenByOutput[artifact.name] ?? result.seen
            var synthetic = inherited
            for name in Lineage.syntheticSources(of: artifact.value) where !synthetic.contains(name) { synthetic.append(name) }
            // an artifact built from synthetic data keeps a lineage to say so, even without bars of its own
            let seen = Lineage.hull(own, inputsSeen) ?? (synthetic.isEmpty ? nil : 0..<0)
            let lineage = seen.map {
                Lineage(seen: $0, symbols: data.symbols, sample: result.sampleByOutput[artifact.name], synthetic: synthetic)
            }
            return ArtifactRecord(phase: phase, name: artifact.name, kind: artifact.kind.rawValue, json: artifact.value.serialized(),
                                  lineage: lineage?.json(timestamps: timestamps).serialized())
        }
    }

    private func finish(_ phase: PlannedPhase, result: PhaseResult, inputs: [PhaseInput], data: WorkflowData, started: Double,
                        store: RunStore, run: String, workers: Int) throws {
        let produced = Set(result.artifacts.map(\.name))
        let missing = phase.outputs.filter { !produced.contains($0) }
        var warnings = result.warnings
        if !missing.isEmpty { warnings.append("did not produce \(missing.joined(separator: ", "))") }
        let finished = Date().timeIntervalSince1970
        let status: PhaseStatus = warnings.isEmpty && !result.partial ? .completed : .completedWithWarning
        try store.completePhase(
            run: run, name: phase.name,
            artifacts: Self.records(result, phase: phase.name, inputs: inputs, data: data),
            status: status, message: warnings.isEmpty ? nil : warnings.joined(separator: "; "), at: finished,
            peakMemoryBytes: MemoryProbe.peakBytes() ?? MemoryProbe.residentBytes(), workers: result.workersUsed ?? workers,
            busySeconds: result.busySeconds)
        for warning in warnings { note("phase '\(phase.name)': \(warning)") }
        guard result.gateFailure == nil else { return }  // the caller marks the phase failed
        progress.phaseFinished(name: phase.name, status: status == .completed ? "completed" : "completed with warnings", detail: nil)
        let alerts = plan.document.workflow.monitoring?.alerts
        if alerts?.phaseCompletion == true {
            progress.note("ALERT phase_completion: \(phase.name) \(status.rawValue)")
        }
        if alerts?.resourceExhaustion == true {
            for warning in warnings where warning.contains("memory") {
                progress.note("ALERT resource_exhaustion: \(phase.name): \(warning)")
            }
        }
        if alerts?.performanceDegradation == true {
            for artifact in result.artifacts where artifact.name == "validation_results" {
                for row in artifact.value["results"]?.arrayValue ?? [] {
                    guard let ratio = row["degradation_ratio"]?.doubleValue, ratio.isFinite, ratio < 0.5 else { continue }
                    let strategy = row["strategy"]?.stringValue ?? "?"
                    progress.note("ALERT performance_degradation: \(phase.name): \(strategy) kept \(Int((ratio * 100).rounded())) % of its in-sample objective out of sample")
                }
            }
        }
    }
}

extension WorkflowPhase {
    /// By default a failed phase leaves nothing behind.
    public func salvage(_ context: PhaseContext) throws -> PhaseResult? { nil }
}
