import Foundation
import Live
import Reports
import Store

/// `admf live status|pause|resume|stop CONFIG`: see and steer the live sessions of a
/// workflow's run through its run store — the running session reads the commands between bars
/// (a paused session holds its feed until `resume` or `stop`).
public enum LiveControl {
    /// One session's latest status.
    public struct Status: Sendable {
        public var phase: String
        public var json: JSONValue
        public var updatedAt: Double
    }

    /// The statuses of the run's live phases, in workflow order.
    public static func status(plan: WorkflowPlan) throws -> [Status] {
        let (store, runID, _, _) = try WorkflowRunner.open(plan: plan, create: false)
        let order = plan.allPhases.map(\.name)
        return try store.liveStatuses().filter { $0.run == runID }
            .map { row in
                // The order journal: each client id once, and how many re-submissions after a
                // restart were recognised (and not sent again).
                let orders = try store.liveOrders(run: runID, phase: row.phase)
                let json = try JSONValue.parse(row.json)
                return Status(phase: row.phase, json: .object((json.objectValue ?? []) + [
                    ("orders_sent", .integer(orders.count)),
                    ("orders_recognised_on_restart", .integer(orders.reduce(0) { $0 + $1.repeats })),
                ]), updatedAt: row.updatedAt)
            }
            .sorted { (order.firstIndex(of: $0.phase) ?? .max) < (order.firstIndex(of: $1.phase) ?? .max) }
    }

    /// Queues `command` (pause, resume, stop) for `phase`, or for the run's one running or
    /// paused session when `phase` is nil. Returns the phase it was sent to.
    @discardableResult
    public static func send(_ command: String, plan: WorkflowPlan, phase: String?) throws -> String {
        guard let parsed = OperatorCommand(rawValue: command), [.pause, .resume, .stop].contains(parsed) else {
            throw WorkflowError("unknown live command '\(command)' (pause, resume, stop)")
        }
        let (store, runID, _, _) = try WorkflowRunner.open(plan: plan, create: false)
        let live = plan.allPhases.filter { [LiveSimulationPhase.typeName, LiveTradingPhase.typeName].contains($0.type) }.map(\.name)
        guard !live.isEmpty else { throw WorkflowError("\(plan.document.file) has no live phase (live_simulation, live_trading)") }
        let target: String
        if let phase {
            guard live.contains(phase) else {
                throw WorkflowError("'\(phase)' is not a live phase of \(plan.document.file) (live phases: \(live.joined(separator: ", ")))")
            }
            target = phase
        } else {
            let active = try status(plan: plan).filter { ["running", "paused"].contains($0.json["state"]?.stringValue ?? "") }
            guard active.count == 1, let only = active.first else {
                throw WorkflowError(active.isEmpty ? "no live session of this run is running or paused"
                                    : "several sessions are active (\(active.map(\.phase).joined(separator: ", "))): name one with --phase")
            }
            target = only.phase
        }
        try store.issueLiveCommand(run: runID, phase: target, command: parsed.rawValue, at: Date().timeIntervalSince1970)
        return target
    }
}
