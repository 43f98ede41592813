import ADMFTestSupport
import Backtest
import Foundation
import Market
import Reports
import Testing
@testable import Workflow

/// Machine-learning strategies: an optimisation over models on a features input, then a
/// walk-forward that re-trains them window by window.
@Suite("machine-learning strategies: purged CV, best_models, walk-forward over models")
struct MachineLearningTests {
    /// feature_engineering → model search → walk-forward over best_models, on bundled SPY bars.
    static func yaml(end: String = "2020-12-31", optimization: String? = nil, extra: String = "") -> String {
        """
        workflow: {name: "ml", seed: 5, checkpointing: {checkpoint_location: "CHECKPOINTS"}}
        data: {symbols: ["SPY"], path: "DATA", start_date: "2015-01-02", end_date: "\(end)", split: {test_start: "2017-01-03"}}
        phases:
          - name: feature_engineering
            type: feature_engineering
            config: {feature_types: ["technical"]}
            outputs: [features]
          - name: ml_optimization
            type: optimization
            inputs: ["feature_engineering.features"]
            config:
              strategies: [sklearn_model, tensorflow_model, gradient_boosting]
              optimization: \(optimization ?? "{method: random, n_trials: 6, parameters: {estimators: [10, 40], hidden_units: [4, 16]}}")
              include_transaction_costs: true
        \(extra)
            outputs: [best_models, optimization_history, optimization_results]
          - name: ml_walk_forward
            type: walk_forward
            inputs: ["ml_optimization.best_models"]
            config:
              walk_forward: {train_period_days: 252, test_period_days: 63, step_days: 63}
              include_transaction_costs: true
            outputs: [walk_forward_results, parameter_evolution, performance_consistency, parameter_stability]
        reporting: {output_path: "REPORTS"}
        """
    }

