import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

/// The specification's pipelines as `examples/seed/` holds them, run end to end. The test
/// isolates each run (checkpoints, reports and the data folder in absolute paths); the
/// institutional pipeline is scaled down here (fewer trials, same phases and keys) so that it
/// runs in seconds in a debug build — the full seed is run by `admf run examples/seed/…`.
@Suite("Seed pipelines end to end")
struct SeedPipelineTests {
    /// An example's text with isolated checkpoints, reports and data, and optional replacements.
    static func isolated(_ example: String, replacing: [(String, String)] = []) throws -> String {
        var text = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("examples/seed/\(example)"), encoding: .utf8)
        for (old, new) in replacing {
            #expect(text.contains(old), "\(example) lacks \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        if text.contains("\nworkflow:\n") {
            text = text.replacingOccurrences(of: "\nworkflow:\n", with: "\nworkflow:\n  checkpointing: {checkpoint_location: \"CHECKPOINTS\"}\n")
        } else {
            text += "\nworkflow: {checkpointing: {checkpoint_location: \"CHECKPOINTS\"}}\n"
        }
        text = text.replacingOccurrences(of: "\ndata:\n", with: "\ndata:\n  path: \"DATA\"\n")
        if let range = text.range(of: "output_path: \"[^\"]*\"", options: .regularExpression) {
            text.replaceSubrange(range, with: "output_path: \"REPORTS\"")
        } else {
            text += "\nreporting: {output_path: \"REPORTS\"}\n"
        }
        return text
    }

    static let scaled: [(String, String)] = [
        ("n_trials: 10000", "n_trials: 600"), ("n_trials_per_regime: 200", "n_trials_per_regime: 24"),
        ("n_generations: 100", "n_generations: 4"), ("population_size: 50", "population_size: 10"),
    ]

    @Test("institutional pipeline (scaled): all eight phases, identical outputs for 1 and 2 workers and after a failure and resume")
    func institutional() throws {
        let one = try WorkflowFixture(try Self.isolated("institutional_research.yaml", replacing: Self.scaled))
        let two = try WorkflowFixture(try Self.isolated("institutional_research.yaml", replacing: Self.scaled))
        let resumed = try WorkflowFixture(try Self.isolated("institutional_research.yaml", replacing: Self.scaled))
        let summary = try one.run(workers: 1)
        #expect(summary.phases.map(\.status).allSatisfy { $0 == "completed" }, "\(summary.phases)")
        #expect(summary.phases.count == 8)
        try two.run(workers: 2)
        #expect(try one.outputs() == two.outputs())
        #expect(throws: (any Error).self) {
            try resumed.run(workers: 2, faults: [.init(phase: "walk_forward_validation", kind: .error)])
        }
        try resumed.run(workers: 1)
        #expect(try one.outputs() == resumed.outputs())

        let phases = try #require(try one.outputs()["phases"])
        let weights = try #require(phases["ensemble_optimization"]?["outputs"]?["optimal_ensemble_weights"]?["members"]?.arrayValue)
        let w = weights.compactMap { $0["weight"]?.doubleValue }
        #expect(abs(w.reduce(0, +) - 1) <= 1e-12)
        #expect(w.allSatisfy { $0 == 0 || ($0 >= 0.05 && $0 <= 0.4) }, "\(w)")
        let windows = try #require(phases["walk_forward_validation"]?["outputs"]?["walk_forward_results"]?["windows"]?.arrayValue)
        #expect(!windows.isEmpty)
        #expect(windows.allSatisfy { $0["sample"]?.stringValue == "out_of_sample" })
        let stress = try #require(phases["risk_analysis"]?["outputs"]?["stress_test_results"])
        #expect(stress.serialized().contains("covid_crash"))
        let production = try #require(phases["strategy_construction"]?["outputs"]?["production_configuration"])
        #expect(production["strategy"]?["type"]?.stringValue == "ensemble")
        let html = try String(contentsOf: one.reports.appendingPathComponent("strategy_construction/production_configuration.yaml"), encoding: .utf8)
        #expect(html.contains("ensemble"))
    }

    @Test("signal transformation: generated, smoothed, filtered and aggregated signals become a weighted portfolio")
    func signalTransformation() throws {
        let fixture = try WorkflowFixture(try Self.isolated("signal_transformation.yaml"))
        let summary = try fixture.run(workers: 2)
        #expect(summary.phases.map(\.status).allSatisfy { $0 == "completed" }, "\(summary.phases)")
        let outputs = try #require(try fixture.outputs()["phases"]?["portfolio_optimization"]?["outputs"])
        let weights = outputs["optimal_ensemble_weights"]?["members"]?.arrayValue?.compactMap { $0["weight"]?.doubleValue } ?? []
        #expect(weights.count == 3)
        #expect(abs(weights.reduce(0, +) - 1) <= 1e-12)
        #expect(weights.allSatisfy { $0 >= 0 && $0 <= 1 })
        let analytics = try String(contentsOf: fixture.reports.appendingPathComponent("analytics.json"), encoding: .utf8)
        #expect(analytics.contains("\"ensemble_contributions\""))
        #expect(analytics.contains("\"contribution\""))
    }

    @Test("data-flow patterns: aliases of the primary output feed a regime-conditioned weighted ensemble of two inputs")
    func dataFlowPatterns() throws {
        let fixture = try WorkflowFixture(try Self.isolated("data_flow_patterns.yaml"))
        let plan = try fixture.plan()
        let aliases = plan.allPhases.flatMap { phase in phase.aliases.map { "\(phase.name).\($0.alias)=\($0.primary)" } }
        #expect(aliases == ["strategy_optimization_a.strategy_a_results=selected_strategies",
                            "strategy_optimization_b.strategy_b_results=selected_strategies"])
        let summary = try fixture.run(workers: 2)
        #expect(summary.phases.map(\.status).allSatisfy { $0 == "completed" }, "\(summary.phases)")
        let phases = try #require(try fixture.outputs()["phases"])
        #expect(phases["strategy_optimization_a"]?["outputs"]?["strategy_a_results"]
                == phases["strategy_optimization_a"]?["outputs"]?["selected_strategies"])
        let weights = try #require(phases["ensemble_optimization"]?["outputs"]?["ensemble_weights"])
        let shares = weights["notes"]?["input_shares"]
        #expect(shares?["strategy_optimization_a.strategy_a_results"]?.doubleValue == 0.4)
        #expect(shares?["strategy_optimization_b.strategy_b_results"]?.doubleValue == 0.6)
        let w = weights["members"]?.arrayValue?.compactMap { $0["weight"]?.doubleValue } ?? []
        #expect(abs(w.reduce(0, +) - 1) <= 1e-12)
        for row in weights["notes"]?["regime_input_shares"]?.objectValue ?? [] {
            let sum = (row.1.objectValue ?? []).compactMap { $0.1.doubleValue }.reduce(0, +)
            #expect(abs(sum - 1) <= 1e-12, "\(row.0)")
        }
    }

    @Test("adaptive pipeline: conditional branch, then an adaptive, market-aware ensemble with contributions")
    func adaptive() throws {
        let fixture = try WorkflowFixture(try Self.isolated("adaptive_research.yaml", replacing: [
            ("ensemble_construction\"\n    type: \"ensemble_optimization\"", "ensemble_construction\"\n    type: \"ensemble_optimization\"\n    outputs: [ensemble_weights, ensemble_performance_metrics, ensemble_contribution_analysis]"),
        ]))
        let summary = try fixture.run(workers: 2)
        #expect(summary.phases.map(\.status).allSatisfy { $0 == "completed" }, "\(summary.phases)")
        let outputs = try #require(try fixture.outputs()["phases"]?["ensemble_construction"]?["outputs"])
        let weights = try #require(outputs["ensemble_weights"])
        #expect(weights["method"]?.stringValue == "weighted_average")
        #expect(weights["notes"]?["adaptive_weighting"] == .bool(true))
        #expect(weights["notes"]?["market_condition_awareness"] == .bool(true))
        let w = weights["members"]?.arrayValue?.compactMap { $0["weight"]?.doubleValue } ?? []
        #expect(!w.isEmpty && abs(w.reduce(0, +) - 1) <= 1e-9)
        let contributions = try #require(outputs["ensemble_contribution_analysis"]?["members"]?.arrayValue)
        #expect(contributions.count == w.count)
    }
}
