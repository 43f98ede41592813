import ArgumentParser
import Foundation
import Reports
import Workflow

/// `admf live status|pause|resume|stop CONFIG`: see and steer a workflow's live sessions.
struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "See and control the live sessions (paper, shadow, rollout) of a workflow's run.",
        subcommands: [Status.self, Pause.self, Resume.self, Stop.self])

    struct Target: ParsableArguments {
        @Argument(help: "The workflow YAML file.")
        var config: String

        @Option(help: "The live phase (default: the run's one running or paused session).")
        var phase: String?

        func plan() throws -> WorkflowPlan {
            try WorkflowPlanner.plan(try WorkflowLoader.load(path: config))
        }

        func send(_ command: String) throws {
            let phase = try LiveControl.send(command, plan: try plan(), phase: phase)
            emit("\(command) sent to \(phase): the session applies it after its current bar")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print each live session's state, equity, allocation, positions and alerts.")
        @OptionGroup var target: Target
        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let statuses = try LiveControl.status(plan: try target.plan())
                .filter { target.phase == nil || $0.phase == target.phase }
            if json {
                emit(JSONValue.object(statuses.map { ($0.phase, $0.json) }).serialized(pretty: true))
                return
            }
            guard !statuses.isEmpty else {
                emit("no live session has run for this configuration and data yet")
                return
            }
            for status in statuses {
                let j = status.json
                let positions = (j["positions"]?.objectValue ?? []).map { "\($0.0) \(JSONValue.format($0.1.doubleValue ?? .nan))" }
                emit("\(status.phase): \(j["state"]?.stringValue ?? "?") — \(JSONValue.format(j["steps"]?.doubleValue ?? 0)) bars to \(j["last_bar"]?.stringValue ?? "-"), "
                     + "equity \(String(format: "%.2f", j["equity"]?.doubleValue ?? .nan)), allocation \(JSONValue.format(j["allocation"]?.doubleValue ?? 0)) (\(j["stage"]?.stringValue ?? "-")), "
                     + "\(JSONValue.format(j["orders_sent"]?.doubleValue ?? 0)) orders sent (\(JSONValue.format(j["open_orders"]?.doubleValue ?? 0)) open), "
                     + "\(JSONValue.format(j["alerts"]?.doubleValue ?? 0)) alerts")
                if !positions.isEmpty { emit("  positions: " + positions.joined(separator: ", ")) }
                if let alert = j["last_alert"]?.stringValue { emit("  last alert: \(alert)") }
            }
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a session after its current bar (it holds the feed).")
        @OptionGroup var target: Target
        func run() throws { try target.send("pause") }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused session.")
        @OptionGroup var target: Target
        func run() throws { try target.send("resume") }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a session after its current bar (positions kept or flattened per on_stop).")
        @OptionGroup var target: Target
        func run() throws { try target.send("stop") }
    }
}
