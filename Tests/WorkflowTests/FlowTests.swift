import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

@Suite("Data flow: conditional, parallel branches, signals and transformations")
struct FlowTests {
    static let header = """
        workflow:
          name: "flows"
          seed: 3
          checkpointing: {checkpoint_location: "CHECKPOINTS"}
        """
    static let data = """
        data:
          symbols: ["IBM", "MSFT"]
          start_date: "2004-01-01"
          end_date: "2012-12-31"
          path: "DATA"
        reporting: {output_path: "REPORTS"}
        """

    @Test("a conditional phase evaluates its condition on stored outputs and runs one branch")
    func conditional() throws {
        for (threshold, branch, strategy) in [("0.01", "if_true", "bollinger_bands"), ("5", "if_false", "sma_crossover")] {
            let yaml = Self.header + "\n" + Self.data + """

                phases:
                  - name: assess
                    type: analysis
                    config:
                      market_condition_analysis: [volatility_regime, trend_strength, correlation_structure]
                    outputs: [market_conditions, recommended_strategy_types]
                  - name: select
                    type: conditional
                    condition: "${assess.market_conditions.volatility} > \(threshold) and ${assess.market_conditions.average_correlation} > -1"
                    if_true:
                      type: optimization
                      config:
                        strategies: [bollinger_bands]
                        optimization: {method: grid, parameters: {period: [10, 20], num_std: [1.5, 2]}}
                    if_false:
                      type: optimization
                      config:
                        strategies: [sma_crossover]
                        optimization: {method: grid, parameters: {fast_period: [5, 10], slow_period: [30, 50]}}
                    outputs: [selected_strategies, optimization_results, condition_result]
                """
            let fixture = try WorkflowFixture(yaml)
            try fixture.run()
            let result = try fixture.outputs("select.condition_result")
            #expect(result["branch"]?.stringValue == branch)
            let selected = try fixture.outputs("select.selected_strategies")
            #expect(selected["sets"]?.arrayValue?.first?["strategy"]?.stringValue == strategy)
            let conditions = try fixture.outputs("assess.market_conditions")
            #expect((conditions["volatility"]?.doubleValue ?? 0) > 0)
        }
    }

    @Test("parallel branches run and the convergence phase combines them")
    func parallel() throws {
        let yaml = Self.header + """

              parallel_phases:
                trend_branch:
                  phases:
                    - name: trend_optimization
                      type: optimization
                      config:
                        strategies: [sma_crossover]
                        optimization: {method: grid, parameters: {fast_period: [5, 10], slow_period: [30, 60]}}
                      outputs: [best_parameters]
                reversion_branch:
                  phases:
                    - name: reversion_optimization
                      type: optimization
                      config:
                        strategies: [mean_reversion]
                        optimization: {method: grid, parameters: {lookback_period: [10, 20], entry_z: [1.5, 2]}}
                      outputs: [best_parameters]
              convergence_phase:
                name: combined_validation
                type: backtest
                inputs: ["trend_branch.trend_optimization.best_parameters", "reversion_branch.reversion_optimization.best_parameters"]
                config: {data_split: test, include_transaction_costs: true}
                outputs: [validation_results]
            """ + "\n" + Self.data
        let fixture = try WorkflowFixture(yaml)
        try fixture.run(workers: 2)
        let results = try fixture.outputs("combined_validation.validation_results")["results"]?.arrayValue ?? []
        #expect(results.compactMap { $0["strategy"]?.stringValue } == ["sma_crossover", "mean_reversion"])
        let again = try WorkflowFixture(yaml)
        try again.run(workers: 1)
        #expect(try fixture.outputs().serialized() == again.outputs().serialized())
    }

    @Test("signals flow through smoothing, filtering and aggregation without look-ahead")
    func transformation() throws {
        let yaml = Self.header + "\n" + Self.data + """

            phases:
              - name: prepare
                type: data_processing
                outputs: [cleaned_data, feature_engineered_data, regime_labels]
              - name: signal_generation
                type: signal_generation
                config:
                  strategies: [{type: momentum, parameters: {fast_period: 10, slow_period: 40}}]
                outputs: [raw_signals, signal_metadata]
              - name: signal_processing
                type: transformation
                inputs: ["signal_generation.raw_signals"]
                config:
                  transformations:
                    - {type: signal_smoothing, method: exponential_smoothing, alpha: 0.3}
                    - {type: signal_filtering, method: strength_threshold, threshold: 0.5}
                    - {type: signal_aggregation, method: time_weighted_average, window: 5}
                outputs: [processed_signals, transformation_summary]
            """
        let fixture = try WorkflowFixture(yaml)
        try fixture.run()
        let raw = try fixture.outputs("signal_generation.raw_signals")
        let processed = try fixture.outputs("signal_processing.processed_signals")
        let rawValues = raw["series"]?.arrayValue?.first?["values"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        let values = processed["series"]?.arrayValue?.first?["values"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        #expect(raw["series"]?.arrayValue?.count == 2)  // one per symbol
        #expect(values.count == rawValues.count && !values.isEmpty)
        // Recompute by hand: EMA(0.3) → |s| < 0.5 → 0 → linearly weighted mean of the last 5.
        var smoothed: [Double] = []
        for (t, x) in rawValues.enumerated() { smoothed.append(t == 0 ? x : 0.3 * x + 0.7 * smoothed[t - 1]) }
        let filtered = smoothed.map { abs($0) < 0.5 ? 0 : $0 }
        let expected = filtered.indices.map { t -> Double in
            var sum = 0.0, weights = 0.0
            for k in 0..<min(5, t + 1) {
                sum += Double(5 - k) * filtered[t - k]
                weights += Double(5 - k)
            }
            return sum / weights
        }
        #expect(values == expected)
        let cleaned = try fixture.outputs("prepare.cleaned_data")
        #expect(cleaned["symbols"]?.arrayValue?.count == 2)
        let labels = try fixture.outputs("prepare.regime_labels")
        #expect(labels["labels"]?.arrayValue?.count == cleaned["bars"]?.doubleValue.map { Int($0) })
    }
}
