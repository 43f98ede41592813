import ADMFTestSupport
import Foundation
import Reports
import Store
import Testing
import Workflow

/// The lineage rule: nothing labelled out of sample was evaluated on bars its inputs had seen.
@Suite("Lineage: out-of-sample figures never use bars their inputs saw")
struct LineageTests {
    /// Every stored artifact's lineage, by `phase.output`.
    static func lineages(_ fixture: WorkflowFixture) throws -> [String: JSONValue] {
        let (store, runID, _, _) = try WorkflowRunner.open(plan: try fixture.plan(), create: false)
        var result: [String: JSONValue] = [:]
        for artifact in try store.artifacts(run: runID) {
            if let text = artifact.lineage { result["\(artifact.phase).\(artifact.name)"] = try JSONValue.parse(text) }
        }
        return result
    }

    @Test("examples/research_methods.yaml: every window, statistic and rule labelled out of sample lies after its inputs' bars")
    func researchMethods() throws {
        let text = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("examples/research_methods.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "path: data", with: "path: DATA")
            .replacingOccurrences(of: "\"reports/research_methods/\"", with: "\"REPORTS\"")
            .replacingOccurrences(of: "data:\n", with: "data:\n", options: [])
        let yaml = text.replacingOccurrences(of: "  seed: 2026\n", with: "  seed: 2026\n  checkpointing: {checkpoint_location: \"CHECKPOINTS\"}\n")
        let fixture = try WorkflowFixture(yaml, name: "research_methods")
        try fixture.run(workers: 2)
        let lineage = try Self.lineages(fixture)
        let outputs = try fixture.outputs()
        let phases = try #require(outputs["phases"])
        // Walk-forward of the DE candidates: every test window starts after the candidates' bars.
        let candidates = try #require(lineage["evolutionary_optimization.top_10_parameter_sets"])
        let lastSeen = try #require(candidates["last_date"]?.stringValue)
        let windows = try #require(phases["walk_forward_validation"]?["outputs"]?["walk_forward_results"]?["windows"]?.arrayValue)
        #expect(!windows.isEmpty)
        for window in windows {
            let start = try #require(window["test_start"]?.stringValue)
            #expect(start > lastSeen, "window \(window["window"]?.doubleValue ?? -1) tests from \(start), inside the candidates' bars (to \(lastSeen))")
            #expect(window["sample"]?.stringValue == "out_of_sample")
        }
        // The statistics labelled out of sample carry the label, and PBO is computed after the candidates' bars.
        let statistics = try #require(lineage["walk_forward_validation.overfitting_statistics"])
        #expect(statistics["sample"]?.stringValue == "out_of_sample")
        let basis = phases["walk_forward_validation"]?["outputs"]?["overfitting_statistics"]?["pbo_basis"]?.stringValue ?? ""
        let pboStart = basis.components(separatedBy: ", on ").last?.components(separatedBy: " …").first ?? ""
        #expect(pboStart > lastSeen, "PBO evaluated from \(pboStart)")
        // Walk-forward searches of their own: candidates come from the search space, windows may start early,
        // and each window's search is told only its training bars (checked by its lineage labels).
        for name in ["walk_forward_bayesian", "walk_forward_evolutionary"] {
            let results = try #require(phases[name]?["outputs"]?["walk_forward_results"]?["windows"]?.arrayValue)
            #expect(results.count >= 10)
            #expect(results.allSatisfy { $0["sample"]?.stringValue == "out_of_sample" && ($0["candidates"]?.doubleValue ?? 0) > 1 })
        }
        // Regime labels that select bars and become switching rules were fitted on the train split only.
        let labels = try #require(lineage["regime_analysis.regime_classifications"])
        let train = try #require(lineage["broad_parameter_search.top_20_strategies"])
        #expect(labels["last_date"]?.stringValue == train["last_date"]?.stringValue)
        let rules = try #require(lineage["regime_specific_optimization.regime_switching_rules"])
        #expect(rules["last_date"]?.stringValue == train["last_date"]?.stringValue)
    }

    @Test("a leaking graph is refused at validation with file:line:column, both phases and the dates")
    func staticRefusal() throws {
        let yaml = WorkflowFixture.basic().replacingOccurrences(
            of: "      optimization:\n        method: \"grid\"",
            with: "      data_split: full\n      optimization:\n        method: \"grid\"")
        let fixture = try WorkflowFixture(yaml)
        do {
            _ = try fixture.plan()
            Issue.record("a validation on the test split of parameters optimised on the full data was accepted")
        } catch let error as ConfigError {
            let text = "\(error)"
            #expect(text.contains(fixture.configPath + ":"))
            #expect(text.contains("phase 'validation'") && text.contains("parameter_optimization"))
            #expect(text.contains("2010-") && text.contains("2013-"))
            #expect(text.contains("allow_in_sample_inputs"))
        }
    }

    @Test("allow_in_sample_inputs: true runs the leaking graph and labels its figures in sample")
    func labelledInSample() throws {
        let yaml = WorkflowFixture.basic()
            .replacingOccurrences(of: "      optimization:\n        method: \"grid\"",
                                  with: "      data_split: full\n      optimization:\n        method: \"grid\"")
            .replacingOccurrences(of: "data_split: \"test\"", with: "data_split: \"test\"\n      allow_in_sample_inputs: true")
        let fixture = try WorkflowFixture(yaml)
        try fixture.run()
        let results = try fixture.outputs("validation.validation_results")
        #expect(results["sample"]?.stringValue == "in_sample")
        #expect(try Self.lineages(fixture)["validation.validation_results"]?["sample"]?.stringValue == "in_sample")
    }

    @Test("a clean graph labels its validation out of sample, with the lineage of every artifact stored")
    func labelledOutOfSample() throws {
        let fixture = try WorkflowFixture(WorkflowFixture.basic())
        try fixture.run()
        #expect(try fixture.outputs("validation.validation_results")["sample"]?.stringValue == "out_of_sample")
        let lineage = try Self.lineages(fixture)
        let optimised = try #require(lineage["parameter_optimization.best_parameters"])
        let validated = try #require(lineage["validation.validation_results"])
        #expect(optimised["first_bar"]?.doubleValue == 0)
        #expect((optimised["end_bar"]?.doubleValue ?? 0) < (validated["end_bar"]?.doubleValue ?? 0))
        #expect(optimised["symbols"]?.arrayValue?.count == 1)
    }
}