    @Test("purging and embargo: no training row's label window meets a validation fold's, for the splits the evaluation uses")
    func purging() throws {
        let bars = try CSVBarLoader().load(path: RepositoryPaths.data.appendingPathComponent("SPY_daily.csv").path, symbol: "SPY").slice(0..<400)
        // two features with a warm-up and a gap in the middle (rows dropped there)
        let a = bars.close.indices.map { $0 < 30 || (200..<210).contains($0) ? Double.nan : bars.close[$0] / bars.close[$0 - 1] - 1 }
        let b = bars.close.indices.map { $0 < 12 ? Double.nan : Double($0 % 7) }
        let dataset = MLDataset(featureNames: ["a", "b"], columns: [[a, b]], files: .null)
        for (fill, delay) in [(FillTiming.nextOpen, 0), (.nextOpen, 1), (.close, 0)] {
            var config = BacktestConfig()
            config.fill = fill
            config.delayBars = delay
            let range = 50..<350
            let training = try MLTrainingSet(dataset: dataset, range: range, bars: [bars], config: config, folds: 5, embargo: 4)
            let h = training.label.horizon
            #expect(h == (fill == .nextOpen ? 2 : 1) + delay)
            // every label reads bars inside the range only
            #expect(training.rows.bars.allSatisfy { $0 + h < range.upperBound && range.contains($0) })
            #expect(!training.rows.bars.contains { (200..<210).contains($0) })
            #expect(training.splits.count == 5)
            for split in training.splits {
                let testBars = split.test.map { training.rows.bar(ofRow: $0) }
                let (first, last) = (try #require(testBars.min()), try #require(testBars.max()))
                for i in split.trainRanges.flatMap({ Array($0) }) {
                    let t = training.rows.bar(ofRow: i)
                    // [t, t + h] never meets [first, last + h]
                    #expect(t + h < first || t > last + h, "training bar \(t) overlaps validation \(first)…\(last) (h \(h))")
                    // embargo: nothing within 4 bars after the last validation label
                    if t > last { #expect(t > last + h + 4) }
                }
            }
        }
    }

    @Test("feature_engineering → model search → walk-forward over best_models: per-fold scores, importance, windows after the training split")
    func endToEnd() throws {
        let fixture = try WorkflowFixture(Self.yaml())
        try fixture.run()
        let phases = try #require(try fixture.outputs()["phases"])
        let best = try #require(phases["ml_optimization"]?["outputs"]?["best_models"])
        #expect(best["sample"]?.stringValue == "in_sample")
        #expect(best["label_horizon_bars"]?.intValue == 2)
        let names = try #require(best["feature_names"]?.arrayValue)
        let models = try #require(best["models"]?.arrayValue)
        #expect(models.count == 3)
        for model in models {
            let folds = try #require(model["folds"]?.arrayValue)
            #expect(folds.count == 5)
            #expect(folds.allSatisfy { ($0["log_loss"]?.doubleValue ?? .nan) > 0 && ($0["training_rows"]?.intValue ?? 0) > 100 })
            let importance = try #require(model["feature_importance"]?.arrayValue)
            #expect(importance.count == names.count)
            let values = importance.compactMap { $0["importance"]?.doubleValue }
            #expect(values == values.sorted(by: >))
            let name = try #require(model["model"]?.stringValue)
            #expect(["logistic_regression", "mlp", "gradient_boosting"].contains(name))
            #expect((model["standardized_coefficients"] != nil) == (name == "logistic_regression"))
            #expect(model["mapped_from"]?.stringValue == ["logistic_regression": "sklearn_model", "mlp": "tensorflow_model"][name])
        }
        let history = try #require(phases["ml_optimization"]?["outputs"]?["optimization_history"]?["trials"]?.arrayValue)
        #expect(history.count == 6)
        let results = try #require(phases["ml_walk_forward"]?["outputs"]?["walk_forward_results"])
        let windows = try #require(results["windows"]?.arrayValue)
        #expect(windows.count >= 10)
        for window in windows {
            // the first test bar comes after the models' training split
            #expect((window["test_start"]?.stringValue ?? "") >= "2017-01-03")
            #expect(window["sample"]?.stringValue == "out_of_sample")
            #expect(window["folds"]?.arrayValue?.count == 5)
            #expect((window["test_probabilities"]?.arrayValue?.count ?? 0) > 50)
        }
        #expect(results["stitched_out_of_sample"]?["sharpe_ratio"]?.doubleValue?.isFinite == true)
        #expect(phases["ml_walk_forward"]?["outputs"]?["parameter_evolution"]?["windows"]?.arrayValue?.count == windows.count)
        // the report's designed view: ranking, per-fold scores, importance bars and table
        let html = try String(contentsOf: fixture.reports.appendingPathComponent("ml_optimization.html"), encoding: .utf8)
        for text in ["best_models: models", ": folds", "permutation importance (log-loss increase on the validation folds)",
                     ": feature importance", "standardised coefficient", "sklearn_model"] {
            #expect(html.contains(text), "\(text)")
        }
    }

    @Test("determinism: 1 and 2 workers give identical outputs")
    func workers() throws {
        let one = try WorkflowFixture(Self.yaml())
        let two = try WorkflowFixture(Self.yaml())
        try one.run(workers: 1)
        try two.run(workers: 2)
        let a = try #require(try one.outputs()["phases"])
        let b = try #require(try two.outputs()["phases"])
        for phase in ["ml_optimization", "ml_walk_forward"] {
            #expect(a[phase]?["outputs"]?.serialized() == b[phase]?["outputs"]?.serialized(), "\(phase)")
        }
    }

    @Test("causality: the walk-forward's predictions before T do not change when the bars after T are removed")
    func causal() throws {
        let full = try WorkflowFixture(Self.yaml(end: "2020-12-31"))
        let cut = try WorkflowFixture(Self.yaml(end: "2019-06-28"))
        try full.run()
        try cut.run()
        func windows(_ fixture: WorkflowFixture) throws -> [JSONValue] {
            try #require(try fixture.outputs()["phases"]?["ml_walk_forward"]?["outputs"]?["walk_forward_results"]?["windows"]?.arrayValue)
        }
        let before = try windows(full).filter { ($0["test_end"]?.stringValue ?? "") < "2019-06-28" }
        let after = try windows(cut).filter { ($0["test_end"]?.stringValue ?? "") < "2019-06-28" }
        #expect(before.count >= 5 && before.count == after.count)
        for (x, y) in zip(before, after) {
            #expect(x["test_probabilities"]?.serialized() == y["test_probabilities"]?.serialized(), "window \(x["window"]?.intValue ?? -1)")
            #expect(x["parameters"]?.serialized() == y["parameters"]?.serialized())
        }
        // the best models were chosen on the same training split
        let a = try full.outputs()["phases"]?["ml_optimization"]?["outputs"]?["best_models"]?["models"]
        let b = try cut.outputs()["phases"]?["ml_optimization"]?["outputs"]?["best_models"]?["models"]
        #expect(a?.serialized() == b?.serialized())
    }

    @Test("config errors name the key: unknown hyperparameters (searched or fixed), unknown phase keys, strategies mixed with models")
    func refusals() throws {
        let cases: [(String, String, String)] = [
            (Self.yaml(optimization: "{method: random, n_trials: 2, parameters: {c: [0.1, 1], hiden_units: [4, 8]}}"), "hiden_units", "did you mean 'hidden_units'"),
            (Self.yaml(extra: "      cv_fold: 3"), "cv_fold", "cv_folds"),
            (Self.yaml(extra: "      embargo_bars: -1"), "embargo_bars", "at least 0"),
            (Self.yaml(optimization: "{method: random, n_trials: 2}").replacingOccurrences(
                of: "[sklearn_model, tensorflow_model, gradient_boosting]", with: "[{type: mlp, parameters: {dropout: 0.2}}]"), "dropout", "mlp"),
            (Self.yaml().replacingOccurrences(of: "[sklearn_model, tensorflow_model, gradient_boosting]", with: "[sklearn_model, momentum]"),
             "momentum", "is a strategy"),
        ]
        for (yaml, key, words) in cases {
            let fixture = try WorkflowFixture(yaml)
            do {
                _ = try fixture.plan()
                Issue.record("'\(key)' must be refused")
            } catch {
                let message = "\(error)"
                #expect(message.contains(key) && message.contains(words) && message.contains("workflow.yaml:"), "\(message)")
            }
        }
    }
}
