import ADMFTestSupport
import Analysis
import Foundation
import Metrics
import Reports
import Testing
import Workflow
import Yams

@Suite("Risk analysis, risk-managed backtest and deployment configuration on the bundled ETFs")
struct RiskWorkflowTests {
    static func yaml(risk: String = "", extraPhases: String = "") -> String {
        """
        workflow:
          name: "riskwire"
          seed: 11
          checkpointing: {checkpoint_location: "CHECKPOINTS"}
        data:
          symbols: ["SPY", "QQQ", "TLT", "GLD"]
          start_date: "2015-01-01"
          end_date: "2024-12-31"
          path: "DATA"
          split: {test_start: "2022-01-01"}
        phases:
          - name: optimize
            type: optimization
            config:
              strategies: [momentum]
              optimization: {method: grid, parameters: {fast_period: [5, 20], slow_period: [50, 100], signal_threshold: [0.01]}}
            outputs: [best_parameters, top_3_parameter_sets]
          - name: risk_analysis
            type: analysis
            inputs: ["optimize.best_parameters"]
            config:
              risk_analysis: {var_analysis: true, stress_testing: true, scenario_analysis: true}
              stress_scenarios:
                - name: "covid_crash"
                  date_range: \(risk.isEmpty ? "[\"2020-02-01\", \"2020-04-01\"]" : risk)
                - {name: "tech_selloff", date_range: ["2022-01-01", "2022-10-01"]}
              shock_scenarios: [{name: tlt_crash, shocks: {TLT: -0.15}}]
              tail_risk_analysis: {confidence_levels: [0.95, 0.99, 0.999], extreme_scenario_modeling: true}
              risk_budget: {daily_loss: 0.004}
            outputs: [risk_metrics, stress_test_results, tail_risk_assessment, risk_recommendations]
          - name: strategy_construction
            type: backtest
            inputs: ["optimize.best_parameters", "risk_analysis.risk_recommendations"]
            config:
              include_transaction_costs: true
              include_market_impact: true
              realistic_execution_delays: true
              dynamic_risk_management: true
              generate_deployment_config: true
              data_split: test
            outputs: [final_strategy_performance, production_configuration, implementation_guide, monitoring_recommendations]
        \(extraPhases)
        reporting: {output_path: "REPORTS"}
        """
    }

    static let walkForward = """
          - name: walk_forward_validation
            type: walk_forward
            inputs: ["optimize.top_3_parameter_sets"]
            config:
              walk_forward: {train_period_days: 252, test_period_days: 126, step_days: 126}
            outputs: [walk_forward_results]
          - name: wf_risk
            type: analysis
            inputs: ["walk_forward_validation.walk_forward_results"]
            config:
              stress_scenarios: [{name: "rate_hike_cycle", date_range: ["2022-03-01", "2023-06-01"]}]
              tail_risk_analysis: {confidence_levels: [0.95, 0.99]}
            outputs: [risk_metrics, stress_test_results, tail_risk_assessment, risk_recommendations]
        """

    static func numbers(_ value: JSONValue?) -> [Double] { value?.arrayValue?.map { $0.doubleValue ?? .nan } ?? [] }

    static func row(_ rows: [JSONValue], series: String, method: String) -> JSONValue? {
        rows.first { $0["series"]?.stringValue == series && $0["method"]?.stringValue == method }
    }

