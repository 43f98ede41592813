import ArgumentParser
import Foundation
import Store
import Workflow

/// `admf store ls|prune`: what a run store keeps, and removing what no latest run uses.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "List a run store's runs and phases, or prune old runs.",
        subcommands: [List.self, Prune.self])

    /// The store of `config` (its checkpoint_location) or the file `--store` names.
    struct Location: ParsableArguments {
        @Argument(help: "A workflow YAML file (its checkpoint_location's store).")
        var config: String?

        @Option(help: "A run store file (run.sqlite) instead of a config.")
        var store: String?

        func validate() throws {
            if (config == nil) == (store == nil) { throw ValidationError("give a workflow file or --store PATH") }
        }

        func open() throws -> (path: String, store: RunStore) {
            let path: String
            if let store {
                path = store
            } else {
                let plan = try WorkflowPlanner.plan(try WorkflowLoader.load(path: config ?? ""))
                path = URL(fileURLWithPath: plan.checkpointLocation).appendingPathComponent("run.sqlite").path
            }
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("no run store at \(path): nothing has run there yet")
            }
            return (path, try RunStore(path: path))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "Runs (newest first) and their phases: status, key, size, date, where a reused result came from.")

        @OptionGroup var location: Location

        func run() throws {
            let (path, store) = try location.open()
            let listing = try store.listing()
            emit("\(path): \(listing.count) run(s)")
            for (run, phases) in listing {
                emit("run \(run.id)  \(run.workflowName)  \(Self.date(run.createdAt))")
                for phase in phases {
                    let key = phase.key.map { String($0.prefix(12)) } ?? "—"
                    let origin = phase.reusedFrom.map { "  reused from \($0)" } ?? ""
                    emit("  \(phase.name)  \(phase.type)  \(phase.status)  key \(key)  \(Self.size(phase.bytes))  "
                         + "\(phase.finishedAt.map(Self.date) ?? "—")\(origin)")
                }
            }
        }

        static func date(_ time: Double) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.string(from: Date(timeIntervalSince1970: time))
        }

        static func size(_ bytes: Int) -> String {
            bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1e6)
                : bytes >= 1000 ? String(format: "%.1f kB", Double(bytes) / 1e3) : "\(bytes) B"
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Remove every run but the newest of each workflow (by name); --dry-run lists them.",
            discussion: "A reused phase result is a copy, so the newest runs keep everything they use. Captured signal files are kept.")

        @OptionGroup var location: Location

        @Flag(help: "List what would be removed, remove nothing.")
        var dryRun = false

        func run() throws {
            let (path, store) = try location.open()
            let removed = try store.prunable()
            let sizes = Dictionary(try store.listing().map { ($0.run.id, $0.phases.reduce(0) { $0 + $1.bytes }) }, uniquingKeysWith: { a, _ in a })
            for run in removed {
                emit("\(dryRun ? "would remove" : "remove") run \(run.id)  \(run.workflowName)  \(List.date(run.createdAt))  "
                     + List.size(sizes[run.id] ?? 0))
            }
            if removed.isEmpty {
                emit("\(path): nothing to prune (one run per workflow)")
            } else if dryRun {
                emit("\(removed.count) run(s) would be removed; run without --dry-run to remove them")
            } else {
                try store.remove(runs: removed.map(\.id))
                emit("\(removed.count) run(s) removed from \(path)")
            }
        }
    }
}
