import Dispatch
import Foundation
import Optimization
import Reports
import Store
import Strategies

/// Drives a ``TrialSampler`` for a phase: ask a batch, evaluate it on the phase's workers,
/// checkpoint it in one transaction, tell the scores back — until the sampler is finished,
/// the time budget is spent, or memory runs over the limit.
///
/// Every search in a workflow goes through here (grid, random, TPE, differential evolution;
/// optimisation phases, `group_by_regime`, walk-forward windows), so checkpointing, resume,
/// progress, the time budget and `memory_limit_gb` / `resource_exhaustion` apply to all of them.
///
/// Resume: a checkpointed trial whose index and parameters match the proposal is reused
/// instead of evaluated (samplers are deterministic given the told history, so a resumed
/// search proposes the same trials). Infeasible proposals are stored with status
/// `infeasible` and told as −∞. Batches never depend on the worker count.
struct SearchRunner {
    let phase: String
    let context: PhaseContext
    let objective: Objective
    /// A search nested in a larger unit of work (a walk-forward window): no checkpoints of its
    /// own, no progress lines, no time-budget stop (the enclosing loop checks those).
    var nested = false
    var checkpoint: Bool { !nested }
    /// The label progress lines use.
    var label: String
    /// The search's name for worker processes (``ShardableSearch``); nil: it runs in this process.
    var search: String?

    init(phase: String, context: PhaseContext, objective: Objective, nested: Bool = false, label: String? = nil) {
        self.phase = phase
        self.context = context
        self.objective = objective
        self.nested = nested
        self.label = label ?? phase
    }

    /// Why a search ignores the chosen executor.
    static let coordinatorOnly = "this search runs on threads in this process (it has no search name a worker could rebuild)"

    struct Outcome {
        /// Every trial of the search (reused and new), in index order.
        var records: [TrialRecord]
        /// Whether the time budget stopped the search early.
        var stopped: Bool
        /// The worker count at the end (lower after graceful degradation).
        var workers: Int
        var warnings: [String]
        var planned: Int
        var skipped: Int
    }

