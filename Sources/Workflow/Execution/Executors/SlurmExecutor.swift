import Foundation
import Optimization
import Reports
import Store

/// Trials as one Slurm array job per batch (`sbatch --array`), for clusters.
///
/// A batch is cut into `shards` contiguous shards (`container_count`, else 4 per worker); each
/// array task evaluates `shardsPerTask` of them with `admf worker --shard-dir` (the worker
/// rebuilds the search from the workflow file, reads `shard-K.json`, writes `result-K.json` by
/// rename), at most `maxConcurrent` tasks at a time (`max_concurrent_containers`: the `%N`
/// throttle). The coordinator waits for the job to leave the queue, reads the results in shard
/// order — only it writes the run store — and submits the tasks whose results are missing
/// again, up to `retries` times. Grid and random searches hand it their whole search as one batch
/// (their trials do not depend on batching), so a search is one job.
///
/// The batch's directory under `directory` is named by the search and its trials, and keeps
/// the job id: a coordinator killed while the job runs re-attaches to it when the run resumes,
/// and results already written are not computed again. Everything the tasks read (the workflow
/// file, the data, `admf`) and `directory` must be on a filesystem the nodes share.
public final class SlurmExecutor: TrialExecutor, @unchecked Sendable {
    public struct Settings: Sendable, Equatable {
        /// Where shards, results, job scripts and task logs go (shared with the nodes).
        public var directory: String
        public var partition: String?
        public var account: String?
        /// `sbatch --time`, e.g. "01:00:00".
        public var timeLimit: String?
        /// `sbatch --mem` per task, e.g. "2G" (also from memory_per_container).
        public var memory: String?
        public var shardsPerTask: Int = 1
        public var maxConcurrent: Int?
        public var retries: Int = 2
        /// How often the queue is polled (seconds).
        public var poll: Double = 0.25

        public init(directory: String) { self.directory = directory }
    }

    public let name = "slurm"
    public var batchHint: Int? { 1_000_000 }
    public let executable: String
    public let settings: Settings
    private let lock = NSLock()
    private var events: [String] = []

    public init(settings: Settings, executable: String = ProcessExecutor.currentExecutable) {
        self.settings = settings
        self.executable = executable
    }

    /// Per phase: shards of finished batches, the batch in flight (directory, shard count), retries, job ids.
    private struct PhaseShards {
        var finished = 0
        var current: (directory: String, count: Int)?
        var retried = 0
        var jobs: [String] = []
    }
    private var phases: [String: PhaseShards] = [:]

