import ADMFTestSupport
import Foundation
import Testing

/// Phases cached by what they depend on: an edit reruns exactly the phases whose key changed,
/// a reused result reads byte for byte as a computed one, and the store can be listed and pruned.
@Suite("phase cache: rerun only what changed", .serialized)
struct PhaseCacheTests {
    /// Optimize → (analysis, validation), the README's basic pipeline on bundled data, shrunk.
    static func yaml(store: URL, reports: URL, seed: Int = 42, endDate: String = "2013-03-01",
                     threshold: String = "[0.01, 0.02, 0.05]", detailed: Bool = true, analyzers: String = "[drawdown_analysis, monte_carlo_simulation]") -> String {
        """
        workflow:
          name: "cache test"
          seed: \(seed)
          checkpointing: {checkpoint_location: "\(store.path)"}
        data:
          symbols: ["AAPL"]
          start_date: "2005-03-01"
          end_date: "\(endDate)"
          path: "\(RepositoryPaths.data.path)"
          split: {train_ratio: 0.7}
        phases:
          - name: optimize
            type: optimization
            config:
              strategies: [{type: momentum, optimization_target: true}]
              optimization:
                method: grid
                parameters: {fast_period: [5, 10, 15], slow_period: [20, 40], signal_threshold: \(threshold)}
                objective: sharpe_ratio
            outputs: [best_parameters, optimization_history]
          - name: analyse
            type: analysis
            inputs: ["optimize.best_parameters"]
            config: {analyzers: \(analyzers)}
            outputs: [performance_metrics, risk_assessment]
          - name: validate
            type: backtest
            inputs: ["optimize.best_parameters"]
            config: {data_split: test, include_transaction_costs: true, generate_detailed_report: \(detailed)}
            outputs: [validation_results, final_performance_report]
        reporting: {output_path: "\(reports.path)"}
        """
    }

    struct Setup {
        var directory: URL
        var store: URL { directory.appendingPathComponent("checkpoints") }
        var reports: URL { directory.appendingPathComponent("reports") }
        var config: String { directory.appendingPathComponent("cache.yaml").path }

        init(_ label: String) throws { directory = try RepositoryPaths.temporaryDirectory(label) }

        func write(_ text: String) throws { try text.write(toFile: config, atomically: true, encoding: .utf8) }
    }

    func run(_ config: String, _ arguments: [String] = [], faults: String? = nil,
             environment: [String: String] = [:]) throws -> CLIRunner.Output {
        var env = environment
        if let faults { env["ADMF_INJECT_FAULTS"] = faults }
        return try CLIRunner.run(["run", config] + arguments, environment: env)
    }

    func plan(_ config: String, environment: [String: String] = [:]) throws -> [String: String] {
        let result = try CLIRunner.run(["plan", config], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        var decisions: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("  ") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, ["done", "reuse", "run"].contains(String(parts[0])) else { continue }
            decisions[String(parts[1])] = line.trimmingCharacters(in: .whitespaces)
        }
        return decisions
    }

