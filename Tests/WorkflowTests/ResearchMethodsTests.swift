import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

@Suite("Research methods: regimes, TPE, differential evolution, walk-forward, overfitting statistics")
struct ResearchMethodsTests {
    static let yaml = """
        workflow:
          name: "research"
          seed: 99
          checkpointing: {checkpoint_location: "CHECKPOINTS"}
        data:
          symbols: ["IBM", "MSFT"]
          start_date: "2003-03-01"
          end_date: "2013-03-01"
          path: "DATA"
        phases:
          - name: broad
            type: optimization
            config:
              strategies: [momentum, mean_reversion, breakout, pairs_trading]
              optimization:
                method: random
                n_trials: 40
                parameters: {fast_period: [3, 50], slow_period: [10, 200], lookback_period: [5, 100], signal_threshold: [0.001, 0.1]}
            outputs: [top_10_strategies, overfitting_statistics]
          - name: regimes
            type: analysis
            inputs: ["broad.top_10_strategies"]
            config:
              data_split: full
              regime_detection:
                methods: [hmm, k_means, change_point]
                n_regimes: [2, 3]
                features: [volatility, trend, volume, correlation]
              regime_performance_analysis: {strategy_performance_by_regime: true, regime_transition_analysis: true, regime_persistence_analysis: true}
            outputs: [regime_classifications, regime_specific_performance, regime_transition_probabilities]
          - name: per_regime
            type: optimization
            inputs: ["regimes.regime_classifications"]
            config:
              strategies: [momentum]
              optimization:
                method: bayesian
                group_by_regime: true
                n_trials_per_regime: 12
                parameters: {fast_period: [3, 50], slow_period: [20, 200], signal_threshold: {low: 0.001, high: 0.1, log: true}}
            outputs: [regime_optimized_strategies, regime_switching_rules]
          - name: evolution
            type: optimization
            config:
              strategies: [sma_crossover]
              optimization: {method: differential_evolution, n_generations: 4, population_size: 10, parameters: {fast_period: [3, 50], slow_period: [20, 200]}}
            outputs: [best_parameters, top_5_parameter_sets, overfitting_statistics]
          - name: walk_forward
            type: walk_forward
            inputs: ["evolution.top_5_parameter_sets"]
            config:
              walk_forward: {train_period_days: 504, test_period_days: 126, step_days: 126}
              include_transaction_costs: true
            outputs: [walk_forward_results, parameter_evolution, performance_consistency, parameter_stability, overfitting_statistics]
        reporting: {output_path: "REPORTS"}
        """

    @Test("the chain runs end to end, deterministically for any worker count, with every promised output")
    func chain() throws {
        let one = try WorkflowFixture(Self.yaml)
        let two = try WorkflowFixture(Self.yaml)
        try one.run(workers: 1)
        try two.run(workers: 2)
        let outputs = try one.outputs()
        #expect(outputs.serialized() == (try two.outputs()).serialized())
        let phases = try #require(outputs["phases"])
        let classification = try #require(phases["regimes"]?["outputs"]?["regime_classifications"])
        #expect(classification["methods"]?["hmm"]?["scores"]?.objectValue?.count == 2)
        #expect(classification["methods"]?["k_means"] != nil && classification["methods"]?["change_point"] != nil)
        let transitions = try #require(phases["regimes"]?["outputs"]?["regime_transition_probabilities"]?["empirical"]?.arrayValue)
        for row in transitions {
            let sum = row.arrayValue?.compactMap(\.doubleValue).filter(\.isFinite).reduce(0, +) ?? 0
            #expect(abs(sum - 1) < 1e-9 || sum == 0)
        }
        let regimeSets = try #require(phases["per_regime"]?["outputs"]?["regime_optimized_strategies"]?["sets"]?.arrayValue)
        #expect(!regimeSets.isEmpty)
        #expect(regimeSets.allSatisfy { $0["regime"]?.stringValue != nil })
        let windows = try #require(phases["walk_forward"]?["outputs"]?["walk_forward_results"]?["windows"]?.arrayValue)
        #expect(windows.count >= 4)
        #expect(phases["walk_forward"]?["outputs"]?["parameter_evolution"]?["windows"]?.arrayValue?.count == windows.count)
        for phase in ["broad", "evolution", "walk_forward"] {
            let stats = try #require(phases[phase]?["outputs"]?["overfitting_statistics"])
            let psr = stats["psr"]?.doubleValue ?? -1, pbo = stats["pbo"]?.doubleValue ?? -1
            #expect(psr >= 0 && psr <= 1, "\(phase) psr \(psr)")
            #expect(pbo >= 0 && pbo <= 1, "\(phase) pbo \(pbo)")
            #expect(stats["dsr"] != nil)
        }
        let html = try String(contentsOf: one.reports.appendingPathComponent("walk_forward.html"), encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(html.contains("Walk-forward windows") && html.contains("window \(windows.count - 1)"), "the windows' timeline")
        // Designed views: the transition matrix as a heat map, long field names in full (a table,
        // not cards that cut them).
        let regimes = try String(contentsOf: one.reports.appendingPathComponent("regimes.html"), encoding: .utf8)
        #expect(regimes.contains("Fitted transition probabilities") && regimes.contains("Empirical transition frequencies"))
        #expect(regimes.contains("<td>methods.hmm.n_regimes</td>"), "full field names")
    }

    @Test("a model-based search resumes from its checkpointed trials with identical results")
    func resumeModelBased() throws {
        let yaml = """
            workflow:
              name: tpe
              seed: 5
              checkpointing: {checkpoint_location: "CHECKPOINTS"}
              error_handling: {global_error_policy: {timeout_action: abort}}
            data: {symbols: ["IBM"], start_date: "2001-01-01", path: "DATA"}
            phases:
              - name: tpe
                type: optimization
                config:
                  strategies: [momentum]
                  optimization: {method: bayesian, n_trials: 40, parameters: {fast_period: [3, 50], slow_period: [20, 200]}}
                outputs: [best_parameters, optimization_history]
            reporting: {output_path: "REPORTS"}
            """
        let clean = try WorkflowFixture(yaml)
        try clean.run()
        let interrupted = try WorkflowFixture(yaml)
        // The time budget runs out after the first batch: the phase fails with its trials checkpointed.
        #expect(throws: WorkflowAborted.self) { try interrupted.run(faults: [.init(phase: "tpe", kind: .timeout)]) }
        #expect(try interrupted.status("tpe") == "failed")
        // Run again: the sampler re-proposes the same trials, reuses the stored ones and finishes.
        try interrupted.run()
        #expect(try interrupted.outputs().serialized() == clean.outputs().serialized())
    }
}
