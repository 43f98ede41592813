import ADMFTestSupport
import Foundation
import Testing

/// The model search of an optimisation over features (search `ml`) and the candidate models'
/// cross-validation in each window of a walk-forward over them (`window-W`) in worker
/// processes: they really run there, survive a worker crash, and give the threads executor's bytes.
@Suite("executors: the machine-learning model search in workers", .serialized)
struct MachineLearningExecutorTests {
    static func config(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("ml.yaml").path
        let yaml = """
            workflow:
              name: "ml executors"
              seed: 5
              checkpointing: {checkpoint_location: "\(directory.appendingPathComponent("checkpoints").path)"}
            data: {symbols: ["SPY"], path: "\(RepositoryPaths.data.path)", start_date: "2015-01-02", end_date: "2019-12-31", split: {test_start: "2017-01-03"}}
            phases:
              - name: features
                type: feature_engineering
                config: {feature_types: ["technical"]}
                outputs: [features]
              - name: models
                type: optimization
                inputs: ["features.features"]
                config:
                  strategies: [sklearn_model, tensorflow_model, gradient_boosting]
                  optimization: {method: random, n_trials: 6, parameters: {estimators: [10, 40], hidden_units: [4, 16]}}
                outputs: [best_models, optimization_history]
              - name: wf
                type: walk_forward
                inputs: ["models.best_models"]
                config: {walk_forward: {train_period_days: 252, test_period_days: 63, step_days: 63}}
                outputs: [walk_forward_results]
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("--executor processes: the model search and the walk-forward's windows run in workers, survive a crash, and equal threads byte for byte")
    func processes() throws {
        let threads = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-ml-threads"))
        let reference = try CLIRunner.run(["run", threads, "--quiet", "--workers", "2"])
        #expect(reference.status == 0, "\(reference.stderr)")
        let directory = try RepositoryPaths.temporaryDirectory("admf-ml-processes")
        let config = try Self.config(in: directory)
        let (result, crashed) = try CLIRunner.runCrashingOncePerSearch(["run", config, "--workers", "2", "--executor", "processes"],
                                                                      marks: directory.appendingPathComponent("marks"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(crashed.contains("models.ml"), "the model search ran in a worker")
        #expect(crashed.contains("wf.window-0"), "window 0's candidates ran in a worker")
        #expect(!result.stderr.contains("in this process"), "\(result.stderr)")
        #expect(try CLIRunner.outputs(config) == (try CLIRunner.outputs(threads)))
    }
}
