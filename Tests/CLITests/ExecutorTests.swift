import ADMFTestSupport
import Foundation
import Testing

/// The processes executor against the threads executor: the same bytes, whatever crashes.
@Suite("executors: worker processes", .serialized)
struct ExecutorTests {
    static func config(in directory: URL, extra: String = "") throws -> String {
        let path = directory.appendingPathComponent("search.yaml").path
        let yaml = """
            workflow:
              name: "executor test"
              seed: 5
              checkpointing: {checkpoint_location: "\(directory.appendingPathComponent("checkpoints").path)"}
            \(extra)
            data:
              symbols: ["SPY", "QQQ"]
              start_date: "2016-01-01"
              end_date: "2023-12-31"
              path: "\(RepositoryPaths.data.path)"
            phases:
              - name: search
                type: optimization
                config:
                  strategies: [momentum, mean_reversion]
                  optimization:
                    method: random
                    n_trials: 300
                    parameters: {fast_period: [3, 40], slow_period: [20, 150], lookback_period: [5, 60]}
                outputs: [best_parameters, top_10_parameter_sets, optimization_history, parameter_importance]
            reporting: {output_path: "\(directory.appendingPathComponent("reports").path)"}
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ config: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stderr: String) {
        let result = try CLIRunner.run(["run", config] + arguments, environment: environment)
        return (result.status, result.stderr)
    }

    @Test("processes and threads give byte-identical outputs for 1 and 2 workers")
    func determinism() throws {
        let threads = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-exec-threads"))
        #expect(try run(threads, ["--quiet", "--workers", "2"]).status == 0)
        let expected = try CLIRunner.outputs(threads)
        for workers in ["1", "2"] {
            let processes = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-exec-processes"))
            let result = try run(processes, ["--quiet", "--workers", workers, "--executor", "processes"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try CLIRunner.outputs(processes) == expected)
        }
        // the workflow's own choice, as the config states it
        let configured = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-exec-configured"),
                                         extra: "infrastructure: {executor: processes}")
        #expect(try run(configured, ["--quiet", "--workers", "2"]).status == 0)
        #expect(try CLIRunner.outputs(configured) == expected)
    }

    @Test("a worker that aborts costs one retried shard and no result")
    func crashIsolation() throws {
        let threads = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-exec-reference"))
        #expect(try run(threads, ["--quiet"]).status == 0)
        let directory = try RepositoryPaths.temporaryDirectory("admf-exec-crash")
        let config = try Self.config(in: directory)
        let result = try run(config, ["--workers", "2", "--executor", "processes"], environment: [
            "ADMF_WORKER_CRASH": "3", "ADMF_WORKER_CRASH_MARK": directory.appendingPathComponent("crashed").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("crashed").path), "the planted crash happened")
        #expect(result.stderr.contains("worker for shard 3 failed (signal 6"), "\(result.stderr)")
        #expect(result.stderr.contains("shard sent again to a new worker"))
        #expect(try CLIRunner.outputs(config) == CLIRunner.outputs(threads))
    }

    @Test("memory_per_container is enforced on each worker: a worker over it fails its shard, retried, then a located error")
    func memoryLimit() throws {
        let directory = try RepositoryPaths.temporaryDirectory("admf-exec-memory")
        let config = try Self.config(in: directory, extra: """
              resource_management:
                phase_resources:
                  search: {memory_per_container: "16MB"}
            """)
        let result = try run(config, ["--quiet", "--workers", "1", "--executor", "processes"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("shard 0 failed 3 times in worker processes"), "\(result.stderr)")
    }
}
