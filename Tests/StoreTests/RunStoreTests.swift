import ADMFTestSupport
import Foundation
import Store
import Testing

@Suite("Run store: phases, trials, artifacts, events")
struct RunStoreTests {
    func store() throws -> RunStore {
        try RunStore(path: try RepositoryPaths.temporaryDirectory("admf-store").appendingPathComponent("run.sqlite").path)
    }

    @Test("a run is created once; phases keep their declared order and state")
    func phases() throws {
        let store = try store()
        let run = RunRecord(id: "r1", workflowName: "w", configHash: "c", dataHash: "d", createdAt: 1)
        try store.beginRun(run)
        #expect(try store.beginRun(RunRecord(id: "r1", workflowName: "other", configHash: "x", dataHash: "y", createdAt: 2)).workflowName == "w")
        try store.declarePhases(run: "r1", phases: [("b", "optimization"), ("a", "backtest")])
        try store.startPhase(run: "r1", name: "b", at: 10)
        try store.completePhase(run: "r1", name: "b", artifacts: [
            ArtifactRecord(phase: "b", name: "z", kind: "metrics", json: "{}"),
            ArtifactRecord(phase: "b", name: "y", kind: "table", json: "[]"),
        ], at: 11, workers: 2)
        let phases = try store.phases(run: "r1")
        #expect(phases.map(\.name) == ["b", "a"])
        #expect(phases[0].status == .completed && phases[0].attempts == 1 && phases[0].workers == 2)
        #expect(phases[1].status == .pending)
        #expect(try store.artifacts(run: "r1").map(\.name) == ["y", "z"])
        try store.resetPhases(run: "r1", names: ["b"])
        #expect(try store.phase(run: "r1", name: "b")?.status == .pending)
        #expect(try store.artifacts(run: "r1").isEmpty)
    }

    @Test("trials round-trip, NaN objectives included, and survive reopening")
    func trials() throws {
        let directory = try RepositoryPaths.temporaryDirectory("admf-store")
        let path = directory.appendingPathComponent("run.sqlite").path
        do {
            let store = try RunStore(path: path)
            try store.beginRun(RunRecord(id: "r", workflowName: "w", configHash: "c", dataHash: "d", createdAt: 0))
            try store.declarePhases(run: "r", phases: [("p", "optimization")])
            try store.saveTrials(run: "r", phase: "p", [
                TrialRecord(index: 1, parameters: "{\"a\":1}", objective: 0.5, metrics: "{}"),
                TrialRecord(index: 0, parameters: "{\"a\":0}", objective: .nan, metrics: "{}", status: "failed"),
            ])
        }
        let reopened = try RunStore(path: path)
        let trials = try reopened.trials(run: "r", phase: "p")
        #expect(trials.map(\.index) == [0, 1])
        #expect(trials[0].objective.isNaN && trials[0].status == "failed")
        #expect(trials[1].objective == 0.5)
        #expect(try reopened.trialCount(run: "r", phase: "p") == 2)
        try reopened.log(run: "r", phase: "p", kind: "note", message: "hello", at: 3)
        #expect(try reopened.events(run: "r").map(\.message) == ["hello"])
    }

    @Test("an unwritable location is an error naming the path")
    func unwritable() {
        do {
            _ = try RunStore(path: "/proc/admf-cannot-write/run.sqlite")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("/proc/admf-cannot-write/run.sqlite"))
        }
    }

    /// `admf run` creates a store while `admf live status` or `admf serve` opens it: both find
    /// no schema and migrate. The loser must see the winner's tables, not fail on "table exists".
    @Test("several connections opening one new store at once all succeed (migration race)")
    func concurrentCreation() throws {
        for _ in 0..<12 {
            let path = try RepositoryPaths.temporaryDirectory("admf-store-race").appendingPathComponent("run.sqlite").path
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { _ = try RunStore(path: path) } catch { failures.add("\(error)") }
            }
            #expect(failures.all.isEmpty, "\(failures.all)")
        }
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
