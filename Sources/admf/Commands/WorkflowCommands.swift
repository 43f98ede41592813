import ArgumentParser
import Dashboard
import Foundation
import Reports
import Workflow

/// `admf run CONFIG`: run (or resume) a workflow.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a multi-phase workflow, resuming an interrupted run by itself.",
        discussion: """
            The run store lives under workflow.checkpointing.checkpoint_location (default \
            checkpoints/<config name>/); reports go to reporting.output_path (default reports/). \
            Relative paths are read from the current directory.
            """)

    @Argument(help: "The workflow YAML file.")
    var config: String

    @Option(help: "Run only this phase (its inputs must already be in the store).")
    var phase: String?

    @Option(help: "Re-run this phase and every phase after it.")
    var resumeFrom: String?

    @Option(help: "Upper bound on worker threads for every phase.")
    var workers: Int?

    @Flag(help: "No progress output.")
    var quiet = false

    @Option(help: "Where searches evaluate trials: threads (default), processes (worker processes) or slurm (array jobs); overrides infrastructure.executor and each phase_resources executor.")
    var executor: String?

    @Option(help: "Replay speed of live phases' replayed feeds: a multiple of real time (e.g. 100000), or max for no pacing.")
    var speed: String?

    @Flag(help: "Compute every phase: reuse no stored result, not even this run's own.")
    var noCache = false

    @Flag(help: "Say what would run and what would be reused (admf plan), without running anything.")
    var dryRun = false

    /// `--speed` as a number (`.infinity` for max).
    var replaySpeed: Double? {
        guard let speed else { return nil }
        return speed == "max" ? .infinity : Double(speed)
    }

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
        if let executor, !["threads", "processes", "slurm"].contains(executor) {
            throw ValidationError("--executor must be threads, processes or slurm, got \(executor)")
        }
        if let speed, !(replaySpeed.map { $0 > 0 && !$0.isNaN } ?? false) {
            throw ValidationError("--speed must be a positive multiple of real time or max, got \(speed)")
        }
        if phase != nil && resumeFrom != nil { throw ValidationError("give --phase or --resume-from, not both") }
    }

    func run() throws {
        let document = try WorkflowLoader.load(path: config)
        let plan = try WorkflowPlanner.plan(document, options: .init(workers: workers))
        Interruption.install()
        var options = RunOptions(workers: workers, onlyPhase: phase, resumeFrom: resumeFrom, quiet: quiet)
        options.live = LiveOptions(speed: replaySpeed, connectors: Connectors.factory)
        options.executor = executor
        options.noCache = noCache
        let runner = try WorkflowRunner(plan: plan, options: options)
        if dryRun {
            try PlanCommand.show(runner.dryRun())
            return
        }
        // monitoring.real_time_dashboard: this process serves the dashboard while it runs.
        var dashboard: DashboardServer?
        if plan.document.workflow.monitoring?.realTimeDashboard == true {
            let (store, _, _, path) = try WorkflowRunner.open(plan: plan)
            let data = DashboardData(open: [(path, store)])
            var server = try DashboardServer(data: data, port: 8080)
            do {
                try server.start()
            } catch {
                server.stop()  // 8080 is taken: any free port
                server = try DashboardServer(data: data, port: 0)
                try server.start()
            }
            dashboard = server
            FileHandle.standardError.write(Data("admf: live dashboard at \(server.url) while this run lasts (afterwards: admf serve --store \(path))\n".utf8))
        }
        defer { dashboard?.stop() }
        let summary = try runner.run()
        if !quiet {
            for phase in summary.phases {
                FileHandle.standardError.write(Data("  \(phase.status.padding(toLength: 24, withPad: " ", startingAt: 0)) \(phase.name)\n".utf8))
            }
            if let index = summary.reports.first(where: { $0.hasSuffix("summary.html") }) {
                FileHandle.standardError.write(Data("admf: reports in \(URL(fileURLWithPath: index).deletingLastPathComponent().path)/ (summary.html)\n".utf8))
            }
        }
        emit("run \(summary.runID): \(summary.phases.filter { $0.status.hasPrefix("completed") }.count)/\(summary.phases.count) phases completed")
    }
}

