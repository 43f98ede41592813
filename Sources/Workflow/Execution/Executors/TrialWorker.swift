#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Optimization
import Reports
import Store

/// The worker side of ``ProcessExecutor`` (`admf worker`): rebuilds one search's trial evaluator
/// from the workflow file and its data, then answers shard requests from standard input, one
/// reply line per request on standard output, until standard input closes.
///
/// The worker never opens the run store (the coordinator alone writes it) and refuses to work
/// when its data's fingerprint differs from the coordinator's.
public enum TrialWorker {
    /// Batch mode (a Slurm array task): evaluates shards `[task × perTask, (task + 1) × perTask)`
    /// of `directory` (`shard-K.json` → `result-K.json`, written by rename; shards with a result
    /// are skipped).
    public struct Batch: Sendable {
        public var directory: String
        public var task: Int
        public var perTask: Int
        public var count: Int

        public init(directory: String, task: Int, perTask: Int, count: Int) {
            self.directory = directory
            self.task = task
            self.perTask = perTask
            self.count = count
        }
    }

    public static func serve(job: SearchJob, dataFingerprint: String, memoryLimitBytes: Int64?, batch: Batch? = nil) throws {
        if let limit = memoryLimitBytes, limit > 0 {
            // memory_per_container, enforced by the kernel: an allocation beyond it fails and
            // the worker dies, costing only its shard.
            var rl = rlimit(rlim_cur: rlim_t(limit), rlim_max: rlim_t(limit))
            _ = setrlimit(Int32(RLIMIT_AS.rawValue), &rl)
        }
        let plan = try WorkflowPlanner.plan(try WorkflowLoader.load(path: job.configPath))
        guard let data = try WorkflowPlanner.loadData(plan) else { throw WorkflowError("worker: the workflow has no data section") }
        guard data.fingerprint == dataFingerprint else {
            throw WorkflowError("worker: the data changed since the run started (fingerprint \(data.fingerprint), expected \(dataFingerprint))")
        }
        guard let planned = plan.phase(named: job.phase) else { throw WorkflowError("worker: no phase '\(job.phase)'") }
        guard let shardable = planned.phase as? any ShardableSearch else {
            throw WorkflowError(phase: job.phase, "worker: \(planned.type) searches run in the coordinator only")
        }
        // The coordinator's context for the phase, as far as a search needs it: same data, seed,
        // inputs and reduced-space flag; a store of its own in memory (never the run store).
        let staged = try JobInputs.decode(job.inputs)
        var context = PhaseContext(
            name: planned.name, data: data, inputs: staged.inputs, seed: plan.seed, workers: 1,
            reducedSpace: job.reducedSpace, acceptPartialResults: true,
            budget: PhaseBudget(deadline: nil, memoryLimitBytes: nil, degradeOnMemory: false, faults: FaultInjection(), attempt: 1),
            requestedOutputs: planned.requestedOutputs, store: try RunStore(inMemory: "worker"), runID: "worker",
            progress: ProgressReporter(quiet: true))
        context.signalDirectoryOverride = job.signalDirectory
        context.referenced = staged.referenced
        let evaluate = try shardable.shardEvaluator(search: job.search, context: context)
        let faults = WorkerFaults.fromEnvironment(job: job)
        if let batch {
            let first = batch.task * batch.perTask
            for k in first..<min(batch.count, first + batch.perTask) {
                let result = "\(batch.directory)/result-\(k).json"
                guard !FileManager.default.fileExists(atPath: result) else { continue }
                let text = try String(contentsOfFile: "\(batch.directory)/shard-\(k).json", encoding: .utf8)
                let (shard, trials) = try WorkerWire.trials(try JSONValue.parse(text.trimmingCharacters(in: .whitespacesAndNewlines)))
                faults.maybeCrash(shard: shard)
                try AtomicFile.write(WorkerWire.reply(shard: shard, records: trials.map(evaluate)) + "\n", to: result)
            }
            return
        }
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            let reply: String
            do {
                let (shard, trials) = try WorkerWire.trials(try JSONValue.parse(line))
                faults.maybeCrash(shard: shard)
                reply = WorkerWire.reply(shard: shard, records: trials.map(evaluate))
            } catch {
                reply = WorkerWire.failure(shard: -1, message: "\(error)")
            }
            FileHandle.standardOutput.write(Data((reply + "\n").utf8))
        }
    }
}

/// `ADMF_WORKER_CRASH=N` (tests): the first worker that receives shard N aborts, as a worker
/// that traps or is killed would; `ADMF_WORKER_CRASH_MARK` names the file that makes it "first"
/// (`{search}` in it stands for `<phase>.<search>`: one crash per search).
struct WorkerFaults {
    var shard: Int?
    var mark: String?

    static func fromEnvironment(job: SearchJob) -> WorkerFaults {
        let environment = ProcessInfo.processInfo.environment
        return WorkerFaults(shard: environment["ADMF_WORKER_CRASH"].flatMap(Int.init),
                            mark: environment["ADMF_WORKER_CRASH_MARK"]?.replacingOccurrences(of: "{search}", with: "\(job.phase).\(job.search)"))
    }

    func maybeCrash(shard: Int) {
        guard let target = self.shard, target == shard, let mark else { return }
        // O_EXCL: exactly one worker wins the right to crash.
        let fd = open(mark, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        guard fd >= 0 else { return }
        close(fd)
        abort()
    }
}
