import Foundation
import GRDB

/// The durable state of workflow runs: phases, trials, artifacts and events, in SQLite.
///
/// Every change is one transaction, so a process killed at any moment leaves the
/// store at the last committed step: a phase is either completed with all its
/// artifacts or not completed at all; a batch of trials is either all recorded or
/// not at all. Timings and memory figures live beside the results but never in
/// artifacts, so two runs' artifacts can be compared byte for byte.
///
/// ```swift
/// let store = try RunStore(path: "checkpoints/basic/run.sqlite")
/// try store.beginRun(RunRecord(id: runID, workflowName: "basic", configHash: c, dataHash: d, createdAt: now))
/// try store.completePhase(run: runID, phase: "optimize", artifacts: artifacts)
/// ```
public final class RunStore: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// Opens (creating and migrating if needed) the store at `path`.
    public init(path: String) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(path: path, operation: "create its folder \(directory.path)", reason: StoreError.plain(error),
                             hint: "choose a writable checkpoint_location")
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrate(queue)
        } catch {
            let reason = StoreError.plain(error)
            let readOnly = reason.lowercased().contains("readonly") || reason.lowercased().contains("read-only")
            throw StoreError(path: path, operation: "open", reason: reason,
                             hint: readOnly ? "the location is read-only: choose a writable checkpoint_location" : nil)
        }
    }

    /// Brings the schema up to date. Several processes may open a new store at once (`admf run`
    /// creating it while `admf live status` or `admf serve` polls it): each migration is its own
    /// transaction, so the one that loses the race for a step fails that step without effect
    /// ("table … already exists"), then finds it applied by the winner and goes on from there.
    static func migrate(_ queue: DatabaseQueue) throws {
        var attempt = 0
        while true {
            do {
                try StoreSchema.migrator.migrate(queue)
                return
            } catch {
                attempt += 1
                if try queue.read({ try StoreSchema.migrator.hasCompletedMigrations($0) }) { return }
                if attempt >= 20 { throw error }
                usleep(UInt32(10_000 * attempt))
            }
        }
    }

    /// An in-memory store, for tests.
    public init(inMemory label: String = "memory") throws {
        path = ":memory:\(label)"
        queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue)
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, operation: operation, reason: "\(error)")
        }
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as ArtifactDamaged {
            throw error
        } catch {
            throw StoreError(path: path, operation: operation, reason: "\(error)")
        }
    }

    // MARK: Runs

    /// Records the run if it is new; returns the stored record (the existing one on resume).
    @discardableResult
    public func beginRun(_ run: RunRecord) throws -> RunRecord {
        try write("begin run") { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO run (id, workflow_name, config_hash, data_hash, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [run.id, run.workflowName, run.configHash, run.dataHash, run.createdAt])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [run.id]) else {
                throw StoreError(path: path, operation: "begin run", reason: "run \(run.id) vanished")
            }
            return RunRecord(id: row["id"], workflowName: row["workflow_name"], configHash: row["config_hash"],
                             dataHash: row["data_hash"], createdAt: row["created_at"])
        }
    }

    /// Declares the run's phases (position and type) without touching the state of known ones.
    public func declarePhases(run: String, phases: [(name: String, type: String)]) throws {
        try write("declare phases") { db in
            for (position, phase) in phases.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO phase (run, name, position, type, status) VALUES (?, ?, ?, ?, 'pending')
                        ON CONFLICT(run, name) DO UPDATE SET position = excluded.position, type = excluded.type
                        """,
                    arguments: [run, phase.name, position, phase.type])
            }
        }
    }

    // MARK: Phases

    /// Every phase of the run in declaration order.
    public func phases(run: String) throws -> [PhaseRecord] {
        try read("read phases") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM phase WHERE run = ? ORDER BY position", arguments: [run])
                .map(Self.phaseRecord)
        }
    }

    /// One phase's state, if declared.
    public func phase(run: String, name: String) throws -> PhaseRecord? {
        try read("read phase") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM phase WHERE run = ? AND name = ?", arguments: [run, name])
                .map(Self.phaseRecord)
        }
    }

    private static func phaseRecord(_ row: Row) -> PhaseRecord {
        PhaseRecord(
            run: row["run"], name: row["name"], position: row["position"], type: row["type"],
            status: PhaseStatus(rawValue: row["status"]) ?? .pending, attempts: row["attempts"],
            startedAt: row["started_at"], finishedAt: row["finished_at"], message: row["message"],
            peakMemoryBytes: row["peak_memory_bytes"], workers: row["workers"], busySeconds: row["busy_seconds"])
    }

    /// Marks a phase running and counts the attempt.
    public func startPhase(run: String, name: String, at time: Double) throws {
        try write("start phase") { db in
            try db.execute(
                sql: """
                    UPDATE phase SET status = 'running', attempts = attempts + 1, started_at = ?,
                    finished_at = NULL, message = NULL WHERE run = ? AND name = ?
                    """,
                arguments: [time, run, name])
        }
    }

    /// Stores a phase's artifacts and marks it completed, in one transaction.
    public func completePhase(
        run: String, name: String, artifacts: [ArtifactRecord], status: PhaseStatus = .completed,
        message: String? = nil, at time: Double, peakMemoryBytes: Int64? = nil, workers: Int? = nil,
        busySeconds: Double? = nil
    ) throws {
        try write("complete phase") { db in
            try db.execute(sql: "DELETE FROM artifact WHERE run = ? AND phase = ?", arguments: [run, name])
            for artifact in artifacts {
                try db.execute(
                    sql: "INSERT INTO artifact (run, phase, name, kind, json, lineage, checksum) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [run, name, artifact.name, artifact.kind, artifact.json, artifact.lineage,
                                ArtifactChecksum.compute(kind: artifact.kind, json: artifact.json, lineage: artifact.lineage)])
            }
            try db.execute(
                sql: """
                    UPDATE phase SET status = ?, finished_at = ?, message = ?, peak_memory_bytes = ?,
                    workers = ?, busy_seconds = ? WHERE run = ? AND name = ?
                    """,
                arguments: [status.rawValue, time, message, peakMemoryBytes, workers, busySeconds, run, name])
        }
    }

    /// Marks a phase failed (or skipped) with a message.
    public func setPhaseStatus(run: String, name: String, status: PhaseStatus, message: String?, at time: Double) throws {
        try write("update phase") { db in
            try db.execute(
                sql: "UPDATE phase SET status = ?, finished_at = ?, message = ? WHERE run = ? AND name = ?",
                arguments: [status.rawValue, time, message, run, name])
        }
    }

    /// Forgets the results of `phases` (artifacts, trials, status) so they run again.
    public func resetPhases(run: String, names: [String]) throws {
        try write("reset phases") { db in
            for name in names {
                try db.execute(sql: "DELETE FROM artifact WHERE run = ? AND phase = ?", arguments: [run, name])
                try db.execute(sql: "DELETE FROM trial WHERE run = ? AND phase = ?", arguments: [run, name])
                // A live phase run again is a new session (its orders get new decisions; ids
                // that coincide with earlier ones are still recognised by a real broker).
                for table in ["live_journal", "live_order", "live_command", "live_status"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE run = ? AND phase = ?", arguments: [run, name])
                }
                try db.execute(
                    sql: """
                        UPDATE phase SET status = 'pending', attempts = 0, started_at = NULL, finished_at = NULL,
                        message = NULL WHERE run = ? AND name = ?
                        """,
                    arguments: [run, name])
            }
        }
    }

    // MARK: Trials

    /// Records a batch of completed trials in one transaction (replacing any with the same index).
    public func saveTrials(run: String, phase: String, _ trials: [TrialRecord]) throws {
        guard !trials.isEmpty else { return }
        try write("save trials") { db in
            for trial in trials {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO trial (run, phase, idx, parameters, objective, metrics, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [run, phase, trial.index, trial.parameters,
                                trial.objective.isFinite ? trial.objective : nil, trial.metrics, trial.status])
            }
        }
    }

    /// Forgets a phase's trials (before a retry with a different search space).
    public func deleteTrials(run: String, phase: String) throws {
        try write("delete trials") { db in
            try db.execute(sql: "DELETE FROM trial WHERE run = ? AND phase = ?", arguments: [run, phase])
        }
    }

    /// The phase's recorded trials, by index.
    public func trials(run: String, phase: String) throws -> [TrialRecord] {
        try read("read trials") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM trial WHERE run = ? AND phase = ? ORDER BY idx", arguments: [run, phase]
            ).map { row in
                let objective: Double? = row["objective"]
                return TrialRecord(index: row["idx"], parameters: row["parameters"], objective: objective ?? .nan,
                                   metrics: row["metrics"], status: row["status"])
            }
        }
    }

    /// How many trials the phase has recorded.
    public func trialCount(run: String, phase: String) throws -> Int {
        try read("count trials") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trial WHERE run = ? AND phase = ?", arguments: [run, phase]) ?? 0
        }
    }

    // MARK: Artifacts

    /// One stored artifact.
    public func artifact(run: String, phase: String, name: String) throws -> ArtifactRecord? {
        try read("read artifact") { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM artifact WHERE run = ? AND phase = ? AND name = ?", arguments: [run, phase, name]
            ).map { try verified($0) }
        }
    }

    /// The artifacts of one phase (or all phases), by phase position then name.
    public func artifacts(run: String, phase: String? = nil) throws -> [ArtifactRecord] {
        try read("read artifacts") { db in
            var sql = """
                SELECT a.* FROM artifact a JOIN phase p ON p.run = a.run AND p.name = a.phase
                WHERE a.run = ?
                """
            var arguments: StatementArguments = [run]
            if let phase {
                sql += " AND a.phase = ?"
                arguments += [phase]
            }
            sql += " ORDER BY p.position, a.name"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                try verified($0)
            }
        }
    }

    /// The record of an artifact row, after checking its checksum (rows written before
    /// checksums existed have none and are accepted).
    private func verified(_ row: Row) throws -> ArtifactRecord {
        let record = ArtifactRecord(phase: row["phase"], name: row["name"], kind: row["kind"], json: row["json"], lineage: row["lineage"])
        if let stored: String = row["checksum"],
           stored != ArtifactChecksum.compute(kind: record.kind, json: record.json, lineage: record.lineage) {
            throw ArtifactDamaged(path: path, phase: record.phase, name: record.name)
        }
        return record
    }

    /// Every artifact of the run whose content no longer matches its checksum, as `(phase, name)`.
    public func damagedArtifacts(run: String) throws -> [(phase: String, name: String)] {
        try read("verify artifacts") { db in
            try Row.fetchAll(db, sql: "SELECT phase, name, kind, json, lineage, checksum FROM artifact WHERE run = ? ORDER BY phase, name",
                             arguments: [run]).compactMap { row -> (phase: String, name: String)? in
                guard let stored: String = row["checksum"] else { return nil }
                let computed = ArtifactChecksum.compute(kind: row["kind"], json: row["json"], lineage: row["lineage"])
                return stored == computed ? nil : (row["phase"], row["name"])
            }
        }
    }

    // MARK: Events

    /// Appends a line to the run's event log.
    public func log(run: String, phase: String?, kind: String, message: String, at time: Double) throws {
        try write("log event") { db in
            try db.execute(sql: "INSERT INTO event (run, time, phase, kind, message) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run, time, phase, kind, message])
        }
    }

    /// The run's event log in order.
    public func events(run: String) throws -> [EventRecord] {
        try read("read events") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE run = ? ORDER BY seq", arguments: [run]).map {
                EventRecord(sequence: $0["seq"], time: $0["time"], phase: $0["phase"], kind: $0["kind"],
                            message: $0["message"])
            }
        }
    }
}
