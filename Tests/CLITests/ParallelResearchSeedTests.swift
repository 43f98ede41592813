import ADMFTestSupport
import Foundation
import Testing

/// The specification's parallel-research workflow as the seed writes it (examples/seed copy,
/// with only its data section adjusted here for the test's time): all three branches and the
/// hierarchical-voting convergence run; a run killed with SIGKILL and resumed on another worker
/// count gives the same outputs, byte for byte, as an uninterrupted one.
@Suite("seed: parallel research end to end", .serialized)
struct ParallelResearchSeedTests {
    static func config(in directory: URL) throws -> String {
        let seed = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("examples/seed/parallel_research.yaml"), encoding: .utf8)
        guard let data = seed.range(of: "\ndata:") else { throw CocoaError(.fileReadCorruptFile) }
        var yaml = String(seed[..<data.lowerBound])
        yaml = yaml.replacingOccurrences(of: "workflow:\n", with: """
            workflow:
              checkpointing: {checkpoint_location: "\(directory.appendingPathComponent("checkpoints").path)"}

            """)
        yaml += """

            data:
              symbols: ["SPY", "QQQ"]
              start_date: "2019-01-01"
              end_date: "2023-12-31"
              path: "\(RepositoryPaths.data.path)"
            reporting: {output_path: "\(directory.appendingPathComponent("reports").path)"}

            """
        let path = directory.appendingPathComponent("parallel_research.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("all branches and the convergence run; killed and resumed on 1 worker equals an uninterrupted run on 2")
    func endToEnd() throws {
        let reference = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-parallel-reference"))
        let clean = try CLIRunner.run(["run", reference, "--quiet", "--workers", "2"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let expected = try CLIRunner.outputs(reference)
        let json = try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? [String: Any]
        let phases = json?["phases"] as? [String: Any] ?? [:]
        for phase in ["technical_optimization", "technical_validation", "feature_engineering", "ml_optimization", "ml_validation",
                      "alt_data_integration", "alt_data_optimization", "multi_branch_ensemble"] {
            #expect((phases[phase] as? [String: Any])?["status"] as? String == "completed", "\(phase)")
        }
        let ensemble = ((phases["multi_branch_ensemble"] as? [String: Any])?["outputs"] as? [String: Any])?["ensemble_performance_metrics"] as? [String: Any]
        #expect(ensemble?["chosen_method"] as? String == "hierarchical_voting")
        let branches = (ensemble?["branches"] as? [[String: Any]])?.compactMap { $0["branch"] as? String }
        #expect(branches == ["technical_branch", "ml_branch", "alternative_data_branch"])
        let methods = ensemble?["methods"] as? [[String: Any]]
        #expect(((methods?.first?["cross_validation"] as? [String: Any])?["objective_by_fold"] as? [Any])?.count == 5)

        // the alternative-data branch trained the default model on the joined series
        let alt = ((phases["alt_data_optimization"] as? [String: Any])?["outputs"] as? [String: Any])?["best_models"] as? [String: Any]
        let altModel = (alt?["models"] as? [[String: Any]])?.first
        #expect(altModel?["mapped_from"] as? String == "sklearn_model")
        #expect((alt?["feature_names"] as? [String])?.contains("economic.wti_usd.change_20") == true)
        let members = ensemble?["branch_members"] as? [[String: Any]]
        #expect(members?.compactMap { $0["strategy"] as? String }
                == ["walk_forward:technical_validation", "walk_forward:ml_validation", "logistic_regression"])

        let config = try Self.config(in: try RepositoryPaths.temporaryDirectory("admf-parallel-killed"))
        let kills = try CLIRunner.killRuns(["run", config, "--quiet", "--workers", "1"], after: [6.0, 20.0])
        let final = try CLIRunner.run(["run", config, "--quiet", "--workers", "1"])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(kills >= 1, "the run finished before it could be killed")
        #expect(try CLIRunner.outputs(config) == expected)
    }
}
