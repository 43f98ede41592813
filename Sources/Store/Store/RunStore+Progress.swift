import GRDB

/// Progress of running searches and the list of runs, for the dashboard (schema `v5-progress`).
extension RunStore {
    /// One phase's search progress.
    public struct Progress: Sendable, Equatable {
        public var phase: String
        public var done: Int
        public var planned: Int
        /// The best objective so far, in the objective's own direction.
        public var best: Double?
        public var objective: String
        public var updatedAt: Double

        public init(phase: String, done: Int, planned: Int, best: Double?, objective: String, updatedAt: Double) {
            self.phase = phase
            self.done = done
            self.planned = planned
            self.best = best
            self.objective = objective
            self.updatedAt = updatedAt
        }
    }

    /// Replaces `phase`'s progress.
    public func publishProgress(run: String, _ progress: Progress) throws {
        try write("publish progress") { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO phase_progress (run, phase, done, planned, best, objective, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run, progress.phase, progress.done, progress.planned, progress.best, progress.objective,
                                 progress.updatedAt])
        }
    }

    /// Every phase's progress in `run`.
    public func progress(run: String) throws -> [Progress] {
        try read("read progress") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM phase_progress WHERE run = ? ORDER BY phase", arguments: [run]).map {
                Progress(phase: $0["phase"], done: $0["done"], planned: $0["planned"], best: $0["best"], objective: $0["objective"],
                         updatedAt: $0["updated_at"])
            }
        }
    }

    /// Every run in the store, newest first.
    public func runs() throws -> [RunRecord] {
        try read("list runs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY created_at DESC, id").map {
                RunRecord(id: $0["id"], workflowName: $0["workflow_name"], configHash: $0["config_hash"], dataHash: $0["data_hash"],
                          createdAt: $0["created_at"])
            }
        }
    }

    /// Replaces `phase`'s executor status (a JSON object the executor describes itself with).
    public func publishExecutorStatus(run: String, phase: String, json: String, at time: Double) throws {
        try write("publish executor status") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO executor_status (run, phase, json, updated_at) VALUES (?, ?, ?, ?)",
                           arguments: [run, phase, json, time])
        }
    }

    /// Every phase's executor status in `run`: phase → JSON text.
    public func executorStatuses(run: String) throws -> [(phase: String, json: String)] {
        try read("read executor status") { db in
            try Row.fetchAll(db, sql: "SELECT phase, json FROM executor_status WHERE run = ? ORDER BY phase", arguments: [run]).map {
                (phase: $0["phase"], json: $0["json"])
            }
        }
    }
}
