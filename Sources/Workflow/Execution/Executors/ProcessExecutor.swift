import Dispatch
import Foundation
import Optimization
import Reports
import Store

/// Trials in worker processes (`admf worker`, the specification's "containers"): crash
/// isolation and a memory limit per worker.
///
/// The first batch of a search starts `workers` processes for it; each rebuilds the search's
/// evaluator from the workflow file (``TrialWorker``) and stays up for the rest of the search.
/// A batch is cut into `workers` contiguous shards, one per worker at a time. A worker that
/// traps, aborts, is killed or runs out of its memory limit loses only its shard: a new worker
/// takes its place and the shard is sent again, up to `retries` times, after which the search
/// fails naming the shard and the last error. Records come back with their Doubles bit for bit
/// (``WorkerWire``) and are put in trial order, so results equal ``ThreadExecutor``'s whatever
/// crashed or how many workers ran.
public final class ProcessExecutor: TrialExecutor, @unchecked Sendable {
    public let name = "processes"
    /// The `admf` executable workers run.
    public let executable: String
    /// How many times a shard is sent again after its worker died.
    public var retries: Int
    private let lock = NSLock()
    private var pools: [String: WorkerPool] = [:]

    public init(executable: String = ProcessExecutor.currentExecutable, retries: Int = 2) {
        self.executable = executable
        self.retries = retries
        // A worker that died leaves a broken pipe: writing to it must fail, not end this process.
        signal(SIGPIPE, SIG_IGN)
    }

    /// This process's executable (`/proc/self/exe` on Linux).
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    public func evaluate(_ trials: [TrialSpec], job: SearchJob?, workers: Int, meter: WorkMeter?,
                         local: @escaping @Sendable (TrialSpec) -> TrialRecord) throws -> [TrialRecord] {
        guard let job, !trials.isEmpty else {
            return try ThreadExecutor().evaluate(trials, job: nil, workers: workers, meter: meter, local: local)
        }
        let key = "\(job.phase)|\(job.search)"
        let pool: WorkerPool = lock.withLock {
            if let pool = pools[key] { return pool }
            let pool = WorkerPool(executable: executable, job: job, size: max(1, workers), retries: retries)
            pools[key] = pool
            return pool
        }
        return try pool.evaluate(trials)
    }

    /// Ends the workers of `phase`'s searches (their standard input closes; they exit).
    public func finish(phase: String) {
        let done: [WorkerPool] = lock.withLock {
            let keys = pools.keys.filter { $0.hasPrefix(phase + "|") }
            defer { for key in keys { pools[key] = nil } }
            return keys.compactMap { pools[$0] }
        }
        for pool in done { pool.shutdown() }
    }

    public func status(phase: String) -> ShardStatus? {
        let active: [WorkerPool] = lock.withLock { pools.filter { $0.key.hasPrefix(phase + "|") }.sorted { $0.key < $1.key }.map(\.value) }
        guard !active.isEmpty else { return nil }
        var status = ShardStatus(executor: name)
        for pool in active { pool.count(into: &status) }
        return status
    }

    /// What happened to workers (crashes and retries), for the run's event log; drained.
    public func drainEvents() -> [String] {
        lock.withLock { pools.values.flatMap { $0.drainEvents() } }
    }
}

/// The worker processes of one search.
final class WorkerPool: @unchecked Sendable {
    let executable: String
    let job: SearchJob
    let size: Int
    let retries: Int
    private var workers: [WorkerProcess?]
    private var nextShard = 0
    private var inputsPath: String?
    private let lock = NSLock()
    private var events: [String] = []

    init(executable: String, job: SearchJob, size: Int, retries: Int) {
        self.executable = executable
        self.job = job
        self.size = size
        self.retries = retries
        workers = [WorkerProcess?](repeating: nil, count: size)
    }

    func drainEvents() -> [String] {
        lock.withLock {
            defer { events.removeAll() }
            return events
        }
    }

    /// Shards sent, answered, in flight and sent again; workers alive.
    private var counts = (sent: 0, done: 0, running: 0, retried: 0)

    func count(into status: inout ShardStatus) {
        lock.withLock {
            status.shards += counts.sent
            status.done += counts.done
            status.running += counts.running
            status.retried += counts.retried
            status.workers += workers.compactMap { $0 }.count
        }
    }

