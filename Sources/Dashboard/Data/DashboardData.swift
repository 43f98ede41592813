import Foundation
import Reports
import Store

/// What the dashboard shows, read from run stores (never written): runs, phases with status,
/// timings and search progress, events, live sessions, trials.
public final class DashboardData: @unchecked Sendable {
    private let lock = NSLock()
    private var open: [String: (inode: UInt64, store: RunStore)] = [:]
    private let paths: [String]
    private let directory: String?

    /// `paths`: run store files (`run.sqlite`); `directory`: a folder searched for more at every
    /// request, so runs started after the dashboard appear.
    public init(stores paths: [String], directory: String? = nil) throws {
        self.paths = paths
        self.directory = directory
        _ = try stores
    }

    /// Stores already open (`admf run` serving its own run).
    public init(open stores: [(path: String, store: RunStore)]) {
        paths = stores.map(\.path)
        directory = nil
        for (path, store) in stores { open[path] = (Self.inode(path), store) }
    }

    private static func inode(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    /// The stores, opened on first use and opened again when their file was replaced.
    private var stores: [(path: String, store: RunStore)] {
        get throws {
            let all = Array(Set(paths + (directory.map(Self.stores(under:)) ?? []))).sorted()
            return try lock.withLock {
                try all.compactMap { path in
                    let inode = Self.inode(path)
                    guard inode != 0 else { return nil }
                    if let cached = open[path], cached.inode == inode { return (path, cached.store) }
                    let store = try RunStore(path: path)
                    open[path] = (inode, store)
                    return (path, store)
                }
            }
        }
    }

    /// The run stores under `directory` (any `run.sqlite` up to three levels down), sorted.
    public static func stores(under directory: String) -> [String] {
        var found: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        while let entry = walker.nextObject() as? String {
            if entry.split(separator: "/").count > 4 { walker.skipDescendants(); continue }
            if entry.hasSuffix("run.sqlite") { found.append("\(directory)/\(entry)") }
        }
        return found.sorted()
    }

    private func store(of run: String) throws -> (String, RunStore)? {
        for (path, store) in try stores where try store.runs().contains(where: { $0.id == run }) { return (path, store) }
        return nil
    }

    /// `[{id, workflow, store, created, phases, completed, running, failed}]`, newest first.
    public func runs() throws -> JSONValue {
        var rows: [(Double, JSONValue)] = []
        for (path, store) in try stores {
            for run in try store.runs() {
                let phases = try store.phases(run: run.id)
                func count(_ status: String) -> Int { phases.filter { $0.status.rawValue.hasPrefix(status) }.count }
                rows.append((run.createdAt, .object([
                    ("id", .string(run.id)), ("workflow", .string(run.workflowName)), ("store", .string(path)),
                    ("created", .number(run.createdAt)), ("phases", .integer(phases.count)), ("completed", .integer(count("completed"))),
                    ("running", .integer(count("running"))), ("failed", .integer(count("failed"))),
                ])))
            }
        }
        return .array(rows.sorted { $0.0 > $1.0 }.map(\.1))
    }

    /// One run: its phases (status, timings, workers, progress with ETA, the executor's shards),
    /// the last events and the live sessions' status; nil for an unknown run.
    public func run(_ id: String, now: Double = Date().timeIntervalSince1970) throws -> JSONValue? {
        guard let (path, store) = try store(of: id), let run = try store.runs().first(where: { $0.id == id }) else { return nil }
        let progress = Dictionary(try store.progress(run: id).map { ($0.phase, $0) }, uniquingKeysWith: { a, _ in a })
        let executors = Dictionary(try store.executorStatuses(run: id).map { ($0.phase, $0.json) }, uniquingKeysWith: { a, _ in a })
        let phases: [JSONValue] = try store.phases(run: id).map { phase in
            var pairs: [(String, JSONValue)] = [
                ("name", .string(phase.name)), ("type", .string(phase.type)), ("status", .string(phase.status.rawValue)),
                ("attempts", .integer(phase.attempts)), ("started", .number(phase.startedAt)), ("finished", .number(phase.finishedAt)),
                ("seconds", .number(phase.startedAt.map { (phase.finishedAt ?? now) - $0 })), ("workers", .number(phase.workers.map(Double.init))),
                ("message", phase.message.map { .string($0) } ?? .null),
            ]
            if let p = progress[phase.name] {
                var eta: Double?
                if phase.status == .running, let started = phase.startedAt, p.done > 0, p.planned > p.done {
                    eta = (now - started) / Double(p.done) * Double(p.planned - p.done)
                }
                pairs.append(("progress", .object([("done", .integer(p.done)), ("planned", .integer(p.planned)),
                                                   ("best", .number(p.best)), ("objective", .string(p.objective)),
                                                   ("eta_seconds", .number(eta))])))
            }
            if let json = executors[phase.name], let status = try? JSONValue.parse(json) { pairs.append(("executor", status)) }
            return .object(pairs)
        }
        let events = try store.events(run: id).suffix(30).map { event in
            JSONValue.object([("time", .number(event.time)), ("phase", event.phase.map { .string($0) } ?? .null),
                              ("kind", .string(event.kind)), ("message", .string(event.message))])
        }
        let live = try store.liveStatuses().filter { $0.run == id }.map { status in
            JSONValue.object([("phase", .string(status.phase)), ("status", (try? JSONValue.parse(status.json)) ?? .null)])
        }
        return .object([("id", .string(id)), ("workflow", .string(run.workflowName)), ("store", .string(path)),
                        ("created", .number(run.createdAt)), ("phases", .array(phases)), ("events", .array(events)),
                        ("live", .array(live))])
    }

    /// The trials of a phase: `[{index, status, objective, parameters, metrics}]`.
    public func trials(run: String, phase: String) throws -> JSONValue? {
        guard let (_, store) = try store(of: run) else { return nil }
        return .array(try store.trials(run: run, phase: phase).map { trial in
            .object([("index", .integer(trial.index)), ("status", .string(trial.status)), ("objective", .number(trial.objective)),
                     ("parameters", (try? JSONValue.parse(trial.parameters)) ?? .string(trial.parameters)),
                     ("metrics", (try? JSONValue.parse(trial.metrics)) ?? .null)])
        })
    }

    /// The phase's outputs as the static report shows them (one HTML document, no script); nil
    /// for an unknown run or phase.
    public func phaseReport(run: String, phase: String) throws -> String? {
        guard let (_, store) = try store(of: run), let record = try store.phase(run: run, name: phase) else { return nil }
        let workflow = try store.runs().first { $0.id == run }?.workflowName
        var report = HTMLReport(title: "\(phase) — \(record.type)", subtitle: workflow)
        report.footer = ""
        let outputs = try store.artifacts(run: run, phase: phase).compactMap { artifact in
            (try? JSONValue.parse(artifact.json)).map { PhaseOutputView.Output(name: artifact.name, kind: artifact.kind, value: $0, lineage: artifact.lineage) }
        }
        if outputs.isEmpty {
            report.addParagraph(record.status.rawValue.hasPrefix("completed") ? "This phase stored no outputs." : "No outputs yet: the phase is \(record.status.rawValue).")
        }
        _ = PhaseOutputView.add(outputs, to: &report)
        return report.render()
    }
}
