import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

/// The ensemble_optimization phase type: every method runs, the best by the objective is
/// reported, meta-learning predictions are out of fold, and config errors are located.
@Suite("Ensemble phase")
struct EnsemblePhaseTests {
    static func yaml(_ config: String) -> String {
        """
        workflow: {seed: 9, checkpointing: {checkpoint_location: "CHECKPOINTS"}}
        data: {symbols: ["SPY", "TLT", "GLD"], path: "DATA", start_date: "2016-01-01", end_date: "2021-12-31"}
        phases:
          - name: search
            type: optimization
            config:
              strategies: [momentum, mean_reversion]
              optimization: {method: random, n_trials: 40, parameters: {fast_period: [5, 30], slow_period: [40, 150], lookback_period: [10, 60]}}
            outputs: [top_5_strategies]
          - name: ensemble
            type: ensemble_optimization
            inputs: ["search.top_5_strategies"]
            config:
        \(config)
            outputs: [ensemble_weights, ensemble_performance_metrics, ensemble_contribution_analysis]
        reporting: {output_path: "REPORTS"}
        """
    }

    @Test("all four methods are evaluated; the chosen one has the best objective; cross-validation folds reported")
    func methods() throws {
        let fixture = try WorkflowFixture(Self.yaml("""
                  ensemble_methods: [voting, weighted_average, meta_learning, hierarchical_voting]
                  cross_validation: {folds: 4, embargo: 3}
                  constraints: {max_weight: 0.5}
                  include_transaction_costs: true
            """))
        try fixture.run()
        let outputs = try #require(try fixture.outputs()["phases"]?["ensemble"]?["outputs"])
        let methods = try #require(outputs["ensemble_performance_metrics"]?["methods"]?.arrayValue)
        #expect(methods.compactMap { $0["method"]?.stringValue } == ["voting", "weighted_average", "meta_learning", "hierarchical_voting"])
        let best = methods.compactMap { $0["objective_value"]?.doubleValue }.filter(\.isFinite).max()
        let chosen = outputs["ensemble_performance_metrics"]?["chosen_method"]?.stringValue
        #expect(methods.first { $0["method"]?.stringValue == chosen }?["objective_value"]?.doubleValue == best)
        #expect(methods.first { $0["method"]?.stringValue == "meta_learning" }?["sample"]?.stringValue == "out_of_fold")
        #expect(methods.allSatisfy { $0["cross_validation"]?["objective_by_fold"]?.arrayValue?.count == 4 })
        let weights = outputs["ensemble_weights"]?["members"]?.arrayValue?.compactMap { $0["weight"]?.doubleValue } ?? []
        #expect(abs(weights.reduce(0, +) - 1) <= 1e-9)
    }

    @Test("walk-forward re-fits a method-built ensemble per window on training bars only", arguments: [
        "ensemble_method: weighted_average\n      adaptive_weighting: true\n      adaptive_lookback: 30",
        "ensemble_method: meta_learning\n      cross_validation: {folds: 3, embargo: 2}",
        "ensemble_method: voting\n      market_condition_awareness: true",
    ])
    func walkForward(config: String) throws {
        let yaml = Self.yaml("      " + config).replacingOccurrences(
            of: "outputs: [ensemble_weights, ensemble_performance_metrics, ensemble_contribution_analysis]",
            with: """
            outputs: [ensemble_weights]
              - name: wf
                type: walk_forward
                inputs: ["ensemble.ensemble_weights"]
                config:
                  walk_forward: {train_period_days: 200, test_period_days: 60, step_days: 60}
                  validation_metrics: [performance_consistency, ensemble_weight_stability]
                outputs: [walk_forward_results, ensemble_weight_stability]
            """)
        let fixture = try WorkflowFixture(yaml)
        let summary = try fixture.run(workers: 2)
        #expect(summary.phases.allSatisfy { $0.status == "completed" }, "\(summary.phases)")
        let outputs = try #require(try fixture.outputs()["phases"]?["wf"]?["outputs"])
        let windows = try #require(outputs["walk_forward_results"]?["windows"]?.arrayValue)
        #expect(!windows.isEmpty)
        #expect(windows.allSatisfy { $0["sample"]?.stringValue == "out_of_sample" })
        #expect(outputs["walk_forward_results"]?["validation"]?["ensemble_weight_stability"] != nil)
        // the first test window starts after the bars the members were chosen on (the train split)
        let first = try #require(windows.first?["test_start"]?.stringValue)
        #expect(first > "2020-03-01", "\(first)")
    }

    @Test("config errors name the key", arguments: [
        ("      ensemble_method: stacking", "ensemble_method"),
        ("      ensemble_method: voting\n      adaptive_weighting: true", "adaptive_weighting applies to the weighted_average method"),
        ("      adaptive_lookback: 30", "adaptive_lookback needs adaptive_weighting: true"),
        ("      constraints: {min_weight: 0.6, max_weight: 0.5}", "constraints"),
    ])
    func errors(config: String, expected: String) throws {
        let fixture = try WorkflowFixture(Self.yaml(config))
        do {
            _ = try fixture.plan()
            Issue.record("validated: \(config)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
            #expect("\(error)".contains(".yaml:"), "\(error)")
        }
    }
}