    func run(_ sampler: inout some TrialSampler, evaluate: @escaping @Sendable (TrialSpec) -> TrialRecord) throws -> Outcome {
        let stored: [Int: TrialRecord] = checkpoint
            ? Dictionary(try context.store.trials(run: context.runID, phase: phase).map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
            : [:]
        var records: [TrialRecord] = []
        var workers = context.workers
        var warnings: [String] = []
        var batches = 0
        var reusedCount = 0
        var best = -Double.infinity
        var delayAlerted = false
        let started = Date().timeIntervalSince1970
        var stopped = false
        // Checkpoints are written on a serial queue while the next batch is evaluated; at most
        // one write is in flight, and every write has finished before the search returns.
        let writer = CheckpointWriter(store: context.store, run: context.runID, phase: phase)
        defer { writer.drain() }
        if search == nil, !(context.executor is ThreadExecutor), !nested {
            context.progress.note("  \(label): \(Self.coordinatorOnly)")
        }
        while true {
            try Interruption.check()
            try context.checkMemory(phase: phase, workers: &workers, warnings: &warnings)
            if !nested, context.budget.timedOut(phase: phase, batchesDone: batches) {
                stopped = true
                break
            }
            let proposals = try sampler.ask()
            guard !proposals.isEmpty else { break }
            var scores = [Double](repeating: -.infinity, count: proposals.count)
            var fresh: [(position: Int, trial: TrialSpec)] = []
            var newRecords: [TrialRecord] = []
            for (k, proposal) in proposals.enumerated() {
                let trial = proposal.trial
                let parameters = Self.parametersText(trial)
                if let old = stored[trial.index], old.parameters == parameters {
                    records.append(old)
                    reusedCount += 1
                    scores[k] = objective.score(old.objective)
                } else if !proposal.feasible {
                    let record = TrialRecord(index: trial.index, parameters: parameters, objective: .nan,
                                             metrics: JSONValue.object([("error", .string("infeasible parameters"))]).serialized(),
                                             status: "infeasible")
                    newRecords.append(record)
                    records.append(record)
                } else {
                    fresh.append((k, trial))
                }
            }
            if !fresh.isEmpty {
                let evaluated = try context.executor.evaluate(fresh.map(\.trial), job: search.flatMap(context.searchJob),
                                                              workers: workers, meter: context.meter, local: evaluate)
                for ((k, _), record) in zip(fresh, evaluated) {
                    scores[k] = objective.score(record.objective)
                    records.append(record)
                    newRecords.append(record)
                }
            }
            if checkpoint, !newRecords.isEmpty {
                try writer.write(newRecords)
            }
            sampler.tell(scores)
            batches += 1
            best = max(best, scores.filter { !$0.isNaN }.max() ?? -.infinity)
            let planned = max(records.count, sampler.plannedTrials ?? records.count)
            if context.alertOnEstimatedDelay, !delayAlerted, let deadline = context.budget.deadline, records.count > reusedCount {
                let now = Date().timeIntervalSince1970
                let eta = (now - started) / Double(records.count - reusedCount) * Double(planned - records.count)
                if now + eta > deadline {
                    delayAlerted = true
                    context.progress.note("ALERT estimated_delay: \(label) needs about \(Int(eta)) s more but its timeout_hours budget ends in \(Int(max(0, deadline - now))) s")
                }
            }
            if !nested {
                let shown = best.isFinite ? (objective.minimises ? -best : best) : nil
                context.progress.trials(name: label, done: records.count, total: planned, bestObjective: shown,
                                        objective: objective.rawValue)
                // For the dashboard: not part of any result, so a failed write only loses a display.
                try? context.store.publishProgress(run: context.runID, .init(
                    phase: phase, done: records.count, planned: planned, best: shown, objective: objective.rawValue,
                    updatedAt: Date().timeIntervalSince1970))
            }
        }
        try writer.finish()
        if reusedCount > 0 {
            context.progress.note("  \(label): resumed — \(reusedCount) trial(s) reused from the checkpoint")
        }
        records.sort { $0.index < $1.index }
        return Outcome(records: records, stopped: stopped, workers: workers, warnings: warnings,
                       planned: sampler.plannedTrials ?? records.count, skipped: sampler.skipped)
    }

    /// The deterministic JSON text of a trial's strategy and parameters (the checkpoint key).
    static func parametersText(_ trial: TrialSpec) -> String {
        JSONValue.object([("strategy", .string(trial.strategy)),
                          ("parameters", StrategySelection(strategy: trial.strategy, parameters: trial.parameters).parametersJSON)]).serialized()
    }
}

/// Writes batches of trial records to the run store in order on a background queue, so the
/// workers evaluate the next batch meanwhile. One write at a time: `write` waits for the
/// previous one (and rethrows its error); `finish` waits for the last.
final class CheckpointWriter: @unchecked Sendable {
    private let store: RunStore
    private let run: String
    private let phase: String
    private let queue = DispatchQueue(label: "admf.checkpoints")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var failure: Error?

    init(store: RunStore, run: String, phase: String) {
        self.store = store
        self.run = run
        self.phase = phase
    }

    func write(_ records: [TrialRecord]) throws {
        try finish()
        group.enter()
        queue.async { [self] in
            defer { group.leave() }
            do {
                try store.saveTrials(run: run, phase: phase, records)
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits for the write in flight and rethrows its error.
    func finish() throws {
        group.wait()
        if let error = lock.withLock({ failure }) { throw error }
    }

    /// Waits for the write in flight, ignoring its error (the search is ending on another error).
    func drain() { group.wait() }
}

extension PhaseContext {
    /// Applies `memory_limit_gb` between units of work (batches of trials, windows, model fits):
    /// under `resource_exhaustion: graceful_degradation` halves `workers` (returning `true`),
    /// otherwise throws naming the measured use and the limit. Returns `false` within the limit.
    @discardableResult
    func checkMemory(phase: String, workers: inout Int, warnings: inout [String]) throws -> Bool {
        try Interruption.check()
        guard let limit = budget.memoryLimitBytes, let used = budget.memoryInUse(phase: phase), used > limit else { return false }
        guard budget.degradeOnMemory else {
            throw WorkflowError(phase: phase, "memory use \(used / 1_000_000) MB exceeded memory_limit_gb (\(limit / 1_000_000) MB); resource_exhaustion: abort")
        }
        guard workers > 1 else { return false }
        workers = max(1, workers / 2)
        warnings.append("memory \(used / 1_000_000) MB above the limit of \(limit / 1_000_000) MB: continued with \(workers) worker(s)")
        return true
    }

    /// ``checkMemory(phase:workers:warnings:)`` for single-threaded work (model fits): throws
    /// over the limit unless graceful degradation is on, in which case a warning is noted once.
    func checkMemory(phase: String, warnings: inout [String]) throws {
        var one = 1
        _ = try checkMemory(phase: phase, workers: &one, warnings: &warnings)
    }
}
