import ADMFTestSupport
import Dashboard
import Foundation
import Reports
import Store
import Testing

/// What the dashboard reads from a store: a phase's outputs through the report's own views, and
/// the executor's shard status per phase.
@Suite("dashboard data")
struct DashboardDataTests {
    func store() throws -> (path: String, store: RunStore) {
        let path = try RepositoryPaths.temporaryDirectory("admf-dashboard-data").appendingPathComponent("run.sqlite").path
        let store = try RunStore(path: path)
        _ = try store.beginRun(RunRecord(id: "r1", workflowName: "views", configHash: "c", dataHash: "d", createdAt: 1))
        try store.declarePhases(run: "r1", phases: [("regimes", "analysis"), ("search", "optimization")])
        return (path, store)
    }

    @Test("a phase page shows the designed views of the static report: the transition matrix as a heat map, long names in a table")
    func phaseReportUsesDesignedViews() throws {
        let (path, store) = try store()
        let transitions = JSONValue.object([
            ("method", .string("hmm")), ("labels", .string("causal")), ("names", .array([.string("calm"), .string("stress")])),
            ("fitted", .array([.array([.number(0.97), .number(0.03)]), .array([.number(0.08), .number(0.92)])])),
            ("mean_run_length_bars", .array([.number(31.5), .number(11.2)])),
            ("expected_duration_bars", .array([.number(33.3), .number(12.5)])),
        ])
        let scalars = JSONValue.object((0..<12).map { ("a_rather_long_metric_name_\($0)", JSONValue.number(Double($0))) })
        try store.completePhase(run: "r1", name: "regimes", artifacts: [
            ArtifactRecord(phase: "regimes", name: "regime_transition_probabilities", kind: "metrics", json: transitions.serialized()),
            ArtifactRecord(phase: "regimes", name: "regime_statistics", kind: "metrics", json: scalars.serialized()),
        ], at: 2)
        let data = try DashboardData(stores: [path])
        let page = try #require(try data.phaseReport(run: "r1", phase: "regimes"))
        #expect(page.contains("Fitted transition probabilities") && page.contains("<svg"))
        #expect(page.contains("a_rather_long_metric_name_11"), "full names in a table, not cut-off cards")
        #expect(page.contains("regime_transition_probabilities: durations"))
        // exactly what the static report renders for the same outputs
        var report = HTMLReport(title: "regimes — analysis", subtitle: "views")
        report.footer = ""
        _ = PhaseOutputView.add([  // in the store's order: by name
            .init(name: "regime_statistics", kind: "metrics", value: scalars),
            .init(name: "regime_transition_probabilities", kind: "metrics", value: transitions),
        ], to: &report)
        #expect(page == report.render())
        #expect(try data.phaseReport(run: "r1", phase: "nope") == nil)
        #expect(try data.phaseReport(run: "nope", phase: "regimes") == nil)
        let pending = try #require(try data.phaseReport(run: "r1", phase: "search"))
        #expect(pending.contains("No outputs yet: the phase is pending."))
    }

    @Test("a phase's executor status reaches the run's JSON")
    func executorStatus() throws {
        let (path, store) = try store()
        try store.publishExecutorStatus(run: "r1", phase: "search", json: #"{"executor":"slurm","shards":8,"done":5,"running":3,"retried":0,"workers":0,"jobs":["41"]}"#, at: 3)
        let run = try #require(try DashboardData(stores: [path]).run("r1"))
        let search = run["phases"]?.arrayValue?.first { $0["name"]?.stringValue == "search" }
        #expect(search?["executor"]?["jobs"]?.arrayValue?.first?.stringValue == "41")
        #expect(search?["executor"]?["done"]?.doubleValue == 5)
        let regimes = run["phases"]?.arrayValue?.first { $0["name"]?.stringValue == "regimes" }
        #expect(regimes?["executor"] == nil)
    }
}

/// Stored outputs come back with null wherever a number was not finite (or not measured):
/// every view must show a gap, never trap converting it.
@Suite("report views on null numbers")
struct NullNumberViewTests {
    @Test("every designed view renders outputs full of nulls")
    func nullsEverywhere() throws {
        let history = JSONValue.object([("objective", .string("sharpe_ratio")), ("trials", .array([.object([
            ("trial", .null), ("strategy", .string("momentum")), ("parameters", .object([("fast_period", .null)])),
            ("objective_value", .null), ("sharpe_ratio", .null), ("num_trades", .null)])]))])
        let sets = JSONValue.object([("objective", .string("sharpe_ratio")), ("regimes", .array([.object([
            ("regime", .string("calm")), ("regime_bars", .null), ("rank", .null), ("trial", .null),
            ("metrics", .object([("num_trades", .null)]))])]))])
        let weights = JSONValue.object([("method", .string("weighted_average")), ("rebalance_frequency", .null),
                                        ("regime_confidence_threshold", .null),
                                        ("members", .array([.object([("member", .string("m0")), ("weight", .null)])]))])
        let labels = JSONValue.object([("names", .array([.string("calm")])), ("labels", .array([.null, .number(0), .null]))])
        let captured = JSONValue.object([("bars", .null), ("members", .array([.object([("encoded_bytes", .null), ("dense_bytes", .null)])]))])
        let distribution = JSONValue.object([("objective", .string("sharpe_ratio")),
                                             ("sharpe_ratio", .object([("count", .null), ("finite", .null), ("quantiles", .object([("p50", .null)]))])),
                                             ("objective_histogram", .object([("edges", .array([.number(0), .number(1)])), ("counts", .array([.null]))]))])
        let windows = JSONValue.object([("windows", .array([.object([("window", .null), ("train_start", .string("2020-01-02"))])]))])
        var report = HTMLReport(title: "nulls")
        let tables = PhaseOutputView.add([
            .init(name: "optimization_history", kind: "table", value: history),
            .init(name: "regime_optimized_strategies", kind: "parameter_sets", value: sets),
            .init(name: "optimal_ensemble_weights", kind: "ensemble_weights", value: weights),
            .init(name: "regime_classifications", kind: "regime_labels", value: labels),
            .init(name: "compressed_signals", kind: "captured_signals", value: captured),
            .init(name: "performance_distribution", kind: "metrics", value: distribution),
            .init(name: "walk_forward_results", kind: "table", value: windows),
            .init(name: "_report", kind: "report", value: .object([("monte_carlo_fan", .object([("steps", .array([.null])), ("bands", .array([]))]))])),
        ], to: &report)
        #expect(!tables.isEmpty)
        #expect(report.render().contains("regime_classifications"))
    }
}
