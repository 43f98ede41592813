import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

/// The comprehensive_validation gate: it passes a strategy that meets its criteria, refuses one
/// that misses any (every failing criterion listed, outputs kept, workflow stopped), validates a
/// deployment configuration file only on bars after the ones it was built on.
@Suite("Validation gate")
struct ValidationGateTests {
    static func build(criteria: String) -> String {
        """
        workflow: {name: build, seed: 1, checkpointing: {checkpoint_location: "CHECKPOINTS"}}
        data: {symbols: ["SPY", "QQQ"], path: "DATA", start_date: "2015-01-01", end_date: "2019-12-31"}
        phases:
          - name: optimize
            type: optimization
            config:
              strategies: [momentum]
              optimization: {method: random, n_trials: 30, parameters: {fast_period: [5, 40], slow_period: [30, 150]}}
            outputs: [best_parameters]
          - name: gate
            type: comprehensive_validation
            inputs: ["optimize.best_parameters"]
            config:
              acceptance_criteria: \(criteria)
            outputs: [validated_strategy, validation_report]
          - name: construction
            type: backtest
            inputs: ["optimize.best_parameters"]
            config: {include_transaction_costs: true, generate_deployment_config: true}
            outputs: [production_configuration]
        reporting: {output_path: "REPORTS"}
        """
    }

    @Test("criteria met: passed, every test reported; the next phase runs")
    func passes() throws {
        let fixture = try WorkflowFixture(Self.build(criteria: "{min_sharpe_ratio: -10, max_drawdown: 0.9, min_num_trades: 1}"))
        let summary = try fixture.run()
        #expect(summary.phases.allSatisfy { $0.status == "completed" }, "\(summary.phases)")
        let outputs = try #require(try fixture.outputs()["phases"]?["gate"]?["outputs"])
        #expect(outputs["validated_strategy"]?["passed"] == .bool(true))
        #expect(outputs["validated_strategy"]?["sample"]?.stringValue == "out_of_sample")
        let report = try #require(outputs["validation_report"])
        for test in ["out_of_sample_performance", "stress_testing", "parameter_stability", "risk_assessment", "capacity_analysis"] {
            #expect(report[test] != nil, "\(test)")
        }
        #expect((report["parameter_stability"]?["neighbours"]?.arrayValue?.count ?? 0) >= 4)
    }

    @Test("a missed criterion stops the workflow, naming every failing criterion; the gate's outputs are kept")
    func refuses() throws {
        let fixture = try WorkflowFixture(Self.build(criteria: "{min_sharpe_ratio: 5, max_drawdown: 0.001, min_num_trades: 1}"))
        do {
            try fixture.run()
            Issue.record("the gate let a failing strategy through")
        } catch {
            let message = "\(error)"
            #expect(message.contains("acceptance criteria not met"), "\(message)")
            #expect(message.contains("sharpe_ratio") && message.contains("max_drawdown"), "\(message)")
            #expect(!message.contains("num_trades"), "a met criterion is not listed: \(message)")
        }
        #expect(try fixture.status("gate") == "failed")
        #expect(try fixture.status("construction") != "completed")
        let validated = try #require(try fixture.outputs()["phases"]?["gate"]?["outputs"]?["validated_strategy"])
        #expect(validated["passed"] == .bool(false))
        #expect(validated["criteria"]?.arrayValue?.filter { $0["passed"] == .bool(false) }.count == 2)
    }

    @Test("a deployment configuration is validated on later bars only; an unknown criterion is a located error")
    func configurationFile() throws {
        let build = try WorkflowFixture(Self.build(criteria: "{min_num_trades: 1}"))
        try build.run()
        let file = build.reports.appendingPathComponent("construction/production_configuration.yaml").path
        func deploy(_ start: String, _ criteria: String = "{min_num_trades: 1}", split: String = "") throws -> WorkflowFixture {
            try WorkflowFixture("""
                workflow: {name: deploy, checkpointing: {checkpoint_location: "CHECKPOINTS"}}
                data: {symbols: ["SPY", "QQQ"], path: "DATA", start_date: "\(start)", end_date: "2024-11-08"}
                phases:
                  - name: validation
                    type: comprehensive_validation
                    config:
                      strategy_config: "\(file)"
                      validation_tests: [out_of_sample_performance, risk_assessment]
                      acceptance_criteria: \(criteria)\(split)
                reporting: {output_path: "REPORTS"}
                """)
        }
        let later = try deploy("2020-01-01")
        try later.run()
        let validated = try #require(try later.outputs()["phases"]?["validation"]?["outputs"]?["validated_strategy"])
        #expect(validated["source"]?.stringValue?.hasPrefix("file ") == true)
        #expect(validated["strategy"]?["type"]?.stringValue == "momentum")
        // Data that starts inside the research period: only the bars after it are evaluated (the
        // earlier ones warm the indicators up), unless data_split asks for bars it was built on.
        let overlapping = try deploy("2019-06-01")
        try overlapping.run()
        let checked = try #require(try overlapping.outputs()["phases"]?["validation"]?["outputs"]?["validated_strategy"])
        let lastBar = try #require(try String(contentsOfFile: file, encoding: .utf8)
            .split(separator: "\n").first { $0.contains("\"last_bar\"") }?.split(separator: "\"").last.map(String.init))
        #expect(checked["evaluated"]?["start"]?.stringValue.map { $0 > lastBar } == true)
        #expect(checked["research_end"]?.stringValue == lastBar)
        #expect(checked["sample"]?.stringValue == "out_of_sample")
        let forced = try deploy("2019-06-01", split: "\n      data_split: full")
        #expect(throws: (any Error).self) { try forced.run() }
        do { _ = try deploy("2020-01-01", "{min_sharp_ratio: 1}").plan() } catch {
            #expect("\(error)".contains("did you mean 'min_sharpe_ratio'"), "\(error)")
            return
        }
        Issue.record("an unknown criterion validated")
    }
}