    func evaluate(_ trials: [TrialSpec]) throws -> [TrialRecord] {
        let count = min(size, trials.count)
        // Contiguous shards of nearly equal size; shard numbers run on across the search's batches.
        let first = nextShard
        nextShard += count
        let shards = SearchJob.shards(trials, count: count)
        let slots = ResultSlots(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { k in
            slots.set(k, run(shard: first + k, trials: shards[k], slot: k))
        }
        var records: [TrialRecord] = []
        for result in slots.values {
            switch result {
            case .success(let part)?: records += part
            case .failure(let error)?: throw error
            case nil: throw WorkflowError(phase: job.phase, "a shard of the search returned nothing")
            }
        }
        return records
    }

    /// Sends one shard to worker `slot`, replacing the worker while it dies, up to `retries` times.
    private func run(shard: Int, trials: [TrialSpec], slot: Int) -> Result<[TrialRecord], Error> {
        var lastError = ""
        lock.withLock {
            counts.sent += 1
            counts.running += 1
        }
        defer { lock.withLock { counts.running -= 1 } }
        for attempt in 0...retries {
            if attempt > 0 { lock.withLock { counts.retried += 1 } }
            do {
                let worker = try worker(slot)
                let reply = try worker.exchange(WorkerWire.request(shard: shard, trials: trials))
                let records = try WorkerWire.records(try JSONValue.parse(reply))
                guard records.map(\.index) == trials.map(\.index) else {
                    throw WorkflowError(phase: job.phase, "worker answered shard \(shard) with other trials")
                }
                lock.withLock { counts.done += 1 }
                return .success(records)
            } catch {
                lastError = "\(error)"
                let status = lock.withLock { () -> String in
                    let status = workers[slot]?.terminate() ?? ""
                    workers[slot] = nil
                    return status
                }
                if let limit = job.memoryLimitBytes, status.hasPrefix("signal") {
                    lastError += " — the worker died on a signal under memory_per_container \(limit / 1_000_000) MB; raise it if it is too small"
                }
                let note = "\(job.phase): worker for shard \(shard) failed (\(status.isEmpty ? lastError : status))"
                    + (attempt < retries ? "; shard sent again to a new worker" : "; no retries left")
                lock.withLock { events.append(note) }
            }
        }
        return .failure(WorkflowError(phase: job.phase, "shard \(shard) failed \(retries + 1) times in worker processes; last error: \(lastError)"))
    }

    private func worker(_ slot: Int) throws -> WorkerProcess {
        if let existing = lock.withLock({ workers[slot] }) { return existing }
        let started = try WorkerProcess(executable: executable, job: job, inputsPath: try stagedInputs())
        lock.withLock { workers[slot] = started }
        return started
    }

    /// The job's inputs in a temporary file the pool's workers read (written once; nil: none).
    private func stagedInputs() throws -> String? {
        guard !job.inputs.isEmpty else { return nil }
        return try lock.withLock {
            if let inputsPath { return inputsPath }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("admf-inputs-\(getpid())-\(UUID().uuidString).json").path
            try AtomicFile.write(job.inputs, to: path)
            inputsPath = path
            return path
        }
    }

    func shutdown() {
        let all = lock.withLock { () -> [WorkerProcess] in
            defer { workers = workers.map { _ in nil } }
            return workers.compactMap { $0 }
        }
        for worker in all { worker.close() }
        if let path = lock.withLock({ inputsPath }) { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// Per-shard results written from several threads.
final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Result<[TrialRecord], Error>?]
    init(count: Int) { values = .init(repeating: nil, count: count) }
    func set(_ k: Int, _ value: Result<[TrialRecord], Error>) { lock.withLock { values[k] = value } }
}

/// One `admf worker` process and its pipes.
final class WorkerProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var buffer = Data()

    init(executable: String, job: SearchJob, inputsPath: String?) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = job.workerArguments(inputsPath: inputsPath)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw WorkflowError(phase: job.phase, "cannot start a worker process (\(executable)): \(error.localizedDescription)")
        }
    }

    /// Sends one request line and waits for the reply line.
    func exchange(_ request: String) throws -> String {
        try input.fileHandleForWriting.write(contentsOf: Data((request + "\n").utf8))
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw WorkflowError("the worker process ended without answering") }
            buffer.append(chunk)
        }
    }

    /// Kills the worker (if still running) and describes how it ended.
    func terminate() -> String {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        // The worker's own one-line error, if it printed one (not a crash's trap message or backtrace).
        let stderr = String(decoding: errors.fileHandleForReading.availableData.prefix(64 * 1024), as: UTF8.self)
        let message = stderr.split(separator: "\n").first { $0.hasPrefix("admf:") }
            .map { String($0.prefix(240)) }
        let how = process.terminationReason == .uncaughtSignal ? "signal \(process.terminationStatus)" : "exit \(process.terminationStatus)"
        return message.map { "\(how): \($0)" } ?? how
    }

    /// Closes standard input (the worker exits at end of input) and waits.
    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
