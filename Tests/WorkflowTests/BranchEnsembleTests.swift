import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

/// An ensemble that joins research branches (the specification's `convergence_phase`): its
/// members are a walk-forward's out-of-sample stream and parameter sets chosen on the train
/// split, it is evaluated only where every member is out of sample, hierarchical voting groups
/// by branch, and the branches' contributions are reported.
@Suite("Ensemble of research branches")
struct BranchEnsembleTests {
    static func yaml(ensemble: String = "{ensemble_method: hierarchical_voting, cross_validation: true}", end: String = "2022-12-31") -> String {
        """
        workflow:
          seed: 5
          checkpointing: {checkpoint_location: "CHECKPOINTS"}
          parallel_phases:
            trend:
              phases:
                - name: opt_a
                  type: optimization
                  config:
                    strategies: [momentum, sma_crossover]
                    optimization: {method: random, n_trials: 16, parameters: {fast_period: [5, 30], slow_period: [40, 150]}}
                  outputs: [top_3_strategies]
                - name: wf_a
                  type: walk_forward
                  inputs: ["opt_a.top_3_strategies"]
                  config: {walk_forward: {train_period_days: 252, test_period_days: 63}}
                  outputs: [results]
            reversal:
              phases:
                - name: opt_b
                  type: optimization
                  config:
                    strategies: [mean_reversion]
                    optimization: {method: random, n_trials: 12, parameters: {lookback_period: [5, 40]}}
                  outputs: [best_parameters]
          convergence_phase:
            name: joined
            type: ensemble_optimization
            inputs: ["trend.wf_a.results", "reversal.opt_b.best_parameters"]
            config: \(ensemble)
            outputs: [ensemble_weights, ensemble_performance_metrics, ensemble_contribution_analysis]
        data: {symbols: ["SPY", "TLT"], path: "DATA", start_date: "2016-01-01", end_date: "\(end)"}
        reporting: {output_path: "REPORTS"}
        """
    }

    @Test("evaluated only where every member is out of sample; voting by branch; branch contributions; cross-validation folds")
    func joined() throws {
        let fixture = try WorkflowFixture(Self.yaml())
        let summary = try fixture.run(workers: 2)
        #expect(summary.phases.allSatisfy { $0.status == "completed" }, "\(summary.phases)")
        let phases = try #require(try fixture.outputs()["phases"])
        let windows = try #require(phases["wf_a"]?["outputs"]?["results"]?["windows"]?.arrayValue)
        let firstTest = try #require(windows.first?["test_start"]?.stringValue)
        let outputs = try #require(phases["joined"]?["outputs"])
        let performance = try #require(outputs["ensemble_performance_metrics"])
        let evaluated = try #require(performance["evaluated_on"]?.stringValue)
        let start = String(evaluated.prefix(10))
        // the walk-forward stream starts at its first test bar; the optimised set after the train split
        #expect(start >= firstTest)
        let members = try #require(performance["branch_members"]?.arrayValue)
        let fromDates = members.compactMap { $0["out_of_sample_from"]?.stringValue }
        #expect(start == fromDates.max())
        #expect(members.first?["strategy"]?.stringValue == "walk_forward:wf_a")
        let methods = try #require(performance["methods"]?.arrayValue)
        #expect(methods.first?["sample"]?.stringValue == "out_of_sample", "voting over out-of-sample streams fits nothing")
        #expect(methods.first?["cross_validation"]?["objective_by_fold"]?.arrayValue?.count == 5)
        let branches = try #require(performance["branches"]?.arrayValue)
        #expect(branches.compactMap { $0["branch"]?.stringValue } == ["trend", "reversal"])
        let ensembleObjective = try #require(methods.first?["objective_value"]?.doubleValue)
        for branch in branches {
            #expect(branch["weight_share"]?.doubleValue == 0.5)
            let without = try #require(branch["objective_without"]?.doubleValue)
            #expect(branch["contribution"]?.doubleValue == ensembleObjective - without)
        }
        #expect(outputs["ensemble_contribution_analysis"]?["branches"]?.arrayValue?.count == 2)
        let page = try String(contentsOf: fixture.reports.appendingPathComponent("joined.html"), encoding: .utf8)
        #expect(page.contains("reversal"))
    }

    @Test("a branch member's stream is the selected strategy's signals in each test window")
    func walkForwardStream() throws {
        // With one walk-forward member alone, voting reproduces the sign of its stream; the
        // ensemble of that single branch must then match the stitched selections' own signals.
        let fixture = try WorkflowFixture(Self.yaml().replacingOccurrences(of: "inputs: [\"trend.wf_a.results\", \"reversal.opt_b.best_parameters\"]",
                                                                          with: "inputs: [\"trend.wf_a.results\"]"))
        try fixture.run()
        let outputs = try #require(try fixture.outputs()["phases"])
        let windows = try #require(outputs["wf_a"]?["outputs"]?["results"]?["windows"]?.arrayValue)
        let performance = try #require(outputs["joined"]?["outputs"]?["ensemble_performance_metrics"])
        #expect(performance["evaluated_on"]?.stringValue?.hasPrefix(windows.first?["test_start"]?.stringValue ?? "?") == true)
        #expect(performance["evaluated_on"]?.stringValue?.hasSuffix(windows.last?["test_end"]?.stringValue ?? "?") == true)
    }

    @Test("config errors: data_split does not apply; too few common out-of-sample bars")
    func errors() throws {
        let split = try WorkflowFixture(Self.yaml(ensemble: "{ensemble_method: voting, data_split: test}"))
        let error = try #require(throws: (any Error).self) { try split.run() }
        #expect("\(error)".contains("data_split does not apply"))
        // one test window (cut short by the end of the data) after 252 training bars: about 40 common bars
        let short = try WorkflowFixture(Self.yaml(end: "2017-02-28").replacingOccurrences(of: "test_period_days: 63", with: "test_period_days: 40"))
        let failure = try #require(throws: (any Error).self) { try short.run() }
        #expect("\(failure)".contains("fewer than 60 common out-of-sample bars"), "\(failure)")
    }
}