    /// Every report file but the analytics page (it reports this run's own timings).
    func reports(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: directory.path)
        while let entry = walker?.nextObject() as? String {
            guard !entry.hasPrefix("analytics"), let data = FileManager.default.contents(atPath: directory.appendingPathComponent(entry).path),
                  !data.isEmpty || !entry.contains(".") else { continue }
            files[entry] = data
        }
        return files
    }

    @Test("editing only a downstream phase reuses every upstream phase (never reached: faults injected there), byte-identical to a fresh run")
    func downstreamEdit() throws {
        let setup = try Setup("admf-cache-downstream")
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports))
        #expect(try run(setup.config, ["--quiet"]).status == 0)
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports, detailed: false))
        let decisions = try plan(setup.config)
        #expect(decisions["optimize"]?.hasPrefix("reuse") == true, "\(decisions)")
        #expect(decisions["analyse"]?.hasPrefix("reuse") == true, "\(decisions)")
        #expect(decisions["validate"]?.contains("its configuration changed") == true, "\(decisions)")
        // The upstream phases would fail if they were run.
        let edited = try run(setup.config, faults: "optimize:error;analyse:error")
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(edited.stderr.contains("optimize (optimization) — reused from run"), "\(edited.stderr)")
        #expect(edited.stderr.contains("validate (backtest) — runs: its configuration changed"), "\(edited.stderr)")
        // The same edited config computed from scratch in another store: the same bytes.
        let fresh = try Setup("admf-cache-fresh")
        try fresh.write(Self.yaml(store: fresh.store, reports: fresh.reports, detailed: false))
        #expect(try run(fresh.config, ["--quiet"]).status == 0)
        #expect(try CLIRunner.outputs(setup.config) == CLIRunner.outputs(fresh.config))
        let reused = try reports(setup.reports), computed = try reports(fresh.reports)
        #expect(Set(reused.keys).symmetricDifference(computed.keys).isEmpty, "\(Set(reused.keys).symmetricDifference(computed.keys))")
        for (name, bytes) in computed { #expect(reused[name] == bytes, "\(name) differs between the reusing and the fresh run") }
    }

    @Test("an upstream edit, the data, the seed or a phase-type version reruns exactly the dependent phases")
    func upstreamChanges() throws {
        let setup = try Setup("admf-cache-upstream")
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports))
        #expect(try run(setup.config, ["--quiet"]).status == 0)

        // the optimisation's search space: everything downstream of it
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports, threshold: "[0.01, 0.05]"))
        var decisions = try plan(setup.config)
        #expect(decisions["optimize"]?.contains("run") == true && decisions["optimize"]?.contains("its configuration changed") == true, "\(decisions)")
        #expect(decisions["analyse"]?.contains("input optimize.best_parameters changed") == true, "\(decisions)")
        #expect(decisions["validate"]?.contains("input optimize.best_parameters changed") == true, "\(decisions)")

        // the analysis only: the optimisation and the validation are reused
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports, analyzers: "[drawdown_analysis]"))
        decisions = try plan(setup.config)
        #expect(decisions["optimize"]?.hasPrefix("reuse") == true && decisions["validate"]?.hasPrefix("reuse") == true, "\(decisions)")
        #expect(decisions["analyse"]?.hasPrefix("run") == true, "\(decisions)")

        // the data and the seed: everything
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports, endDate: "2012-12-31"))
        decisions = try plan(setup.config)
        #expect(decisions.values.allSatisfy { $0.hasPrefix("run") && $0.contains("the data changed") }, "\(decisions)")
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports, seed: 7))
        decisions = try plan(setup.config)
        #expect(decisions.values.allSatisfy { $0.hasPrefix("run") && $0.contains("the seed changed") }, "\(decisions)")

        // a phase type's version: that type's phases and their dependents
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports))
        let bumped = ["ADMF_CACHE_VERSIONS": "analysis=2"]
        decisions = try plan(setup.config, environment: bumped)
        #expect(decisions["optimize"]?.hasPrefix("done") == true && decisions["validate"]?.hasPrefix("done") == true, "\(decisions)")
        #expect(decisions["analyse"]?.contains("the code version changed") == true, "\(decisions)")
        let rerun = try run(setup.config, faults: "optimize:error;validate:error", environment: bumped)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("analyse (analysis) — runs: the code version changed"), "\(rerun.stderr)")
    }

    @Test("formatting, comments, quoting and key order change nothing: every phase reused")
    func formattingOnly() throws {
        let setup = try Setup("admf-cache-format")
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports))
        #expect(try run(setup.config, ["--quiet"]).status == 0)
        let before = try CLIRunner.outputs(setup.config)
        // the same document, reformatted: block style, other key order, quotes, a comment, 0.010
        try setup.write("""
            # reformatted
            reporting:
              output_path: '\(setup.reports.path)'
            phases:
              - outputs: [best_parameters, optimization_history]
                config:
                  optimization:
                    objective: 'sharpe_ratio'
                    parameters:
                      signal_threshold: [0.010, 0.02, 0.050]
                      slow_period: [20, 40]
                      fast_period: [5, 10, 15]
                    method: "grid"
                  strategies:
                    - optimization_target: true
                      type: "momentum"
                type: optimization
                name: optimize
              - name: analyse
                inputs: ['optimize.best_parameters']
                type: analysis
                config:
                  analyzers: [drawdown_analysis, monte_carlo_simulation]
                outputs: [performance_metrics, risk_assessment]
              - name: validate
                type: backtest
                inputs: ["optimize.best_parameters"]
                outputs: [validation_results, final_performance_report]
                config: {generate_detailed_report: true, include_transaction_costs: true, data_split: "test"}
            data:
              split: {train_ratio: 0.70}
              path: "\(RepositoryPaths.data.path)"
              end_date: "2013-03-01"
              start_date: "2005-03-01"
              symbols: [AAPL]
            workflow:
              checkpointing: {checkpoint_location: "\(setup.store.path)"}
              seed: 42
              name: "cache test"
            """)
        let decisions = try plan(setup.config)
        #expect(decisions.count == 3 && decisions.values.allSatisfy { $0.hasPrefix("reuse") }, "\(decisions)")
        let result = try run(setup.config, ["--quiet"], faults: "optimize:error;analyse:error;validate:error")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLIRunner.outputs(setup.config) == before)
    }

    @Test("--no-cache computes everything; admf store ls lists runs and phases; prune keeps the newest run of each workflow")
    func noCacheListAndPrune() throws {
        let setup = try Setup("admf-cache-prune")
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports))
        #expect(try run(setup.config, ["--quiet"]).status == 0)
        let first = try CLIRunner.outputs(setup.config)
        let forced = try run(setup.config, ["--no-cache"], faults: "optimize:error")
        #expect(forced.status != 0, "--no-cache reaches the optimisation")
        #expect(try run(setup.config, ["--no-cache", "--quiet"]).status == 0)
        #expect(try CLIRunner.outputs(setup.config) == first)
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports, detailed: false))
        #expect(try run(setup.config, ["--quiet"]).status == 0)
        let latest = try CLIRunner.outputs(setup.config)

        let list = try CLIRunner.run(["store", "ls", setup.config])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("2 run(s)"), "\(list.stdout)")
        #expect(list.stdout.contains("reused from"), "\(list.stdout)")
        #expect(list.stdout.contains("key "), "\(list.stdout)")

        let dry = try CLIRunner.run(["store", "prune", setup.config, "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("would remove run") && dry.stdout.contains("1 run(s) would be removed"), "\(dry.stdout)")
        #expect(try CLIRunner.run(["store", "ls", setup.config]).stdout.contains("2 run(s)"), "a dry run removes nothing")
        let pruned = try CLIRunner.run(["store", "prune", setup.config])
        #expect(pruned.status == 0 && pruned.stdout.contains("1 run(s) removed"), "\(pruned.stdout) \(pruned.stderr)")
        #expect(try CLIRunner.run(["store", "ls", setup.config]).stdout.contains("1 run(s)"))
        #expect(try CLIRunner.outputs(setup.config) == latest, "the newest run keeps everything it uses")
        // nothing to reuse for the first config any more, but it still runs
        try setup.write(Self.yaml(store: setup.store, reports: setup.reports))
        let decisions = try plan(setup.config)
        #expect(decisions["optimize"]?.hasPrefix("reuse") == true, "the kept run holds the optimisation: \(decisions)")
        #expect(decisions["validate"]?.hasPrefix("run") == true, "\(decisions)")
    }
}
