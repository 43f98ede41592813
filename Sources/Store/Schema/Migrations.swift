import GRDB

/// The versioned schema of the run store (GRDB `DatabaseMigrator`).
///
/// Add a new `registerMigration` for every change; never edit a shipped one.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.primaryKey("id", .text)
                t.column("workflow_name", .text).notNull()
                t.column("config_hash", .text).notNull()
                t.column("data_hash", .text).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "phase") { t in
                t.column("run", .text).notNull().references("run", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("type", .text).notNull()
                t.column("status", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("started_at", .double)
                t.column("finished_at", .double)
                t.column("message", .text)
                t.column("peak_memory_bytes", .integer)
                t.column("workers", .integer)
                t.column("busy_seconds", .double)
                t.primaryKey(["run", "name"])
            }
            try db.create(table: "trial") { t in
                t.column("run", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("idx", .integer).notNull()
                t.column("parameters", .text).notNull()
                t.column("objective", .double)
                t.column("metrics", .text).notNull()
                t.column("status", .text).notNull()
                t.primaryKey(["run", "phase", "idx"])
            }
            try db.create(table: "artifact") { t in
                t.column("run", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("name", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("json", .text).notNull()
                t.primaryKey(["run", "phase", "name"])
            }
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("run", .text).notNull()
                t.column("time", .double).notNull()
                t.column("phase", .text)
                t.column("kind", .text).notNull()
                t.column("message", .text).notNull()
            }
        }
        migrator.registerMigration("v2-lineage") { db in
            // The bars each artifact was produced from (JSON), for the lineage rule.
            try db.alter(table: "artifact") { t in t.add(column: "lineage", .text) }
        }
        migrator.registerMigration("v3-checksum") { db in
            // ArtifactChecksum of each artifact, written with it; verified on every read.
            try db.alter(table: "artifact") { t in t.add(column: "checksum", .text) }
        }
        migrator.registerMigration("v4-live") { db in
            // A live session's journal: each step's bars (before they are acted on) and the
            // operator commands that took effect, in order (``RunStore/appendLiveRecord``).
            try db.create(table: "live_journal") { t in
                t.column("run", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("seq", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("payload", .text).notNull()
                t.primaryKey(["run", "phase", "seq"])
            }
            // Every order a session sent, recorded before sending, once per client order id;
            // `repeats` counts re-submissions recognised after a restart.
            try db.create(table: "live_order") { t in
                t.column("run", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("client_id", .text).notNull()
                t.column("seq", .integer).notNull()
                t.column("payload", .text).notNull()
                t.column("repeats", .integer).notNull().defaults(to: 0)
                t.primaryKey(["run", "phase", "client_id"])
            }
            // Commands from `admf live pause|resume|stop`, applied by the running session.
            try db.create(table: "live_command") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("run", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("command", .text).notNull()
                t.column("issued_at", .double).notNull()
                t.column("applied_step", .integer)
            }
            // The latest status of each session, for `admf live status`.
            try db.create(table: "live_status") { t in
                t.column("run", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("json", .text).notNull()
                t.column("updated_at", .double).notNull()
                t.primaryKey(["run", "phase"])
            }
        }
        migrator.registerMigration("v5-progress") { db in
            // A running search's progress (trials done and planned, best objective so far),
            // for the dashboard; replaced after every checkpointed batch.
            try db.create(table: "phase_progress") { t in
                t.column("run", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("done", .integer).notNull()
                t.column("planned", .integer).notNull()
                t.column("best", .double)
                t.column("objective", .text).notNull()
                t.column("updated_at", .double).notNull()
                t.primaryKey(["run", "phase"])
            }
        }
        migrator.registerMigration("v6-executor-status") { db in
            // Where a phase's searches are running (worker processes, Slurm jobs): shards done,
            // in flight and retried, job ids; for the dashboard, replaced every second.
            try db.create(table: "executor_status") { t in
                t.column("run", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("json", .text).notNull()
                t.column("updated_at", .double).notNull()
                t.primaryKey(["run", "phase"])
            }
        }
        migrator.registerMigration("v7-phase-cache") { db in
            // Each phase result's dependency key (PhaseKey), its parts (to explain a rerun) and,
            // for a result copied from another run, where from. Results are looked up by key.
            try db.alter(table: "phase") { t in
                t.add(column: "cache_key", .text)
                t.add(column: "key_parts", .text)
                t.add(column: "reused_from", .text)
            }
            try db.create(index: "phase_cache_key", on: "phase", columns: ["cache_key"])
        }
        return migrator
    }
}