    @Test("risk analysis → risk-managed backtest → deployment config: figures equal the library's on the same returns")
    func chain() throws {
        let fixture = try WorkflowFixture(Self.yaml())
        try fixture.run(workers: 1)
        let outputs = try fixture.outputs()
        let risk = try #require(outputs["phases"]?["risk_analysis"]?["outputs"])
        let metrics = try #require(risk["risk_metrics"])
        #expect(metrics["sample"]?.stringValue == "in_sample")   // the optimiser saw the train bars
        let returns = Self.numbers(metrics["returns"]?["strategy"])
        let portfolio = Self.numbers(metrics["returns"]?["portfolio"])
        #expect(returns.count > 1000)
        let rows = try #require(metrics["var_cvar"]?.arrayValue)
        for level in [0.95, 0.99, 0.999] {
            let key = level == 0.999 ? "99.9" : level == 0.99 ? "99" : "95"
            let historical = try #require(Self.row(rows, series: "strategy", method: "historical"))
            #expect(historical["var_\(key)"]?.doubleValue == ValueAtRisk.compute(returns, confidence: level))
            #expect(historical["cvar_\(key)"]?.doubleValue == ConditionalValueAtRisk.compute(returns, confidence: level))
            let gaussian = try #require(Self.row(rows, series: "strategy", method: "gaussian"))
            #expect(gaussian["var_\(key)"]?.doubleValue == GaussianValueAtRisk.compute(returns, confidence: level))
            #expect(gaussian["cvar_\(key)"]?.doubleValue == GaussianConditionalValueAtRisk.compute(returns, confidence: level))
            let cf = try #require(Self.row(rows, series: "portfolio", method: "cornish_fisher"))
            #expect(cf["var_\(key)"]?.doubleValue == CornishFisherValueAtRisk.compute(portfolio, confidence: level))
            #expect(cf["cvar_\(key)"]?.doubleValue == CornishFisherConditionalValueAtRisk.compute(portfolio, confidence: level))
        }
        // The tail model is the library's POT fit on the same losses.
        let fit = GeneralizedParetoFit.fit(losses: returns.map { -$0 }, thresholdQuantile: 0.95)
        let gpd = try #require(risk["tail_risk_assessment"]?["gpd"])
        #expect(gpd["status"]?.stringValue == "fitted")
        #expect(gpd["shape_xi"]?.doubleValue == fit.shape)
        #expect(gpd["quantile_999"]?.doubleValue == fit.quantile(0.999))
        #expect(gpd["exceedances"]?.doubleValue == Double(fit.exceedances))

        // Stress: covid_crash equals StressTest on the same returns; tech_selloff lies after the train split.
        let dates = (metrics["returns"]?["dates"]?.arrayValue ?? []).compactMap { $0.stringValue }
        let timestamps = dates.compactMap { ConfigDate.parse($0)?.epochSeconds }
        #expect(timestamps.count == returns.count)
        let covid = StressScenario(name: "covid_crash", start: try #require(ConfigDate.parse("2020-02-01")).epochSeconds,
                                   end: try #require(ConfigDate.parse("2020-04-01")).epochSeconds + 86_399)
        let direct = try StressTest.run(returns: returns, timestamps: timestamps, benchmark: Self.numbers(metrics["returns"]?["benchmark"]),
                                        scenarios: [covid], periodsPerYear: 252)
        let scenarios = try #require(risk["stress_test_results"]?["historical"]?["scenarios"]?.arrayValue)
        let reported = try #require(scenarios.first)
        let expected = try #require(direct.first?.strategy)
        #expect(reported["status"]?.stringValue == "ok")
        #expect(reported["strategy"]?["total_return"]?.doubleValue == expected.totalReturn)
        #expect(reported["strategy"]?["max_drawdown"]?.doubleValue == expected.maxDrawdown)
        #expect(reported["strategy"]?["worst_return"]?.doubleValue == expected.worstReturn)
        #expect(reported["benchmark"]?["total_return"]?.doubleValue == direct.first?.benchmark?.totalReturn)
        #expect(reported["difference"]?["total_return"]?.doubleValue == direct.first?.difference?.totalReturn)
        #expect(scenarios.last?["status"]?.stringValue == "no bars in range")
        let shocks = try #require(risk["stress_test_results"]?["shocks"]?["scenarios"]?.arrayValue)
        #expect(shocks.map { $0["name"]?.stringValue } == ["equity_crash", "rate_shock", "uniform_down_10", "tlt_crash"])

        // Recommendations follow their rule; the backtest applies them.
        let recommendations = try #require(risk["risk_recommendations"])
        let tailLoss = try #require(recommendations["tail_loss"]?.doubleValue)
        let leverage = try #require(recommendations["max_leverage"]?.doubleValue)
        #expect(abs(leverage - 0.004 / tailLoss) < 1e-15)
        #expect(tailLoss >= -ValueAtRisk.compute(returns, confidence: 0.99))
        let backtest = try #require(outputs["phases"]?["strategy_construction"]?["outputs"])
        let performance = try #require(backtest["final_strategy_performance"])
        #expect(performance["sample"]?.stringValue == "out_of_sample")
        let applied = try #require(performance["risk_controls"]?["applied_max_leverage"]?.doubleValue)
        #expect(applied == min(1, leverage))
        #expect(performance["risk_controls"]?["stop_loss"]?.doubleValue == recommendations["stop_loss"]?.doubleValue)
        let gross = try #require(performance["max_gross_exposure"]?.doubleValue)
        #expect(applied < 1, "the 0.4 % budget binds")
        #expect(gross <= applied * 1.25, "gross \(gross) against cap \(applied)")

        // The deployment file parses and carries the same numbers.
        let yamlURL = fixture.reports.appendingPathComponent("strategy_construction/production_configuration.yaml")
        let text = try String(contentsOf: yamlURL, encoding: .utf8)
        let parsed = try #require(try Yams.load(yaml: text) as? [String: Any])
        let limits = try #require(parsed["risk_limits"] as? [String: Any])
        let production = try #require(backtest["production_configuration"])
        #expect(limits["max_leverage"] as? Double == production["risk_limits"]?["max_leverage"]?.doubleValue)
        #expect(limits["stop_loss"] as? Double == production["risk_limits"]?["stop_loss"]?.doubleValue)
        let strategy = try #require(parsed["strategy"] as? [String: Any])
        #expect(strategy["type"] as? String == "momentum")
        let provenance = try #require(parsed["provenance"] as? [String: Any])
        #expect((provenance["run_id"] as? String)?.isEmpty == false)
        #expect(backtest["monitoring_recommendations"]?["bar_loss_alert"]?.doubleValue != nil)
        #expect(backtest["implementation_guide"]?["steps"]?.arrayValue?.isEmpty == false)
        let html = try String(contentsOf: fixture.reports.appendingPathComponent("risk_analysis.html"), encoding: .utf8)
        #expect(html.contains("Loss tail"))
    }

    @Test("risk analysis of walk-forward results works on the stitched out-of-sample returns, labelled out of sample")
    func walkForwardInput() throws {
        let fixture = try WorkflowFixture(Self.yaml(extraPhases: Self.walkForward))
        try fixture.run(workers: 1)
        let outputs = try fixture.outputs()
        let wf = try #require(outputs["phases"]?["walk_forward_validation"]?["outputs"]?["walk_forward_results"])
        let stitched = Self.numbers(wf["stitched_out_of_sample_returns"]?["returns"])
        let metrics = try #require(outputs["phases"]?["wf_risk"]?["outputs"]?["risk_metrics"])
        #expect(metrics["sample"]?.stringValue == "out_of_sample")
        #expect(Self.numbers(metrics["returns"]?["strategy"]) == stitched)
        let rows = try #require(metrics["var_cvar"]?.arrayValue)
        #expect(Self.row(rows, series: "strategy", method: "historical")?["var_99"]?.doubleValue
                == ValueAtRisk.compute(stitched, confidence: 0.99))
        let scenario = outputs["phases"]?["wf_risk"]?["outputs"]?["stress_test_results"]?["historical"]?["scenarios"]?.arrayValue?.first
        #expect(scenario?["status"]?.stringValue == "ok")
    }

