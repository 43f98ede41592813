import Foundation
import GRDB

/// A live session's durable records (schema `v4-live`): the journal it replays after a crash,
/// the orders it sent, the operator's commands and its latest status. Each call is one
/// transaction. Payloads are JSON written by the caller.
extension RunStore {
    /// The journal of `phase`, in order: (kind, payload).
    public func liveRecords(run: String, phase: String) throws -> [(kind: String, payload: String)] {
        try read("read the live journal") { db in
            try Row.fetchAll(db, sql: "SELECT kind, payload FROM live_journal WHERE run = ? AND phase = ? ORDER BY seq",
                             arguments: [run, phase]).map { ($0["kind"], $0["payload"]) }
        }
    }

    /// Appends one journal record (committed when this returns).
    public func appendLiveRecord(run: String, phase: String, kind: String, payload: String) throws {
        try write("append to the live journal") { db in
            let next = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), -1) + 1 FROM live_journal WHERE run = ? AND phase = ?",
                                        arguments: [run, phase]) ?? 0
            try db.execute(sql: "INSERT INTO live_journal (run, phase, seq, kind, payload) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run, phase, next, kind, payload])
        }
    }

    /// Appends several records of one kind to the journal in one transaction, in order.
    public func appendLiveRecords(run: String, phase: String, kind: String, payloads: [String]) throws {
        guard !payloads.isEmpty else { return }
        try write("append to the live journal") { db in
            var next = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), -1) + 1 FROM live_journal WHERE run = ? AND phase = ?",
                                        arguments: [run, phase]) ?? 0
            for payload in payloads {
                try db.execute(sql: "INSERT INTO live_journal (run, phase, seq, kind, payload) VALUES (?, ?, ?, ?, ?)",
                               arguments: [run, phase, next, kind, payload])
                next += 1
            }
        }
    }

    /// Records an order before it is sent; false (and `repeats` + 1) when its id is known.
    public func recordLiveOrder(run: String, phase: String, clientID: String, payload: String) throws -> Bool {
        try write("record a live order") { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM live_order WHERE run = ? AND phase = ? AND client_id = ?",
                                 arguments: [run, phase, clientID]) != nil {
                try db.execute(sql: "UPDATE live_order SET repeats = repeats + 1 WHERE run = ? AND phase = ? AND client_id = ?",
                               arguments: [run, phase, clientID])
                return false
            }
            let next = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM live_order WHERE run = ? AND phase = ?", arguments: [run, phase]) ?? 0
            try db.execute(sql: "INSERT INTO live_order (run, phase, client_id, seq, payload) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run, phase, clientID, next, payload])
            return true
        }
    }

    /// The orders of `phase` in the order they were first sent: (client id, payload, repeats).
    public func liveOrders(run: String, phase: String) throws -> [(clientID: String, payload: String, repeats: Int)] {
        try read("read live orders") { db in
            try Row.fetchAll(db, sql: "SELECT client_id, payload, repeats FROM live_order WHERE run = ? AND phase = ? ORDER BY seq",
                             arguments: [run, phase]).map { ($0["client_id"], $0["payload"], $0["repeats"]) }
        }
    }

    /// Queues an operator command for the session of `phase`.
    public func issueLiveCommand(run: String, phase: String, command: String, at time: Double) throws {
        try write("queue a live command") { db in
            try db.execute(sql: "INSERT INTO live_command (run, phase, command, issued_at) VALUES (?, ?, ?, ?)",
                           arguments: [run, phase, command, time])
        }
    }

    /// The oldest command not yet applied: (sequence, command).
    public func pendingLiveCommand(run: String, phase: String) throws -> (sequence: Int64, command: String)? {
        try read("read live commands") { db in
            try Row.fetchOne(db, sql: "SELECT seq, command FROM live_command WHERE run = ? AND phase = ? AND applied_step IS NULL ORDER BY seq LIMIT 1",
                             arguments: [run, phase]).map { ($0["seq"], $0["command"]) }
        }
    }

    /// Marks a command applied after `step`.
    public func markLiveCommandApplied(sequence: Int64, step: Int) throws {
        try write("apply a live command") { db in
            try db.execute(sql: "UPDATE live_command SET applied_step = ? WHERE seq = ?", arguments: [step, sequence])
        }
    }

    /// Replaces the session's status.
    public func publishLiveStatus(run: String, phase: String, json: String, at time: Double) throws {
        try write("publish live status") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO live_status (run, phase, json, updated_at) VALUES (?, ?, ?, ?)",
                           arguments: [run, phase, json, time])
        }
    }

    /// Every session's status, newest first: (run, phase, json, updated at).
    public func liveStatuses() throws -> [(run: String, phase: String, json: String, updatedAt: Double)] {
        try read("read live status") { db in
            try Row.fetchAll(db, sql: "SELECT run, phase, json, updated_at FROM live_status ORDER BY updated_at DESC, run, phase")
                .map { ($0["run"], $0["phase"], $0["json"], $0["updated_at"]) }
        }
    }

    /// Forgets a phase's live records (a forced rerun of the phase starts a new session).
    public func clearLive(run: String, phase: String) throws {
        try write("clear live records") { db in
            for table in ["live_journal", "live_order", "live_command", "live_status"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE run = ? AND phase = ?", arguments: [run, phase])
            }
        }
    }

    /// The newest artifact `name` of a completed phase of type `phaseType` in any run but
    /// `excluding`: (run, phase, json).
    public func latestArtifact(phaseType: String, name: String, excluding run: String) throws -> (run: String, phase: String, json: String)? {
        try read("find the latest deployment") { db in
            try Row.fetchOne(db, sql: """
                SELECT a.run, a.phase, a.json FROM artifact a JOIN phase p ON p.run = a.run AND p.name = a.phase
                WHERE p.type = ? AND p.status IN ('completed', 'completed_with_warning') AND a.name = ? AND a.run <> ?
                ORDER BY p.finished_at DESC LIMIT 1
                """, arguments: [phaseType, name, run]).map { ($0["run"], $0["phase"], $0["json"]) }
        }
    }
}
