import ADMFTestSupport
import Foundation
import Reports
import Testing
import Workflow

/// Signal capture into the signal store and the ensemble-weight search over it: replaying the
/// captured signals gives exactly what re-running the member strategies gives; constraints
/// hold exactly; a second capture reuses the stored files.
@Suite("Signal capture and replay")
struct SignalReplayTests {
    static func yaml(replay: Bool, store: String = "CHECKPOINTS", compression: Bool = true) -> String {
        """
        workflow: {name: "replay", seed: 5, checkpointing: {checkpoint_location: "\(store)"}}
        data: {symbols: ["SPY", "TLT"], path: "DATA", start_date: "2018-01-01", end_date: "2021-12-31"}
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
                n_trials: 30
                group_by_regime: true
                n_trials_per_regime: 15
                parameters: {fast_period: [3, 30], slow_period: [20, 120], lookback_period: [5, 60]}
            outputs: [regime_optimized_strategies]
          - name: capture
            type: signal_generation
            inputs: ["by_regime.regime_optimized_strategies"]
            config: {include_regime_context: true, signal_compression: \(compression)}
            outputs: [compressed_signals, signal_metadata, regime_signal_distribution]
          - name: weights
            type: optimization
        \(replay ? "    method: signal_replay\n" : "")    inputs: ["capture.compressed_signals"]
            config:
              optimization:
                method: differential_evolution
                n_generations: 6
                population_size: 10
                parameters: {strategy_weights: [0.0, 1.0], regime_confidence_threshold: [0.5, 0.95], rebalance_frequency: [1, 10]}
              constraints: {sum_weights: 1.0, min_weight: 0.1, max_weight: 0.9, max_correlation: 0.99}
              include_transaction_costs: true
            outputs: [optimal_ensemble_weights, ensemble_performance_metrics, weight_stability_analysis, optimization_history]
        reporting: {output_path: "REPORTS"}
        """
    }

    @Test("replaying captured signals equals re-running the member strategies, bit for bit")
    func replayEqualsRerun() throws {
        let replay = try WorkflowFixture(Self.yaml(replay: true))
        let rerun = try WorkflowFixture(Self.yaml(replay: false))
        try replay.run(workers: 2)
        try rerun.run(workers: 1)
        let a = try #require(try replay.outputs()["phases"]?["weights"]?["outputs"])
        let b = try #require(try rerun.outputs()["phases"]?["weights"]?["outputs"])
        // the only difference is the flag saying which path ran
        #expect(a["optimal_ensemble_weights"]?["signal_replay"] == .bool(true))
        #expect(b["optimal_ensemble_weights"]?["signal_replay"] == .bool(false))
        #expect(Self.withoutFlag(a) == Self.withoutFlag(b))
        #expect(a["optimization_history"]?["rows"]?.arrayValue?.count == 70)
    }

    @Test("every reported and every evaluated weight vector meets the constraints exactly")
    func constraintsHold() throws {
        let fixture = try WorkflowFixture(Self.yaml(replay: true))
        try fixture.run()
        let outputs = try #require(try fixture.outputs()["phases"]?["weights"]?["outputs"])
        let best = try #require(outputs["optimal_ensemble_weights"]?["members"]?.arrayValue)
        var vectors = [best.compactMap { $0["weight"]?.doubleValue }]
        let rows = try #require(outputs["optimization_history"]?["rows"]?.arrayValue)
        #expect(rows.count == 70)
        for row in rows {
            guard let cells = row.arrayValue else { continue }
            vectors.append(cells.dropFirst(2).prefix(best.count).compactMap { $0.doubleValue })
        }
        for weights in vectors {
            #expect(weights.count == best.count)
            #expect(abs(weights.reduce(0, +) - 1) <= 1e-12)
            #expect(weights.allSatisfy { $0 == 0 || ($0 >= 0.1 && $0 <= 0.9) }, "\(weights)")
        }
    }

