import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

@Suite("Workflow runs: outputs, determinism, resume")
struct WorkflowRunTests {
    @Test("the basic pipeline runs and produces every requested output")
    func basic() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic())
        let summary = try fixture.run()
        #expect(summary.phases.map(\.status) == ["completed", "completed", "completed"])
        let outputs = try fixture.outputs()
        let optimization = try #require(outputs["phases"]?["parameter_optimization"]?["outputs"])
        #expect(optimization["best_parameters"]?["sets"]?.arrayValue?.count == 1)
        #expect(optimization["top_10_parameter_sets"]?["sets"]?.arrayValue?.count == 10)
        // 4 × 4 × 3 = 48 combinations; 3 have fast_period = slow_period = 20 and break fast < slow.
        #expect(optimization["optimization_history"]?["trials"]?.arrayValue?.count == 45)
        #expect(optimization["optimization_results"]?["skipped_by_constraints"]?.doubleValue == 3)
        #expect(optimization["parameter_importance"]?["parameters"]?.arrayValue?.count == 3)
        let validation = try #require(outputs["phases"]?["validation"]?["outputs"]?["validation_results"])
        #expect(validation["segment"]?.stringValue == "test")
        #expect(validation["costs"]?["commission_bps"]?.doubleValue == 1)
        let risk = try #require(outputs["phases"]?["performance_analysis"]?["outputs"]?["risk_assessment"])
        #expect(risk["monte_carlo"]?["paths"]?.doubleValue == 200)
        // Reports: summary, one page per phase, JSON for every output and CSV for tables.
        for file in ["summary.html", "parameter_optimization.html", "performance_analysis.html", "validation.html",
                     "analytics.html", "parameter_optimization/best_parameters.json", "validation/validation_results.json"] {
            #expect(FileManager.default.fileExists(atPath: fixture.reports.appendingPathComponent(file).path), "missing \(file)")
        }
        let html = try String(contentsOf: fixture.reports.appendingPathComponent("parameter_optimization.html"), encoding: .utf8)
        #expect(html.contains("<svg"))
        // The summary shows headline outputs through the designed views: the best set as a
        // ranked row with its parameters on one line, no flattened dotted columns.
        let page = try String(contentsOf: fixture.reports.appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(page.contains("parameter_optimization.best_parameters"))
        #expect(page.contains("fast_period "), "parameters on one line")
        #expect(!page.contains("sets.0."), "no flattened column names")
    }

    @Test("the best parameters really are the best of the history")
    func bestIsBest() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic())
        try fixture.run()
        let history = try fixture.outputs("parameter_optimization.optimization_history")
        let values = history["trials"]?.arrayValue?.compactMap { $0["objective_value"]?.doubleValue }.filter(\.isFinite) ?? []
        let best = try fixture.outputs("parameter_optimization.best_parameters")["sets"]?.arrayValue?.first?["objective_value"]?.doubleValue
        #expect(best == values.max())
    }

    @Test("--workers 1 and --workers 2 give identical outputs, byte for byte")
    func workerCountIndependence() throws {
        let one = try WorkflowFixture(WorkflowFixture.basic())
        let two = try WorkflowFixture(WorkflowFixture.basic())
        try one.run(workers: 1)
        try two.run(workers: 2)
        #expect(try one.outputs().serialized() == two.outputs().serialized())
        // The deterministic reports are identical too (analytics hold timings and are excluded).
        for file in ["summary.html", "parameter_optimization.html", "performance_analysis.html", "validation.html",
                     "parameter_optimization/optimization_history.json"] {
            let a = try Data(contentsOf: one.reports.appendingPathComponent(file))
            let b = try Data(contentsOf: two.reports.appendingPathComponent(file))
            #expect(a == b, "\(file) differs between worker counts")
        }
    }

    @Test("running again resumes: completed phases are not re-run and outputs do not change")
    func rerunIsResume() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic())
        try fixture.run()
        let first = try fixture.outputs().serialized()
        let second = try fixture.run()
        #expect(second.phases.allSatisfy { $0.status == "completed" })
        #expect(try fixture.outputs().serialized() == first)
    }

    @Test("--phase runs one phase and needs its inputs in the store")
    func onlyPhase() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic())
        do {
            try fixture.run(onlyPhase: "validation")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("run phase 'parameter_optimization' first"))
        }
        try fixture.run(onlyPhase: "parameter_optimization")
        #expect(try fixture.status("parameter_optimization") == "completed")
        #expect(try fixture.status("validation") == "pending")
        try fixture.run(onlyPhase: "validation")
        #expect(try fixture.status("validation") == "completed")
        #expect(try fixture.status("performance_analysis") == "pending")
    }

    @Test("--resume-from re-runs that phase and the ones after it, with the same results")
    func resumeFrom() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic())
        try fixture.run()
        let before = try fixture.outputs().serialized()
        try fixture.run(resumeFrom: "performance_analysis")
        #expect(try fixture.outputs().serialized() == before)
    }

    @Test("random search draws the same trials from the same seed")
    func randomSearchDeterminism() throws {
        let yaml = WorkflowFixture.basic(optimization: """
                  fast_period: [3, 30]
                  slow_period: [20, 120]
                  signal_threshold: [0.0, 0.05]
        """).replacingOccurrences(of: "method: \"grid\"", with: "method: \"random\"\n        n_trials: 40")
        let a = try WorkflowFixture(yaml)
        let b = try WorkflowFixture(yaml)
        try a.run(workers: 2)
        try b.run(workers: 1)
        let history = try a.outputs("parameter_optimization.optimization_history")
        #expect(history["trials"]?.arrayValue?.count == 40)
        #expect(try a.outputs().serialized() == b.outputs().serialized())
    }
}
