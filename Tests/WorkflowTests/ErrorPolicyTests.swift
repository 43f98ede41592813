import ADMFTestSupport
import Foundation
import Reports
import Store
import Testing
import Workflow

@Suite("Error policies: each fault injected end to end")
struct ErrorPolicyTests {
    typealias Fault = FaultInjection.Fault

    static func policies(_ phase: String, _ lines: [String]) -> String {
        "    phase_error_policies:\n      \(phase):\n" + lines.map { "        \($0)\n" }.joined()
    }

    static func global(_ lines: [String]) -> String {
        "    global_error_policy:\n" + lines.map { "      \($0)\n" }.joined()
    }

    /// More trials than one checkpoint batch (64), so a budget can run out between batches.
    static let largeGrid = """
                  fast_period: [5, 8, 10, 12, 15, 20]
                  slow_period: [25, 30, 40, 50, 60, 80]
                  signal_threshold: [0.0, 0.01, 0.02, 0.05]
        """

    func events(_ fixture: WorkflowFixture) throws -> [EventRecord] {
        let (store, run, _, _) = try WorkflowRunner.open(plan: try fixture.plan())
        return try store.events(run: run)
    }

    @Test("on_failure: retry recovers from a failing first attempt")
    func retry() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic(
            policies: Self.policies("parameter_optimization", ["on_failure: retry", "max_retries: 2"])))
        try fixture.run(faults: [Fault(phase: "parameter_optimization", kind: .error, times: 2)])
        #expect(try fixture.status("parameter_optimization") == "completed")
        #expect(try fixture.status("validation") == "completed")
        #expect(try events(fixture).filter { $0.kind == "failure" }.count == 2)
    }

    @Test("retries exhausted, fallback_method: reduced_parameter_space runs a smaller search")
    func fallback() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic(
            policies: Self.policies("parameter_optimization",
                                    ["on_failure: retry", "max_retries: 2", "fallback_method: reduced_parameter_space"])))
        try fixture.run(faults: [Fault(phase: "parameter_optimization", kind: .error, times: 3)])
        let results = try fixture.outputs("parameter_optimization.optimization_results")
        #expect(results["reduced_parameter_space"]?.boolValue == true)
        // Every other value (first and last kept): fast [5, 15, 20] × slow [20, 40, 50] × threshold [0.01, 0.05].
        #expect((results["trials_planned"]?.doubleValue ?? 0) < 45)
        #expect(try fixture.status("validation") == "completed")
    }

    @Test("abort_workflow stops the run; the next run resumes and completes")
    func abort() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic(
            policies: Self.policies("performance_analysis", ["on_failure: abort_workflow"])))
        #expect(throws: WorkflowAborted.self) {
            try fixture.run(faults: [Fault(phase: "performance_analysis", kind: .error)])
        }
        #expect(try fixture.status("parameter_optimization") == "completed")
        #expect(try fixture.status("performance_analysis") == "failed")
        #expect(try fixture.status("validation") == "pending")
        try fixture.run()
        #expect(try fixture.status("validation") == "completed")
        let clean = try WorkflowFixture(WorkflowFixture.basic())
        try clean.run()
        #expect(try fixture.outputs().serialized() == clean.outputs().serialized())
        // The distribution's designed view: quantiles in a table, the objective as a histogram.
        let distribution = try #require(try clean.outputs()["phases"]?["parameter_optimization"]?["outputs"]?["performance_distribution"])
        let counts = distribution["objective_histogram"]?["counts"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        #expect(counts.count == 20)
        #expect(Int(counts.reduce(0, +)) == Int(distribution["objective_value"]?["finite"]?.doubleValue ?? -1))
        let page = try String(contentsOf: clean.reports.appendingPathComponent("parameter_optimization.html"), encoding: .utf8)
        #expect(page.contains("Trials by") && page.contains("performance_distribution: quantiles"))
    }

    @Test("continue_with_warning keeps going; phases needing the missing output are skipped")
    func continueWithWarning() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic(
            policies: Self.policies("parameter_optimization", ["on_failure: continue_with_warning"])))
        let summary = try fixture.run(faults: [Fault(phase: "parameter_optimization", kind: .error)])
        #expect(try fixture.status("parameter_optimization") == "completed_with_warning")
        #expect(try fixture.status("performance_analysis") == "skipped")
        #expect(try fixture.status("validation") == "skipped")
        #expect(summary.warnings.contains { $0.contains("continue_with_warning") })
    }

    @Test("critical: true aborts even under continue_with_warning")
    func critical() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic(
            policies: Self.policies("validation", ["on_failure: continue_with_warning", "critical: true"])))
        #expect(throws: WorkflowAborted.self) {
            try fixture.run(faults: [Fault(phase: "validation", kind: .error)])
        }
        #expect(try fixture.status("validation") == "failed")
    }

    @Test("timeout_action: save_partial_results keeps the trials done before the budget ran out")
    func timeoutPartial() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic(global: Self.global(["timeout_action: save_partial_results"]),
                                                                optimization: Self.largeGrid))
        try fixture.run(workers: 1, faults: [Fault(phase: "parameter_optimization", kind: .timeout)])
        #expect(try fixture.status("parameter_optimization") == "completed_with_warning")
        let results = try fixture.outputs("parameter_optimization.optimization_results")
        #expect(results["partial"]?.boolValue == true)
        let evaluated = results["trials_evaluated"]?.doubleValue ?? 0
        #expect(evaluated > 0 && evaluated < (results["trials_planned"]?.doubleValue ?? 0))
        #expect(try fixture.status("validation") == "completed")
    }

    @Test("timeout_action: abort fails the phase and the workflow")
    func timeoutAbort() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic(global: Self.global(["timeout_action: abort"]),
                                                                optimization: Self.largeGrid))
        #expect(throws: WorkflowAborted.self) {
            try fixture.run(workers: 1, faults: [Fault(phase: "parameter_optimization", kind: .timeout)])
        }
    }

    @Test("resource_exhaustion: graceful_degradation lowers the workers and finishes")
    func memoryDegradation() throws {
        let yaml = WorkflowFixture.basic(global: Self.global(["resource_exhaustion: graceful_degradation"]))
            + "\ninfrastructure:\n  phase_resources:\n    parameter_optimization:\n      max_workers: 2\n      memory_limit_gb: 4\n"
        let fixture = try WorkflowFixture(yaml)
        let summary = try fixture.run(faults: [Fault(phase: "parameter_optimization", kind: .memory)])
        #expect(try fixture.status("parameter_optimization") == "completed_with_warning")
        #expect(summary.warnings.contains { $0.contains("continued with 1 worker") })
        let clean = try WorkflowFixture(WorkflowFixture.basic())
        try clean.run()
        #expect(try fixture.outputs("parameter_optimization.best_parameters").serialized()
                == clean.outputs("parameter_optimization.best_parameters").serialized())
    }

    @Test("resource_exhaustion: abort fails the phase over its memory limit")
    func memoryAbort() throws {
        let yaml = WorkflowFixture.basic(global: Self.global(["resource_exhaustion: abort"]))
            + "\ninfrastructure:\n  phase_resources:\n    parameter_optimization:\n      memory_limit_gb: 4\n"
        let fixture = try WorkflowFixture(yaml)
        #expect(throws: WorkflowAborted.self) {
            try fixture.run(faults: [Fault(phase: "parameter_optimization", kind: .memory)])
        }
    }

    @Test("unexpected_error: checkpoint_and_abort keeps completed work and aborts")
    func unexpected() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic(
            policies: Self.policies("validation", ["on_failure: continue_with_warning"]),
            global: Self.global(["unexpected_error: checkpoint_and_abort"])))
        #expect(throws: WorkflowAborted.self) {
            try fixture.run(faults: [Fault(phase: "validation", kind: .unexpected)])
        }
        #expect(try fixture.status("parameter_optimization") == "completed")
        #expect(try events(fixture).contains { $0.kind == "unexpected_error" })
    }
}
