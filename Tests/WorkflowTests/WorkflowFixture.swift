import ADMFTestSupport
import Foundation
import Reports
import Workflow

/// A workflow written into its own temporary directory, with absolute paths for data,
/// checkpoints and reports, so tests never touch the repository or each other.
struct WorkflowFixture {
    let directory: URL
    let configPath: String

    /// `body` is the YAML after the `workflow:` header lines; `CHECKPOINTS`, `REPORTS` and
    /// `DATA` are replaced with absolute paths.
    init(_ yaml: String, name: String = "workflow") throws {
        directory = try RepositoryPaths.temporaryDirectory("admf-workflow")
        configPath = directory.appendingPathComponent("\(name).yaml").path
        let text = yaml
            .replacingOccurrences(of: "CHECKPOINTS", with: directory.appendingPathComponent("checkpoints").path)
            .replacingOccurrences(of: "REPORTS", with: directory.appendingPathComponent("reports").path)
            .replacingOccurrences(of: "DATA", with: RepositoryPaths.data.path)
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func plan(workers: Int? = nil) throws -> WorkflowPlan {
        try WorkflowPlanner.plan(try WorkflowLoader.load(path: configPath), options: .init(workers: workers))
    }

    @discardableResult
    func run(workers: Int? = nil, faults: [FaultInjection.Fault] = [], onlyPhase: String? = nil,
             resumeFrom: String? = nil) throws -> RunSummary {
        var options = RunOptions(workers: workers, onlyPhase: onlyPhase, resumeFrom: resumeFrom, quiet: true,
                                 faults: FaultInjection(faults: faults))
        options.live = LiveOptions(speed: .infinity)  // replayed live sessions unpaced
        return try WorkflowRunner(plan: try plan(workers: workers), options: options).run()
    }

    func outputs(_ selector: String? = nil) throws -> JSONValue {
        try WorkflowOutputs.collect(plan: try plan(), selector: selector)
    }

    func status(_ phase: String) throws -> String? {
        try outputs()["phases"]?[phase]?["status"]?.stringValue
    }

    var reports: URL { directory.appendingPathComponent("reports") }

    /// The basic pipeline (optimise → analyse → validate) on bundled AAPL bars.
    static func basic(policies: String = "", global: String = "", optimization: String? = nil) -> String {
        """
        workflow:
          name: "basic"
          seed: 7
          checkpointing:
            checkpoint_location: "CHECKPOINTS"
        \(policies.isEmpty && global.isEmpty ? "" : "  error_handling:\n")\(policies)\(global)
        data:
          symbols: ["AAPL"]
          start_date: "2005-03-01"
          end_date: "2013-03-01"
          path: "DATA"
        phases:
          - name: "parameter_optimization"
            type: "optimization"
            config:
              strategies:
                - type: "momentum"
              optimization:
                method: "grid"
                parameters:
        \(optimization ?? "          fast_period: [5, 10, 15, 20]\n          slow_period: [20, 30, 40, 50]\n          signal_threshold: [0.01, 0.02, 0.05]")
                objective: "sharpe_ratio"
            outputs: [best_parameters, top_10_parameter_sets, optimization_history, optimization_results, parameter_importance, performance_distribution]
          - name: "performance_analysis"
            type: "analysis"
            inputs: ["parameter_optimization.best_parameters"]
            config:
              analyzers: ["drawdown_analysis", "regime_performance", "correlation_analysis", "monte_carlo_simulation"]
              monte_carlo: {paths: 200}
            outputs: [performance_metrics, regime_breakdown, risk_assessment]
          - name: "validation"
            type: "backtest"
            inputs: ["parameter_optimization.best_parameters"]
            config:
              data_split: "test"
              include_transaction_costs: true
            outputs: [validation_results, final_performance_report]
        reporting:
          output_path: "REPORTS"
        """
    }
}