/// `admf plan CONFIG`: what `admf run` would do with each phase, like `snakemake -n`.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Say which phases a run would compute, which it would reuse from the store, and why — running nothing.",
        discussion: """
            A phase is reused when a result with the same key is stored — in any run of the same             store: the key covers the phase's configuration, its inputs' keys, the data, the seed             and the code version. Nothing is written.
            """)

    @Argument(help: "The workflow YAML file.")
    var config: String

    @Option(help: "Plan as if run with --resume-from NAME.")
    var resumeFrom: String?

    @Flag(help: "Plan as if run with --no-cache.")
    var noCache = false

    func run() throws {
        let plan = try WorkflowPlanner.plan(try WorkflowLoader.load(path: config))
        var options = RunOptions(resumeFrom: resumeFrom, quiet: true)
        options.noCache = noCache
        try Self.show(WorkflowRunner(plan: plan, options: options).dryRun())
    }

    static func show(_ result: (runID: String, store: String, phases: [(name: String, type: String, key: String, decision: PhaseDecision)])) {
        let here = FileManager.default.currentDirectoryPath + "/"
        emit("run \(result.runID) (store \(result.store.hasPrefix(here) ? String(result.store.dropFirst(here.count)) : result.store))")
        let width = result.phases.map(\.name.count).max() ?? 0
        var counts = (done: 0, reuse: 0, run: 0)
        for phase in result.phases {
            let name = phase.name.padding(toLength: width, withPad: " ", startingAt: 0)
            switch phase.decision {
            case .done:
                counts.done += 1
                emit("  done    \(name)  already completed in this run")
            case .reuse(let run):
                counts.reuse += 1
                emit("  reuse   \(name)  from run \(run)")
            case .run(let reason):
                counts.run += 1
                emit("  run     \(name)  \(reason)")
            }
        }
        emit("\(counts.run) to run, \(counts.reuse) to reuse, \(counts.done) done")
    }
}

/// `admf validate CONFIG`: check a workflow without running it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a workflow: schema, phase types and configs, the phase graph, data availability.")

    @Argument(help: "The workflow YAML file.")
    var config: String

    func run() throws {
        let document = try WorkflowLoader.load(path: config)
        let plan = try WorkflowPlanner.plan(document)
        for warning in plan.warnings { warn(warning) }
        let phases = plan.allPhases
        // What `run` would refuse once it has the bars: dates outside the data, windows that do not fit.
        if !phases.isEmpty, let data = try WorkflowPlanner.loadData(plan) {
            try WorkflowPlanner.checkData(plan, data: data)
        }
        if phases.isEmpty {
            emit("\(config): valid (settings only: no phases to run)")
            return
        }
        emit("\(config): valid — \(phases.count) phase(s): " + phases.map { "\($0.name) (\($0.type))" }.joined(separator: " → "))
        for phase in phases {
            for (alias, primary) in phase.aliases {
                emit("  \(phase.name).\(alias) is an alias of \(phase.name).\(primary) (\(phase.type) defines no output '\(alias)')")
            }
        }
    }
}

/// `admf outputs CONFIG [PHASE[.OUTPUT]]`: print stored outputs.
struct OutputsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outputs",
        abstract: "Print the stored outputs of a workflow's run (results only, no timings).")

    @Argument(help: "The workflow YAML file.")
    var config: String

    @Argument(help: "PHASE or PHASE.OUTPUT to print only that.")
    var selector: String?

    @Flag(help: "Print JSON (byte-for-byte comparable between runs).")
    var json = false

    func run() throws {
        let document = try WorkflowLoader.load(path: config)
        let plan = try WorkflowPlanner.plan(document)
        let value = try WorkflowOutputs.collect(plan: plan, selector: selector)
        if json {
            emit(value.serialized(pretty: true))
        } else {
            emit(OutputsText.render(value))
        }
    }
}

/// A readable, indented rendering of outputs for the terminal.
enum OutputsText {
    static func render(_ value: JSONValue, indent: String = "") -> String {
        switch value {
        case .object(let pairs):
            return pairs.map { key, member in
                switch member {
                case .object, .array: return "\(indent)\(key):\n" + render(member, indent: indent + "  ")
                default: return "\(indent)\(key): \(member.serialized())"
                }
            }.joined(separator: "\n")
        case .array(let items):
            if items.count > 12, items.allSatisfy({ if case .number = $0 { return true }; if case .null = $0 { return true }; return false }) {
                return "\(indent)[\(items.count) values]"
            }
            return items.enumerated().map { index, item in
                switch item {
                case .object, .array: return "\(indent)- [\(index)]\n" + render(item, indent: indent + "  ")
                default: return "\(indent)- \(item.serialized())"
                }
            }.joined(separator: "\n")
        default:
            return indent + value.serialized()
        }
    }
}
