import ADMFTestSupport
import Foundation
import Testing

/// The Slurm executor against a real one-node cluster (`.ci/slurm-setup.sh`, started by
/// `.ci/run`, which sets ADMF_REQUIRE_SLURM=1): without Slurm on the machine the tests pass
/// only when that variable is unset, saying so.
@Suite("executors: Slurm array jobs", .serialized)
struct SlurmExecutorTests {
    static var available: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sinfo", "-h"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// The institutional seed's broad search: 10,000 random trials, four strategies, six ETFs.
    static func config(in directory: URL, containers: Int = 8) throws -> String {
        let path = directory.appendingPathComponent("broad.yaml").path
        let yaml = """
            workflow:
              name: "slurm test"
              seed: 1
              checkpointing: {checkpoint_location: "\(directory.appendingPathComponent("checkpoints").path)"}
            data:
              symbols: ["SPY", "QQQ", "IWM", "TLT", "GLD", "VIXY"]
              start_date: "2018-01-01"
              end_date: "2023-12-31"
              path: "\(RepositoryPaths.data.path)"
            infrastructure:
              slurm: {shards_per_task: 2}
            phases:
              - name: broad_parameter_search
                type: optimization
                config:
                  strategies: [momentum, mean_reversion, breakout, pairs_trading]
                  optimization:
                    method: random
                    n_trials: 10000
                    parameters: {fast_period: [3, 50], slow_period: [10, 200], lookback_period: [5, 100], signal_threshold: [0.001, 0.1]}
                container_count: \(containers)
                outputs: [best_parameters, top_20_parameter_sets, optimization_history, parameter_importance]
            reporting: {output_path: "\(directory.appendingPathComponent("reports").path)"}
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func start(_ config: String, executor: String) throws -> (Process, Pipe) {
        let (process, _, err) = try CLIRunner.start(["run", config, "--workers", "2", "--executor", executor], stderr: true)
        return (process, err ?? Pipe())
    }

    static var runs: Bool { available || ProcessInfo.processInfo.environment["ADMF_REQUIRE_SLURM"] == "1" }

    @Test("the 10,000-trial search through sbatch --array equals the threads executor byte for byte; a killed coordinator re-attaches",
          .enabled(if: runs, "no Slurm on this machine (.ci/run starts one)"))
    func slurmEqualsThreads() throws {
        try #require(Self.available, "Slurm is required here (ADMF_REQUIRE_SLURM=1) but sinfo fails")
        let threads = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-slurm-threads"))
        #expect(try CLIRunner.run(["run", threads, "--quiet", "--workers", "2"]).status == 0)
        let expected = try CLIRunner.outputs(threads)

        let directory = try RepositoryPaths.temporaryDirectory("admf-slurm")
        let slurm = try Self.config(in: directory)
        let (first, _) = try start(slurm, executor: "slurm")
        // Kill the coordinator once its array job is submitted.
        let slurmDirectory = directory.appendingPathComponent("checkpoints/slurm/broad_parameter_search")
        let deadline = Date().addingTimeInterval(60)
        var submitted = false
        while Date() < deadline, first.isRunning {
            let batches = (try? FileManager.default.contentsOfDirectory(atPath: slurmDirectory.path)) ?? []
            if batches.contains(where: { FileManager.default.fileExists(atPath: slurmDirectory.appendingPathComponent("\($0)/job-id").path) }) {
                submitted = true
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(submitted, "the coordinator submitted an array job")
        if first.isRunning { kill(first.processIdentifier, SIGKILL) }
        first.waitUntilExit()

        let (second, err) = try start(slurm, executor: "slurm")
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0, "\(stderr)")
        #expect(try CLIRunner.outputs(slurm) == expected)
        // Either the job was still queued (re-attached) or its results were all written already.
        let batches = try FileManager.default.contentsOfDirectory(atPath: slurmDirectory.path)
        #expect(batches.count == 1, "one batch: the whole search in one array job")
        let results = try FileManager.default.contentsOfDirectory(atPath: slurmDirectory.appendingPathComponent(batches[0]).path)
            .filter { $0.hasPrefix("result-") }
        #expect(results.count == 8, "container_count shards")
        #expect(!stderr.contains("submitted again"), "\(stderr)")
    }
}
