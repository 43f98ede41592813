import GRDB

/// Phase results by dependency key (schema `v7-phase-cache`): a phase whose key is stored
/// completed in any run of the store is copied into the current run instead of computed again.
extension RunStore {
    /// A stored phase result: where it lives and what it depended on.
    public struct CachedPhase: Sendable, Equatable {
        public var run: String
        public var phase: String
        public var key: String
        /// The key's parts (JSON), for explaining differences.
        public var parts: String?
        public var finishedAt: Double?
    }

    /// Records the key (and its parts) a phase of `run` is computed under, before it runs: its
    /// checkpointed trials belong to that key.
    public func setPhaseKey(run: String, name: String, key: String, parts: String) throws {
        try write("record phase key") { db in
            try db.execute(sql: "UPDATE phase SET cache_key = ?, key_parts = ?, reused_from = NULL WHERE run = ? AND name = ?",
                           arguments: [key, parts, run, name])
        }
    }

    /// The key a phase of `run` was (or is being) computed under.
    public func phaseKey(run: String, name: String) throws -> (key: String?, parts: String?, reusedFrom: String?) {
        try read("read phase key") { db in
            let row = try Row.fetchOne(db, sql: "SELECT cache_key, key_parts, reused_from FROM phase WHERE run = ? AND name = ?",
                                       arguments: [run, name])
            return (row?["cache_key"], row?["key_parts"], row?["reused_from"])
        }
    }

    /// The newest completed result stored under `key` (without warnings: a partial result is
    /// never reused), outside `run` when given.
    public func cachedPhase(key: String, excluding run: String? = nil) throws -> CachedPhase? {
        try read("find cached phase") { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT run, name, cache_key, key_parts, finished_at FROM phase
                WHERE cache_key = ? AND status = 'completed' AND run IS NOT ?
                ORDER BY finished_at DESC, run LIMIT 1
                """, arguments: [key, run])
            return row.map { CachedPhase(run: $0["run"], phase: $0["name"], key: $0["cache_key"], parts: $0["key_parts"],
                                         finishedAt: $0["finished_at"]) }
        }
    }

    /// The newest earlier result of a phase named `name` (any run but `run`, any key), to say
    /// what changed since.
    public func previousPhase(named name: String, excluding run: String) throws -> CachedPhase? {
        try read("find previous phase") { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT run, name, cache_key, key_parts, finished_at FROM phase
                WHERE name = ? AND run != ? AND cache_key IS NOT NULL AND status = 'completed'
                ORDER BY finished_at DESC, run LIMIT 1
                """, arguments: [name, run])
            return row.map { CachedPhase(run: $0["run"], phase: $0["name"], key: $0["cache_key"], parts: $0["key_parts"],
                                         finishedAt: $0["finished_at"]) }
        }
    }

    /// Copies `source`'s result — artifacts (with their lineage and checksums), trials and
    /// progress — into phase `name` of `run` and marks it completed under the same key, in one
    /// transaction. The copy is byte for byte: a reused result reads exactly as a computed one.
    public func reusePhase(run: String, name: String, from source: CachedPhase, at time: Double) throws {
        try write("reuse phase") { db in
            for table in ["artifact", "trial"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE run = ? AND phase = ?", arguments: [run, name])
            }
            try db.execute(sql: """
                INSERT INTO artifact (run, phase, name, kind, json, lineage, checksum)
                SELECT ?, ?, name, kind, json, lineage, checksum FROM artifact WHERE run = ? AND phase = ?
                """, arguments: [run, name, source.run, source.phase])
            try db.execute(sql: """
                INSERT INTO trial (run, phase, idx, parameters, objective, metrics, status)
                SELECT ?, ?, idx, parameters, objective, metrics, status FROM trial WHERE run = ? AND phase = ?
                """, arguments: [run, name, source.run, source.phase])
            try db.execute(sql: """
                INSERT OR REPLACE INTO phase_progress (run, phase, done, planned, best, objective, updated_at)
                SELECT ?, ?, done, planned, best, objective, updated_at FROM phase_progress WHERE run = ? AND phase = ?
                """, arguments: [run, name, source.run, source.phase])
            try db.execute(sql: """
                UPDATE phase SET status = 'completed', started_at = ?, finished_at = ?, message = NULL,
                    cache_key = ?, key_parts = ?, reused_from = ?,
                    workers = (SELECT workers FROM phase WHERE run = ? AND name = ?),
                    peak_memory_bytes = (SELECT peak_memory_bytes FROM phase WHERE run = ? AND name = ?),
                    busy_seconds = (SELECT busy_seconds FROM phase WHERE run = ? AND name = ?)
                WHERE run = ? AND name = ?
                """, arguments: [time, time, source.key, source.parts, "\(source.run)/\(source.phase)",
                                 source.run, source.phase, source.run, source.phase, source.run, source.phase, run, name])
        }
    }
}

/// Listing and pruning (`admf store ls`, `admf store prune`).
extension RunStore {
    /// One phase of a run as `admf store ls` shows it.
    public struct StoredPhase: Sendable {
        public var name: String
        public var type: String
        public var status: String
        public var key: String?
        public var reusedFrom: String?
        public var finishedAt: Double?
        /// Bytes of its artifacts and trials.
        public var bytes: Int
    }

    /// Every run (newest first) with its phases in order.
    public func listing() throws -> [(run: RunRecord, phases: [StoredPhase])] {
        try read("list store") { db in
            let runs = try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY created_at DESC, id").map {
                RunRecord(id: $0["id"], workflowName: $0["workflow_name"], configHash: $0["config_hash"], dataHash: $0["data_hash"],
                          createdAt: $0["created_at"])
            }
            return try runs.map { run in
                let phases = try Row.fetchAll(db, sql: """
                    SELECT p.name, p.type, p.status, p.cache_key, p.reused_from, p.finished_at,
                      COALESCE((SELECT SUM(LENGTH(json) + COALESCE(LENGTH(lineage), 0)) FROM artifact a WHERE a.run = p.run AND a.phase = p.name), 0)
                      + COALESCE((SELECT SUM(LENGTH(parameters) + LENGTH(metrics) + 24) FROM trial t WHERE t.run = p.run AND t.phase = p.name), 0) AS bytes
                    FROM phase p WHERE p.run = ? ORDER BY p.position
                    """, arguments: [run.id]).map {
                    StoredPhase(name: $0["name"], type: $0["type"], status: $0["status"], key: $0["cache_key"], reusedFrom: $0["reused_from"],
                                finishedAt: $0["finished_at"], bytes: $0["bytes"] ?? 0)
                }
                return (run, phases)
            }
        }
    }

    /// The runs `prune` removes: all but the newest run of each workflow name (the runs of one
    /// config across its edits share its name). A reused result is a copy, so the kept runs
    /// need nothing from the removed ones.
    public func prunable() throws -> [RunRecord] {
        var newest: Set<String> = []
        var removed: [RunRecord] = []
        for (run, _) in try listing() {  // newest first
            if newest.insert(run.workflowName).inserted { continue }
            removed.append(run)
        }
        return removed
    }

    /// Removes `runs` and everything stored for them, in one transaction, then compacts the file.
    public func remove(runs: [String]) throws {
        try write("prune runs") { db in
            for run in runs {
                for table in ["artifact", "trial", "event", "live_journal", "live_order", "live_command", "live_status",
                              "phase_progress", "executor_status", "phase"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE run = ?", arguments: [run])
                }
                try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [run])
            }
        }
        do {
            try queue.vacuum()
        } catch {
            throw StoreError(path: path, operation: "compact after pruning", reason: "\(error)")
        }
    }
}
