import ADMFTestSupport
import Foundation
import Testing

/// Every kind of search a workflow runs — regime model fits, `group_by_regime`, the
/// ensemble-weight search over captured signals, walk-forward windows over input candidates,
/// over a search of their own and over searched ensemble weights —
/// in worker processes and as Slurm array jobs, chosen for the run or per phase: the same bytes
/// as the threads executor, and each search really ran in workers (one planted crash per search).
@Suite("executors: every search kind in workers", .serialized)
struct SearchKindsExecutorTests {
    static func config(in directory: URL, infrastructure: String = "") throws -> String {
        let path = directory.appendingPathComponent("kinds.yaml").path
        let yaml = """
            workflow:
              name: "search kinds"
              seed: 11
              checkpointing: {checkpoint_location: "\(directory.appendingPathComponent("checkpoints").path)"}
            \(infrastructure)
            data:
              symbols: ["SPY", "TLT"]
              start_date: "2016-01-01"
              end_date: "2022-12-31"
              path: "\(RepositoryPaths.data.path)"
            phases:
              - name: regimes
                type: analysis
                config:
                  regime_detection: {methods: ["hmm"], n_regimes: [2], features: ["volatility", "trend"]}
                outputs: [regime_classifications]
              - name: by_regime
                type: optimization
                inputs: ["regimes.regime_classifications"]
                config:
                  strategies: [momentum, mean_reversion]
                  optimization:
                    method: random
                    group_by_regime: true
                    n_trials: 40
                    n_trials_per_regime: 20
                    parameters: {fast_period: [3, 30], slow_period: [20, 120], lookback_period: [5, 60]}
                outputs: [regime_optimized_strategies, optimization_history]
              - name: capture
                type: signal_generation
                inputs: ["by_regime.regime_optimized_strategies"]
                config: {include_regime_context: true}
                outputs: [compressed_signals]
              - name: weights
                type: optimization
                inputs: ["capture.compressed_signals"]
                config:
                  optimization:
                    method: differential_evolution
                    n_generations: 3
                    population_size: 8
                    parameters: {strategy_weights: [0.0, 1.0], rebalance_frequency: [1, 10]}
                  constraints: {sum_weights: 1.0, min_weight: 0.1, max_weight: 0.9}
                outputs: [optimal_ensemble_weights, optimization_history]
              - name: wf_inputs
                type: walk_forward
                inputs: ["by_regime.regime_optimized_strategies"]
                config:
                  walk_forward: {train_period_days: 504, test_period_days: 252, step_days: 252}
                  allow_in_sample_inputs: true
                outputs: [walk_forward_results, parameter_evolution]
              - name: wf_search
                type: walk_forward
                config:
                  walk_forward: {train_period_days: 504, test_period_days: 252, step_days: 252}
                  strategies: [sma_crossover]
                  optimization:
                    method: random
                    n_trials: 24
                    parameters: {fast_period: [3, 50], slow_period: [20, 200]}
                outputs: [walk_forward_results, parameter_evolution]
              - name: wf_weights
                type: walk_forward
                inputs: ["weights.optimal_ensemble_weights"]
                config:
                  walk_forward: {train_period_days: 504, test_period_days: 252, step_days: 252}
                  allow_in_sample_inputs: true
                outputs: [walk_forward_results, ensemble_weight_stability, regime_adaptation_effectiveness]
            reporting: {output_path: "\(directory.appendingPathComponent("reports").path)"}
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The searches of the workflow, as `<phase>.<search>`.
    static let searches = ["regimes.regime-fits", "by_regime.regime-0", "by_regime.regime-1", "weights.ensemble", "wf_inputs.window-0",
                           "wf_search.window-0", "wf_weights.window-0"]

    func reference() throws -> String {
        let threads = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-kinds-threads"))
        let result = try CLIRunner.run(["run", threads, "--quiet", "--workers", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        return try CLIRunner.outputs(threads)
    }

    @Test("--executor processes: every search kind runs in workers, survives a crash per search, and equals threads byte for byte")
    func processesEverySearch() throws {
        let expected = try reference()
        let directory = try RepositoryPaths.temporaryDirectory("admf-kinds-processes")
        let config = try Self.config(in: directory)
        let (result, crashed) = try CLIRunner.runCrashingOncePerSearch(["run", config, "--workers", "2", "--executor", "processes"],
                                                                      marks: directory.appendingPathComponent("marks"))
        #expect(result.status == 0, "\(result.stderr)")
        for search in Self.searches {
            #expect(crashed.contains(search), "\(search) ran in a worker")
        }
        #expect(!result.stderr.contains("runs on threads in this process"), "\(result.stderr)")
        #expect(try CLIRunner.outputs(config) == expected)
    }

    @Test("infrastructure.phase_resources.<phase>.executor: that phase in workers, the others on threads; same bytes")
    func perPhaseExecutor() throws {
        let expected = try reference()
        let directory = try RepositoryPaths.temporaryDirectory("admf-kinds-per-phase")
        let config = try Self.config(in: directory, infrastructure: """
            infrastructure:
              phase_resources:
                by_regime: {executor: processes}
            """)
        let (result, crashed) = try CLIRunner.runCrashingOncePerSearch(["run", config, "--quiet", "--workers", "2"],
                                                                      marks: directory.appendingPathComponent("marks"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(crashed == ["by_regime.regime-0", "by_regime.regime-1"], "only by_regime ran in workers")
        #expect(try CLIRunner.outputs(config) == expected)
    }

    @Test("--executor slurm: every search kind as array jobs equals threads byte for byte",
          .enabled(if: SlurmExecutorTests.runs, "no Slurm on this machine (.ci/run starts one)"))
    func slurmEverySearch() throws {
        try #require(SlurmExecutorTests.available, "Slurm is required here (ADMF_REQUIRE_SLURM=1) but sinfo fails")
        let expected = try reference()
        let directory = try RepositoryPaths.temporaryDirectory("admf-kinds-slurm")
        let config = try Self.config(in: directory)
        let result = try CLIRunner.run(["run", config, "--quiet", "--workers", "2", "--executor", "slurm"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLIRunner.outputs(config) == expected)
        let slurm = directory.appendingPathComponent("checkpoints/slurm")
        for phase in ["regimes", "by_regime", "weights", "wf_inputs", "wf_search", "wf_weights"] {
            let batches = (try? FileManager.default.contentsOfDirectory(atPath: slurm.appendingPathComponent(phase).path)) ?? []
            #expect(!batches.isEmpty, "\(phase) submitted array jobs")
        }
    }
}
