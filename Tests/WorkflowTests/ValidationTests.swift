import ADMFTestSupport
import Foundation
import Testing
import Workflow

@Suite("Validation: seed configs and graph errors")
struct ValidationTests {
    /// Each seed either validates or is refused naming the one thing not supported (or missing).
    static let seeds: [(file: String, expected: String?)] = [
        ("adaptive_research.yaml", "no data section"),
        ("basic_multi_phase.yaml", nil),
        ("checkpointing.yaml", nil),
        ("data_flow_patterns.yaml", "an optimization phase needs a config with 'strategies'"),
        ("error_handling.yaml", nil),
        ("institutional_research.yaml", "aliases: {VXX: VIXY}"),
        ("monitoring.yaml", nil),
        ("parallel_research.yaml", "no data section"),
        ("production_deployment.yaml", "comprehensive_validation needs the strategy to validate"),
        ("resource_management.yaml", nil),
        ("signal_transformation.yaml", "signal_generation needs strategies"),
        ("workflow_analytics.yaml", nil),
    ]

    @Test("every seed config validates or is refused with a located message", arguments: seeds.map(\.file))
    func seed(file: String) throws {
        let expected = Self.seeds.first { $0.file == file }?.expected
        // Run from the repository root so the seeds' default data path resolves to the bundled data.
        let path = RepositoryPaths.fixture("seed-configs/\(file)")
        let previous = FileManager.default.currentDirectoryPath
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        FileManager.default.changeCurrentDirectoryPath(RepositoryPaths.root.path)
        do {
            let plan = try WorkflowPlanner.plan(try WorkflowLoader.load(path: path))
            #expect(expected == nil, "\(file) validated but was expected to fail with: \(expected ?? "")")
            _ = plan
        } catch let error as ConfigError {
            let message = "\(error)"
            #expect(expected.map { message.contains($0) } == true, "\(file): \(message)")
            #expect(message.hasPrefix(path + ":"), "not located: \(message)")
            #expect(!message.contains("\n"))
        }
    }

    static func plan(_ phases: String) throws -> WorkflowPlan {
        let fixture = try WorkflowFixture("""
            workflow: {checkpointing: {checkpoint_location: "CHECKPOINTS"}}
            data: {symbols: ["AAPL"], path: "DATA"}
            phases:
            \(phases)
            """)
        return try fixture.plan()
    }

    static let optimize = """
          - name: optimize
            type: optimization
            config:
              strategies: [momentum]
              optimization: {method: grid, parameters: {fast_period: [5, 10], slow_period: [20, 40]}}
            outputs: [best_parameters]
        """

    @Test("graph and config errors name the key and what to do", arguments: [
        ("  - name: v\n    type: backtest\n    inputs: [\"optimise.best_parameters\"]", "names phase 'optimise', which the workflow does not have — did you mean 'optimize'?"),
        ("  - name: v\n    type: backtest\n    inputs: [\"optimize.best_paramters\"]", "does not produce 'best_paramters' — did you mean 'best_parameters'?"),
        ("  - name: v\n    type: backtest\n    inputs: [\"optimize.top_10_parameter_sets\"]", "does not produce 'top_10_parameter_sets'"),
        ("  - name: v\n    type: backtest", "needs an input with parameter sets"),
        ("  - name: v\n    type: backtst", "unknown phase type 'backtst' — did you mean 'backtest'?"),
        ("  - name: a\n    type: analysis\n    inputs: [\"b.performance_metrics\"]\n    config: {analyzers: [drawdown_analysis]}\n  - name: b\n    type: analysis\n    inputs: [\"a.performance_metrics\"]\n    config: {analyzers: [drawdown_analysis]}", "the inputs form a cycle"),
        ("  - name: c\n    type: conditional\n    condition: \"${optimize.best_parameters.count > 2\"\n    if_true: {type: backtest}\n    if_false: {type: backtest}", "unterminated ${…} reference"),
    ])
    func graphErrors(extra: String, expected: String) throws {
        do {
            _ = try Self.plan(Self.optimize + "\n" + extra)
            Issue.record("expected: \(expected)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test("impossible parameter ranges are refused with the parameter's line", arguments: [
        ("{method: grid, parameters: {fast_period: [0, 10], slow_period: [20]}}", "fast_period = 0 is outside its valid range"),
        ("{method: grid, parameters: {fast_perod: [5]}}", "did you mean 'fast_period'?"),
        ("{method: random, n_trials: 10, parameters: {fast_period: [50, 5]}}", "must have low ≤ high"),
        ("{method: grid, parameters: {fast_period: [30, 40], slow_period: [10, 20]}}", "every grid combination breaks a strategy constraint"),
        ("{method: simulated_annealing, parameters: {fast_period: [5, 10]}}", "optimization method 'simulated_annealing' is not supported yet"),
        ("{method: bayesian, n_trials: 10, parameters: {fast_period: {low: 0, high: 10, log: true}}}", "a log-scaled range needs low > 0"),
        ("{method: grid, n_generations: 5, parameters: {fast_period: [5, 10]}}", "n_generations applies to method differential_evolution"),
        ("{method: grid, parameters: {fast_period: [5, 10]}, objective: sharp_ratio}", "sharp_ratio"),
    ])
    func parameterErrors(optimization: String, expected: String) throws {
        do {
            _ = try Self.plan("""
                  - name: optimize
                    type: optimization
                    config:
                      strategies: [momentum]
                      optimization: \(optimization)
                """)
            Issue.record("expected: \(expected)")
        } catch {
            let message = "\(error)"
            #expect(message.contains(expected), "\(message)")
            #expect(message.contains(":8:"), "not located on the optimization line: \(message)")
        }
    }
}
