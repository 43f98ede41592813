import ADMFTestSupport
import Foundation
import Testing

@Suite("admf run survives SIGKILL at any moment", .serialized)
struct KillResumeTests {
    static func config(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("kill.yaml").path
        let yaml = """
            workflow:
              name: "kill test"
              seed: 11
              checkpointing: {checkpoint_location: "\(directory.appendingPathComponent("checkpoints").path)"}
            data:
              symbols: ["MSFT"]
              start_date: "2003-03-01"
              path: "\(RepositoryPaths.data.path)"
            phases:
              - name: search
                type: optimization
                config:
                  strategies: [momentum]
                  optimization:
                    method: grid
                    parameters:
                      fast_period: [\((2...26).map(String.init).joined(separator: ", "))]
                      slow_period: [\(stride(from: 30, through: 200, by: 6).map(String.init).joined(separator: ", "))]
                      signal_threshold: [0.0, 0.01]
                outputs: [best_parameters, top_5_parameter_sets, optimization_history, parameter_importance]
              - name: analyse
                type: analysis
                inputs: ["search.top_5_parameter_sets"]
                config: {analyzers: [drawdown_analysis, monte_carlo_simulation, correlation_analysis]}
                outputs: [performance_metrics, risk_assessment]
              - name: validate
                type: backtest
                inputs: ["search.best_parameters"]
                config: {include_transaction_costs: true}
            reporting: {output_path: "\(directory.appendingPathComponent("reports").path)"}
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("killed with SIGKILL several times and run again, the outputs equal an uninterrupted run's")
    func killAndResume() throws {
        let reference = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-kill-reference"))
        let clean = try CLIRunner.run(["run", reference, "--quiet", "--workers", "2"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let expected = try CLIRunner.outputs(reference)
        #expect(expected.contains("\"validate\""))

        let config = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-kill"))
        let kills = try CLIRunner.killRuns(["run", config, "--quiet", "--workers", "2"], after: [0.25, 0.6, 1.0, 1.6, 2.4])
        let final = try CLIRunner.run(["run", config, "--quiet", "--workers", "1"])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(kills >= 1, "the run finished before it could be killed; make the test workload larger")
        #expect(try CLIRunner.outputs(config) == expected)
    }
}
