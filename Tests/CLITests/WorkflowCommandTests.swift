import ADMFTestSupport
import Foundation
import Testing

@Suite("admf validate / run / outputs on the command line")
struct WorkflowCommandTests {
    func write(_ yaml: String) throws -> String {
        let directory = try RepositoryPaths.temporaryDirectory("admf-cli-workflow")
        let path = directory.appendingPathComponent("w.yaml").path
        try yaml.replacingOccurrences(of: "DIR", with: directory.path)
            .replacingOccurrences(of: "DATA", with: RepositoryPaths.data.path)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("validate accepts the bundled examples")
    func examples() throws {
        for example in ["basic_multi_phase", "adaptive_research", "parallel_research", "data_flow", "research_methods"] {
            let output = try CLIRunner.run(["validate", "examples/\(example).yaml"], in: RepositoryPaths.root)
            #expect(output.status == 0, "\(example): \(output.stderr)")
            #expect(output.stdout.contains("valid"))
        }
    }

    @Test("a misspelt key is one located line with a suggestion and exit 1, and nothing is written")
    func misspelt() throws {
        let path = try write("""
            workflow: {name: w, checkpointing: {checkpoint_location: "DIR/checkpoints"}}
            data: {symbols: [AAPL], path: "DATA"}
            phases:
              - name: optimize
                type: optimization
                config:
                  strategies: [momentum]
                  optimisation: {method: grid, parameters: {fast_period: [5]}}
            """)
        for command in ["validate", "run"] {
            let output = try CLIRunner.run([command, path])
            #expect(output.status == 1)
            let lines = output.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(output.stderr)")
            #expect(output.stderr.contains("w.yaml:8:"), "\(output.stderr)")
            #expect(output.stderr.contains("did you mean 'optimization'"), "\(output.stderr)")
        }
        let checkpoints = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("checkpoints").path
        #expect(!FileManager.default.fileExists(atPath: checkpoints))
    }

    @Test("outputs before a run names the phase that has no output yet")
    func outputsBeforeRun() throws {
        let path = try write("""
            workflow: {name: w, checkpointing: {checkpoint_location: "DIR/checkpoints"}}
            data: {symbols: [AAPL], path: "DATA", start_date: "2006-01-01"}
            phases:
              - name: optimize
                type: optimization
                config:
                  strategies: [momentum]
                  optimization: {method: grid, parameters: {fast_period: [5, 10], slow_period: [30]}}
                outputs: [best_parameters]
            reporting: {output_path: "DIR/reports"}
            """)
        let before = try CLIRunner.run(["outputs", path, "optimize.best_parameters"])
        #expect(before.status == 1)
        #expect(before.stderr.contains("admf run"), "\(before.stderr)")
        let run = try CLIRunner.run(["run", path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let after = try CLIRunner.run(["outputs", path, "optimize.best_parameters", "--json"])
        #expect(after.status == 0)
        #expect(after.stdout.contains("\"strategy\": \"momentum\""))
        let bad = try CLIRunner.run(["outputs", path, "optimise"])
        #expect(bad.status == 1 && bad.stderr.contains("no phase 'optimise'"))
    }
}