    public func status(phase: String) -> ShardStatus? {
        guard let entry = lock.withLock({ phases[phase] }) else { return nil }
        var status = ShardStatus(executor: name)
        status.jobs = entry.jobs
        status.retried = entry.retried
        status.shards = entry.finished
        status.done = entry.finished
        if let (directory, count) = entry.current {
            let written = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasPrefix("result-") && $0.hasSuffix(".json") }.count
            status.shards += count
            status.done += written
            status.running = count - written
        }
        return status
    }

    private func track(_ phase: String, _ change: (inout PhaseShards) -> Void) {
        lock.withLock { change(&phases[phase, default: PhaseShards()]) }
    }

    public func finish(phase: String) {
        lock.withLock { phases[phase] = nil }
    }

    public func drainEvents() -> [String] {
        lock.withLock {
            defer { events.removeAll() }
            return events
        }
    }

    public func evaluate(_ trials: [TrialSpec], job: SearchJob?, workers: Int, meter: WorkMeter?,
                         local: @escaping @Sendable (TrialSpec) -> TrialRecord) throws -> [TrialRecord] {
        guard let job, !trials.isEmpty else {
            return try ThreadExecutor().evaluate(trials, job: nil, workers: workers, meter: meter, local: local)
        }
        let count = min(trials.count, job.shards ?? max(1, 4 * workers))
        let shards = SearchJob.shards(trials, count: count)
        let directory = try batchDirectory(job: job, trials: trials)
        let fm = FileManager.default
        for (k, shard) in shards.enumerated() {
            let path = "\(directory)/shard-\(k).json"
            if !fm.fileExists(atPath: path) {
                try AtomicFile.write(WorkerWire.request(shard: k, trials: shard) + "\n", to: path)
            }
        }
        track(job.phase) { $0.current = (directory, count) }
        defer { track(job.phase) { $0.finished += count; $0.current = nil } }
        let perTask = max(1, settings.shardsPerTask)
        let tasks = (count + perTask - 1) / perTask
        func missing() -> [Int] {
            (0..<tasks).filter { task in
                (task * perTask..<min(count, (task + 1) * perTask)).contains { !fm.fileExists(atPath: "\(directory)/result-\($0).json") }
            }
        }
        var attempt = 0
        while true {
            let todo = missing()
            if todo.isEmpty { break }
            if let running = try attachedJob(directory), try isQueued(running) {
                track(job.phase) { if !$0.jobs.contains(running) { $0.jobs.append(running) } }
                note("\(job.phase): re-attached to Slurm job \(running) (\(todo.count) task(s) without results)")
                try wait(for: running)
                continue
            }
            guard attempt <= settings.retries else {
                let logs = "\(directory)/logs"
                throw WorkflowError(phase: job.phase, "Slurm tasks \(todo.map(String.init).joined(separator: ", ")) gave no results after \(settings.retries + 1) submissions (task logs in \(logs))")
            }
            if attempt > 0 {
                note("\(job.phase): Slurm tasks \(todo.map(String.init).joined(separator: ", ")) left no results; submitted again")
                track(job.phase) { $0.retried += todo.count }
            }
            let id = try submit(job: job, directory: directory, tasks: todo, perTask: perTask, count: count)
            track(job.phase) { $0.jobs.append(id) }
            try AtomicFile.write(id + "\n", to: "\(directory)/job-id")
            try wait(for: id)
            attempt += 1
        }
        var records: [TrialRecord] = []
        for k in 0..<count {
            let text = try String(contentsOfFile: "\(directory)/result-\(k).json", encoding: .utf8)
            let part = try WorkerWire.records(try JSONValue.parse(text.trimmingCharacters(in: .whitespacesAndNewlines)))
            guard part.map(\.index) == shards[k].map(\.index) else {
                throw WorkflowError(phase: job.phase, "Slurm result \(k) in \(directory) holds other trials; remove the directory and run again")
            }
            records += part
        }
        return records
    }

    /// `<directory>/<phase>/<search>-<hash of the trials>`: the same batch finds the same place.
    private func batchDirectory(job: SearchJob, trials: [TrialSpec]) throws -> String {
        var hash = StableHash()
        hash.combine(job.dataFingerprint)
        hash.combine(job.inputs)
        hash.combine(job.reducedSpace ? "reduced" : "full")
        hash.combine(WorkerWire.request(shard: 0, trials: trials))
        let path = "\(settings.directory)/\(job.phase)/\(job.search)-\(hash.hex)"
        do {
            try FileManager.default.createDirectory(atPath: path + "/logs", withIntermediateDirectories: true)
        } catch {
            throw WorkflowError(phase: job.phase, "cannot create the Slurm directory \(path): \(error.localizedDescription)")
        }
        return path
    }

    private func attachedJob(_ directory: String) throws -> String? {
        (try? String(contentsOfFile: "\(directory)/job-id", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func submit(job: SearchJob, directory: String, tasks: [Int], perTask: Int, count: Int) throws -> String {
        var inputsPath: String?
        if !job.inputs.isEmpty {
            inputsPath = "\(directory)/inputs.json"
            try AtomicFile.write(job.inputs, to: "\(directory)/inputs.json")
        }
        let worker = [executable] + job.workerArguments(inputsPath: inputsPath)
            + ["--shard-dir", directory, "--shards-per-task", String(perTask), "--shard-count", String(count)]
        let script = """
            #!/bin/sh
            # admf: one array task evaluates shards [task × \(perTask), (task + 1) × \(perTask)) of this batch
            cd \(Self.quote(FileManager.default.currentDirectoryPath)) || exit 1
            exec \(worker.map(Self.quote).joined(separator: " ")) --task "$SLURM_ARRAY_TASK_ID"

            """
        let scriptPath = "\(directory)/job.sh"
        try AtomicFile.write(script, to: scriptPath)
        var arguments = ["--parsable", "--job-name", "admf-\(job.phase)", "--output", "\(directory)/logs/%A_%a.out",
                         "--array", tasks.map(String.init).joined(separator: ",") + (settings.maxConcurrent.map { "%\($0)" } ?? "")]
        if let partition = settings.partition { arguments += ["--partition", partition] }
        if let account = settings.account { arguments += ["--account", account] }
        if let time = settings.timeLimit { arguments += ["--time", time] }
        if let memory = settings.memory { arguments += ["--mem", memory] }
        let (status, out, err) = try Self.command("sbatch", arguments + [scriptPath])
        guard status == 0, let id = out.split(separator: ";").first.map({ String($0).trimmingCharacters(in: .whitespacesAndNewlines) }),
              !id.isEmpty else {
            throw WorkflowError(phase: job.phase, "sbatch refused the job: \(err.isEmpty ? out : err)")
        }
        return id
    }

    private func isQueued(_ id: String) throws -> Bool {
        let (status, out, _) = try Self.command("squeue", ["-h", "-j", id, "-o", "%i"])
        return status == 0 && !out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    private func wait(for id: String) throws {
        while try isQueued(id) {
            try Interruption.check()
            usleep(UInt32(settings.poll * 1e6))
        }
    }

    private func note(_ text: String) { lock.withLock { events.append(text) } }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a Slurm command: (exit status, standard output, standard error).
    static func command(_ name: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw WorkflowError("cannot run \(name): \(error.localizedDescription) — is Slurm installed here?")
        }
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, errors.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