    @Test("capture stores binary files, smaller than dense float64; a second capture reuses them; damage is repaired")
    func captureReuse() throws {
        let shared = try RepositoryPaths.temporaryDirectory("admf-signal-store").path
        let first = try WorkflowFixture(Self.yaml(replay: true, store: shared))
        try first.run(onlyPhase: nil)
        let capture = try #require(try first.outputs()["phases"]?["capture"]?["outputs"]?["compressed_signals"])
        let ratio = try #require(capture["compression_ratio"]?.doubleValue)
        #expect(ratio > 10, "compression \(ratio)")
        let signals = URL(fileURLWithPath: shared).appendingPathComponent("signals")
        let files = try Self.files(signals)
        #expect(files.count == 2 * (capture["members"]?.arrayValue?.count ?? 0) + 1)  // per member and symbol, plus the regime context
        let modified = try files.map { try FileManager.default.attributesOfItem(atPath: $0.path)[.modificationDate] as? Date }
        // damage one file: the next capture (a new run: another seed) rewrites it, and reuses the rest
        var bytes = try Data(contentsOf: files[0])
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: files[0])
        let second = try WorkflowFixture(Self.yaml(replay: true, store: shared).replacingOccurrences(of: "name: \"replay\"", with: "name: \"replay again\""))
        try second.run()
        #expect(try Self.files(signals).count == files.count)
        let after = try files.map { try FileManager.default.attributesOfItem(atPath: $0.path)[.modificationDate] as? Date }
        #expect(Array(after.dropFirst()) == Array(modified.dropFirst()))
        #expect(try second.outputs()["phases"]?["weights"]?["status"]?.stringValue == "completed")
        #expect(try Data(contentsOf: files[0]) != bytes)
    }

    static func withoutFlag(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs): return .object(pairs.filter { $0.0 != "signal_replay" }.map { ($0.0, withoutFlag($0.1)) })
        case .array(let items): return .array(items.map(withoutFlag))
        default: return value
        }
    }

    @Test("capture_all_signals: false keeps the best set of each input; signal_compression: false stores dense files under other keys")
    func captureSettings() throws {
        let all = try WorkflowFixture(Self.yaml(replay: true))
        try all.run()
        let best = try WorkflowFixture(Self.yaml(replay: true, compression: false)
            .replacingOccurrences(of: "config: {include_regime_context: true,", with: "config: {capture_all_signals: false, include_regime_context: true,"))
        // one member cannot meet max_weight 0.9 with sum 1: the weight search refuses, after the capture
        #expect(throws: (any Error).self) { try best.run() }
        let a = try #require(try all.outputs()["phases"]?["capture"]?["outputs"]?["compressed_signals"])
        let b = try #require(try best.outputs()["phases"]?["capture"]?["outputs"]?["compressed_signals"])
        #expect((a["members"]?.arrayValue?.count ?? 0) == 2)   // one best set per regime
        #expect((b["members"]?.arrayValue?.count ?? 0) == 1)   // the input's best set only
        #expect(b["compressed"] == .bool(false))
        #expect(b["code_version"]?.stringValue?.hasSuffix("encoding=dense") == true)
        #expect(b["compression_ratio"]?.doubleValue.map { $0 < 1.5 } == true, "dense files are no smaller than float64")
        #expect(a["members"]?.arrayValue?.first?["keys"] != b["members"]?.arrayValue?.first?["keys"])
    }

    static func files(_ root: URL) throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var out: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "sig" { out.append(url) }
        }
        return out.sorted { $0.path < $1.path }
    }

    @Test("signal_replay without captured signals, and a threshold without regime context, are refused")
    func refusals() throws {
        let noInput = try WorkflowFixture("""
            workflow: {checkpointing: {checkpoint_location: "CHECKPOINTS"}}
            data: {symbols: ["SPY"], path: "DATA"}
            phases:
              - name: weights
                type: optimization
                method: signal_replay
                config:
                  optimization: {method: differential_evolution, parameters: {strategy_weights: [0, 1]}}
                outputs: [optimal_ensemble_weights]
            """)
        #expect(throws: (any Error).self) { try noInput.plan() }
        do { _ = try noInput.plan() } catch { #expect("\(error)".contains("needs a compressed_signals input"), "\(error)") }
        let noContext = try WorkflowFixture(Self.yaml(replay: true).replacingOccurrences(of: "include_regime_context: true, ", with: "")
            .replacingOccurrences(of: ", regime_signal_distribution]", with: "]"))
        do {
            try noContext.run()
            Issue.record("a threshold without regime context ran")
        } catch {
            #expect("\(error)".contains("regime_confidence_threshold needs signals captured with include_regime_context: true"), "\(error)")
        }
    }
}
