import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

@Suite("production deployment: gate, paper, shadow, rollout")
struct LiveDeploymentTests {
    static var configuration: String {
        RepositoryPaths.root.appendingPathComponent("examples/seed/golden_cross_configuration.yaml").path
    }

    static func seed(_ replacing: [(String, String)] = []) throws -> String {
        try SeedPipelineTests.isolated("production_deployment.yaml", replacing: [
            ("\"examples/seed/golden_cross_configuration.yaml\"", "\"\(configuration)\""),
        ] + replacing)
    }

    @Test("the seed runs as written: the gate passes, paper 30 days, shadow 60, rollout 8 weeks, identical outputs run again")
    func seedDeployment() throws {
        let fixture = try WorkflowFixture(try Self.seed())
        let summary = try fixture.run(workers: 1)
        #expect(summary.phases.map(\.status) == ["completed", "completed", "completed", "completed"], "\(summary.phases)")
        let again = try WorkflowFixture(try Self.seed())
        try again.run(workers: 2)
        // Client order ids start with a hash of the run id, which differs with the fixtures' paths.
        func normalised(_ f: WorkflowFixture) throws -> String {
            try f.outputs().serialized().replacingOccurrences(of: #"admf[0-9a-f]{12}-"#, with: "admf-", options: .regularExpression)
        }
        #expect(try normalised(fixture) == normalised(again))

        let phases = try #require(try fixture.outputs()["phases"])
        let gate = try #require(phases["pre_deployment_validation"]?["outputs"]?["validated_strategy"])
        #expect(gate["passed"]?.boolValue == true)
        #expect(gate["research_end"]?.stringValue == "2023-12-29")
        let paper = try #require(phases["paper_trading"]?["outputs"]?["performance_validation"])
        #expect(paper["session"]?["start"]?.stringValue == "2024-01-02")
        #expect(paper["session"]?["end"]?.stringValue == "2024-01-31")
        #expect(paper["deviation"]?["tracking_error"]?.doubleValue == 0)
        #expect(paper["broker"]?.stringValue?.hasPrefix("paper broker") == true)
        let shadow = try #require(phases["shadow_trading"]?["outputs"]?["comparative_results"])
        #expect(shadow["session"]?["start"]?.stringValue == "2024-02-01")
        #expect(shadow["baseline"]?["description"]?.stringValue?.hasPrefix("buy and hold") == true)
        #expect(shadow["comparison"]?["return_correlation"]?.doubleValue != nil)
        let rollout = try #require(phases["gradual_rollout"]?["outputs"]?["rollout_report"])
        let changes = try #require(rollout["allocation"]?["changes"]?.arrayValue)
        #expect(changes.map { $0["stage"]?.stringValue } == ["week_1", "week_2", "week_4", "week_8"])
        #expect(changes.map { $0["to"]?.doubleValue } == [0.1, 0.25, 0.5, 1])
        #expect(rollout["session"]?["duration_days"]?.doubleValue == 56)
        #expect(rollout["rollback_rules"]?["max_drawdown"]?.doubleValue == 0.15, "the gate's max_drawdown bound")
        let page = try String(contentsOf: fixture.reports.appendingPathComponent("gradual_rollout.html"), encoding: .utf8)
        #expect(page.contains("Equity: live against expected") && page.contains("rollout timeline") && page.contains("week_8"))
    }

    @Test("safety checks are on unless turned off: a rollout without safety_checks rolls back and enforces limits")
    func safetyChecksDefaultOn() throws {
        let block = "      safety_checks:\n        performance_monitoring: true\n        automatic_rollback: true\n        risk_limit_enforcement: true\n"
        #expect(try Self.seed().contains(block))
        let omitted = try WorkflowFixture(try Self.seed([(block, "")]))
        try omitted.run()
        let rollout = try #require(try omitted.outputs()["phases"]?["gradual_rollout"]?["outputs"]?["rollout_report"])
        #expect(rollout["rollback_rules"]?["max_drawdown"]?.doubleValue == 0.15)
        #expect(rollout["risk_limits_enforced"]?["max_leverage"]?.doubleValue == 1)
        let off = try WorkflowFixture(try Self.seed([("automatic_rollback: true", "automatic_rollback: false"),
                                                     ("risk_limit_enforcement: true", "risk_limit_enforcement: false")]))
        try off.run()
        let unguarded = try #require(try off.outputs()["phases"]?["gradual_rollout"]?["outputs"]?["rollout_report"])
        #expect(unguarded["rollback_rules"] == nil || unguarded["rollback_rules"] == .null)
        #expect(unguarded["risk_limits_enforced"] == nil || unguarded["risk_limits_enforced"] == .null)
    }

    @Test("a strategy that misses a criterion is refused: nothing is paper-traded")
    func gateRefuses() throws {
        let fixture = try WorkflowFixture(try Self.seed([("min_sharpe_ratio: 1.0", "min_sharpe_ratio: 9.0")]))
        #expect(throws: WorkflowAborted.self) { try fixture.run() }
        #expect(try fixture.status("pre_deployment_validation") == "failed")
        #expect(try fixture.status("paper_trading") == "pending")
    }

    /// SPY's bars through 2023, then a planted 2024: a steady rise, and from 2024-05-01 five
    /// days losing 5 % each (inside the rollout's week_4 stage).
    static func adverseData() throws -> URL {
        let directory = try RepositoryPaths.temporaryDirectory("admf-adverse-data")
        let real = try String(contentsOf: RepositoryPaths.data.appendingPathComponent("SPY_daily.csv"), encoding: .utf8)
        var lines = real.split(separator: "\n").prefix { !$0.hasPrefix("2024-") }.map(String.init)
        var close = 475.31
        var day = Date(timeIntervalSince1970: 1_704_153_600)  // 2024-01-02
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        var crash = 0
        while lines.count < 2265 + 200 {
            let weekday = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: day).weekday ?? 2
            if weekday != 1 && weekday != 7 {
                let date = formatter.string(from: day)
                if date >= "2024-05-01", crash < 5 { crash += 1 }
                let open = close
                close *= (crash > 0 && crash <= 5 && date >= "2024-05-01" && date <= "2024-05-07") ? 0.95 : 1.002
                lines.append("\(date),\(open),\(max(open, close)),\(min(open, close)),\(close),100000000")
            }
            day += 86_400
        }
        try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("SPY_daily.csv"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test("a planted adverse feed triggers automatic rollback during the rollout")
    func adverseFeedRollsBack() throws {
        let data = try Self.adverseData()
        // The gate sees the planted crash too: only the win rate is required of it here.
        var yaml = try Self.seed([
            ("        min_sharpe_ratio: 1.0\n", ""),
            ("        max_drawdown: 0.15\n", ""),
            ("        risk_limit_enforcement: true", "        risk_limit_enforcement: true\n      rollback_limits: {max_drawdown: 0.05}"),
        ])
        yaml = yaml.replacingOccurrences(of: "path: \"DATA\"", with: "path: \"\(data.path)\"")
        let fixture = try WorkflowFixture(yaml)
        try fixture.run()
        let rollout = try #require(try fixture.outputs()["phases"]?["gradual_rollout"]?["outputs"]?["rollout_report"])
        let changes = try #require(rollout["allocation"]?["changes"]?.arrayValue)
        let rollbacks = changes.filter { $0["kind"]?.stringValue == "rollback" }
        #expect(!rollbacks.isEmpty)
        #expect(rollbacks.first?["from"]?.doubleValue == 0.5)
        #expect(rollbacks.first?["time"]?.stringValue.map { $0 >= "2024-05-01" } == true)
        #expect(rollbacks.allSatisfy { $0["reason"]?.stringValue?.contains("drawdown") == true })
        let alerts = try #require(rollout["alerts"]?.arrayValue)
        #expect(alerts.contains { $0["kind"]?.stringValue == "rollback" })
        #expect(!changes.contains { $0["stage"]?.stringValue == "week_8" }, "a rolled-back allocation is never raised again")
    }

    @Test("live configuration mistakes are located at validation", arguments: [
        ("paper_trading_only: true\n", "paper_trading_only: true\n      broker: {type: alpaca}\n", "paper_trading_only: false"),
        ("real_time_data: true\n", "real_time_data: true\n      feed: {type: bloomberg}\n", "replay, stdin, alpaca"),
        ("week_2: 0.25", "fortnight_2: 0.25", "week_N or day_N"),
        ("week_2: 0.25", "week_2: 1.5", "between 0 and 1"),
        ("paper_trading_only: true\n", "paper_trading_only: true\n      comparison_baseline: \"x\"\n", "only used with shadow_mode"),
        ("        automatic_rollback: true\n        risk_limit_enforcement: true",
         "        automatic_rollback: false\n        risk_limit_enforcement: true\n      rollback_limits: {max_drawdown: 0.1}", "automatic_rollback"),
        ("        deviation_alerts: true", "        deviation_alert: true", "deviation_alert"),
    ])
    func planErrors(old: String, new: String, message: String) throws {
        let fixture = try WorkflowFixture(try Self.seed([(old, new)]))
        do {
            _ = try fixture.plan()
            Issue.record("no error for \(new)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
            #expect("\(error)".contains("workflow.yaml:"), "located: \(error)")
        }
    }

    @Test("risk limits come from a risk_recommendations input: position weights, leverage and the daily loss budget")
    func limitsFromRiskRecommendations() throws {
        let fixture = try WorkflowFixture(RiskWorkflowTests.yaml(extraPhases: """
              - name: gate
                type: comprehensive_validation
                inputs: ["optimize.best_parameters"]
                config: {validation_tests: [out_of_sample_performance]}
              - name: rollout
                type: live_trading
                inputs: ["gate.validated_strategy", "risk_analysis.risk_recommendations"]
                config:
                  start_date: "2024-01-02"
                  duration_days: 60
                  safety_checks: {risk_limit_enforcement: true}
            """))
        try fixture.run()
        let phases = try #require(try fixture.outputs()["phases"])
        let recommended = try #require(phases["risk_analysis"]?["outputs"]?["risk_recommendations"])
        let report = try #require(phases["rollout"]?["outputs"]?["rollout_report"])
        let enforced = try #require(report["risk_limits_enforced"])
        #expect(enforced["source"]?.stringValue == "risk recommendations risk_analysis.risk_recommendations")
        #expect(enforced["max_daily_loss"]?.doubleValue == 0.004)
        #expect(enforced["max_leverage"]?.doubleValue == recommended["max_leverage"]?.doubleValue)
        let limits = try #require(enforced["position_limits"]?.objectValue)
        for row in recommended["position_limits"]?.arrayValue ?? [] {
            let symbol = try #require(row["symbol"]?.stringValue)
            #expect(limits.first { $0.0 == symbol }?.1.doubleValue == row["max_weight"]?.doubleValue)
        }
        // every order that went out respects its symbol's limit
        for order in report["orders"]?["list"]?.arrayValue ?? [] where order["disposition"]?.stringValue == "sent" {
            let symbol = try #require(order["symbol"]?.stringValue)
            let cap = limits.first { $0.0 == symbol }?.1.doubleValue ?? .infinity
            #expect(abs(order["target_weight"]?.doubleValue ?? 0) <= cap * (1 + 1e-12))
        }
        #expect(report["session"]?["start"]?.stringValue == "2024-01-02")
    }
}
