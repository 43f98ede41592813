import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

/// The regime model stored with `regime_classifications` (and carried into deployment
/// configurations) labels bars exactly as the fit did, and lets a gate validate a regime-gated
/// ensemble from its configuration file alone.
@Suite("Carried regime models")
struct RegimeModelTests {
    @Test("the stored model reproduces the causal labels and filtered probabilities bit for bit", arguments: ["hmm", "k_means"])
    func reproducesLabels(method: String) throws {
        let fixture = try WorkflowFixture("""
            workflow: {seed: 4, checkpointing: {checkpoint_location: "CHECKPOINTS"}}
            data: {symbols: ["SPY", "TLT"], path: "DATA", start_date: "2016-01-01", end_date: "2022-12-31"}
            phases:
              - name: regimes
                type: analysis
                config:
                  regime_detection: {methods: [\(method)], n_regimes: [2, 3], features: [volatility, trend, correlation]}
                outputs: [regime_classifications]
            reporting: {output_path: "REPORTS"}
            """)
        try fixture.run()
        let artifact = try #require(try fixture.outputs()["phases"]?["regimes"]?["outputs"]?["regime_classifications"])
        let model = try CausalRegimeModel(json: try #require(artifact["model"]))
        let plan = try fixture.plan()
        let data = try WorkflowData.load(try #require(plan.data))
        let (labels, probabilities) = try model.labels(bars: data.full, periodsPerYear: data.periodsPerYear)
        let stored = try #require(artifact["labels"]?.arrayValue)
        #expect(labels.map { $0 < 0 ? JSONValue.null : .number(Double($0)) } == stored)
        if method == "hmm" {
            let storedProbabilities = try #require(artifact["probabilities"]?.arrayValue)
            #expect(probabilities.map { $0.isNaN ? JSONValue.null : .number($0) } == storedProbabilities)
        } else {
            #expect(probabilities.allSatisfy { $0.isNaN })
        }
    }

    @Test("a regime-gated ensemble's deployment configuration is validated on later bars from the file alone")
    func gateFromConfiguration() throws {
        let research = try WorkflowFixture(try SeedPipelineTests.isolated("institutional_research.yaml", replacing: SeedPipelineTests.scaled))
        try research.run()
        let file = research.reports.appendingPathComponent("strategy_construction/production_configuration.yaml").path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("regime_model"))
        let deploy = try WorkflowFixture("""
            workflow: {name: deploy, checkpointing: {checkpoint_location: "CHECKPOINTS"}}
            data: {symbols: ["SPY", "QQQ", "IWM", "TLT", "GLD", "VXX"], aliases: {VXX: VIXY}, path: "DATA",
                   start_date: "2024-01-02", end_date: "2024-11-08"}
            phases:
              - name: gate
                type: comprehensive_validation
                config:
                  strategy_config: "\(file)"
                  validation_tests: [out_of_sample_performance, parameter_stability, risk_assessment]
                  acceptance_criteria: {min_num_trades: 0}
            reporting: {output_path: "REPORTS"}
            """)
        try deploy.run()
        let validated = try #require(try deploy.outputs()["phases"]?["gate"]?["outputs"]?["validated_strategy"])
        #expect(validated["passed"] == .bool(true))
        #expect(validated["strategy"]?["type"]?.stringValue == "ensemble")
        #expect(validated["sample"]?.stringValue == "out_of_sample")
    }
}