    @Test("regime-aware sizing scales by causal labels with multipliers measured before the backtested bars")
    func regimeAware() throws {
        let regimes = """
              - name: regime_analysis
                type: analysis
                config:
                  regime_detection: {methods: [k_means], n_regimes: [2], features: [volatility, trend]}
                outputs: [regime_classifications]
            """
        let yaml = Self.yaml(extraPhases: regimes)
            .replacingOccurrences(of: "inputs: [\"optimize.best_parameters\", \"risk_analysis.risk_recommendations\"]",
                                  with: "inputs: [\"optimize.best_parameters\", \"risk_analysis.risk_recommendations\", \"regime_analysis.regime_classifications\"]")
            .replacingOccurrences(of: "dynamic_risk_management: true", with: "dynamic_risk_management: true\n      regime_aware_position_sizing: true")
        let fixture = try WorkflowFixture(yaml)
        try fixture.run(workers: 1)
        let performance = try #require(try fixture.outputs()["phases"]?["strategy_construction"]?["outputs"]?["final_strategy_performance"])
        #expect(performance["sample"]?.stringValue == "out_of_sample")
        let multipliers = (performance["risk_controls"]?["regime_multipliers"]?.objectValue ?? []).compactMap { $0.1.doubleValue }
        #expect(multipliers.count == 2)
        #expect(multipliers.max() == 1)
        #expect(multipliers.allSatisfy { $0 > 0 && $0 <= 1 })
    }

    @Test("two runs give byte-identical outputs")
    func determinism() throws {
        let one = try WorkflowFixture(Self.yaml())
        let two = try WorkflowFixture(Self.yaml())
        try one.run(workers: 1)
        try two.run(workers: 2)
        #expect(try one.outputs().serialized() == (try two.outputs()).serialized())
    }

    @Test("config errors are located", arguments: [
        ("[\"2020-04-01\", \"2020-02-01\"]", "ends (2020-02-01) before it starts (2020-04-01)"),
        ("[\"2020-13-45\", \"2020-04-01\"]", "expected a date YYYY-MM-DD"),
        ("[\"2020-02-01\"]", "date_range needs two dates"),
        ("[\"2030-01-01\", \"2030-02-01\"]", "lies outside the data"),
    ])
    func dateRangeErrors(range: String, expected: String) throws {
        let fixture = try WorkflowFixture(Self.yaml(risk: range))
        do {
            _ = try fixture.plan()
            Issue.record("expected: \(expected)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
            #expect("\(error)".contains(".yaml:25:"), "located: \(error)")
        }
    }

    @Test("a confidence level outside (0, 1) and a missing regime input are located errors")
    func levelErrors() throws {
        let bad = Self.yaml().replacingOccurrences(of: "confidence_levels: [0.95, 0.99, 0.999]", with: "confidence_levels: [0.95, 1.5]")
        do {
            _ = try WorkflowFixture(bad).plan()
            Issue.record("expected a confidence-level error")
        } catch {
            #expect("\(error)".contains("strictly between 0 and 1, got 1.5"), "\(error)")
            #expect("\(error)".contains(".yaml:28:"), "located: \(error)")
        }
        let regime = Self.yaml().replacingOccurrences(of: "dynamic_risk_management: true", with: "dynamic_risk_management: true\n      regime_aware_position_sizing: true")
        do {
            _ = try WorkflowFixture(regime).plan()
            Issue.record("expected a missing-input error")
        } catch {
            #expect("\(error)".contains("regime_aware_position_sizing needs causal regime labels"), "\(error)")
        }
    }
}
