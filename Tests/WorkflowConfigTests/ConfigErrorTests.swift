import ADMFTestSupport
import Foundation
import Testing
@testable import Workflow

/// Each load failure is one located line: `file:line:column: path: message — hint`.
@Suite struct ConfigErrorTests {
    private func failure(_ yaml: String, file: String = "test.yaml") throws -> ConfigError {
        try #require(ConfigTestSupport.loadError(yaml, file: file))
    }

    @Test func unknownTopLevelKey() throws {
        let error = try failure("workflow:\n  type: x\nphasez: []\n")
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.path == "")
        #expect(error.description
            == "test.yaml:3:1: unknown key 'phasez' — did you mean 'phases'? (allowed: data, infrastructure, phases, reporting, workflow)")
    }

    @Test func misspelledNestedKeyInPhase() throws {
        let error = try failure("phases:\n  - name: a\n    type: optimization\n    config:\n      x: 1\n    outptus: [b]\n")
        #expect(error.description.hasPrefix(
            "test.yaml:6:5: phases[0]: unknown key 'outptus' — did you mean 'outputs'? (allowed: condition, config,"))
    }

    @Test func misspelledWorkflowKey() throws {
        let yaml = "workflow:\n  checkpointing:\n    enabled: true\n    checkpoint_frequncy: daily\n"
        let error = try failure(yaml)
        #expect(error.description
            == "test.yaml:4:5: workflow.checkpointing: unknown key 'checkpoint_frequncy' — did you mean 'checkpoint_frequency'? (allowed: auto_save, checkpoint_frequency, checkpoint_location, enabled, resume_policy)")
    }

    @Test func unknownKeyWithoutSuggestion() throws {
        let error = try failure("reporting:\n  colour_scheme: dark\n")
        #expect(error.description
            == "test.yaml:2:3: reporting: unknown key 'colour_scheme' — allowed: generate_summary_report, include_phase_reports, output_path, workflow_analytics")
    }

    /// The example from the brief: a misspelled key in a phase's raw config, checked by the phase type.
    @Test func misspelledKeyInsidePhaseConfig() throws {
        let text = try String(contentsOfFile: ConfigTestSupport.seedPath("basic_multi_phase.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "method: \"grid\"", with: "methd: \"grid\"")
        let document = try WorkflowLoader.load(yaml: text, file: "basic.yaml")
        let optimization = try #require(try document.phases[0].config?.require("optimization"))
        let error = try #require(ConfigTestSupport.error {
            try optimization.checkKeys(allowed: ["method", "n_trials", "objective", "parameters"])
        })
        #expect(error.description
            == "basic.yaml:23:9: phases[0].config.optimization: unknown key 'methd' — did you mean 'method'? (allowed: method, n_trials, objective, parameters)")
    }

    @Test func stringWhereNumberExpected() throws {
        let yaml = "infrastructure:\n  phase_resources:\n    p:\n      max_workers: many\n"
        let error = try failure(yaml)
        #expect(error.description
            == "test.yaml:4:20: infrastructure.phase_resources.p.max_workers: expected a whole number, found the string 'many'")
    }

    @Test func quotedNumberIsAString() throws {
        let yaml = "infrastructure:\n  phase_resources:\n    p:\n      memory_limit_gb: \"32\"\n"
        let error = try failure(yaml)
        #expect(error.description
            == "test.yaml:4:24: infrastructure.phase_resources.p.memory_limit_gb: expected a number, found the string \"32\" — remove the quotes")
    }

    @Test func fractionWhereWholeNumberExpected() throws {
        let yaml = "phases:\n  - name: a\n    type: b\n    container_count: 2.5\n"
        let error = try failure(yaml)
        #expect(error.description
            == "test.yaml:4:22: phases[0].container_count: expected a whole number, found the number 2.5")
    }

    @Test func mappingWhereListExpected() throws {
        let error = try failure("data:\n  symbols: {SPY: 1}\n")
        #expect(error.description == "test.yaml:2:12: data.symbols: expected a list, found a mapping")
        let outputs = try failure("phases:\n  - name: a\n    type: b\n    outputs:\n      best: x\n")
        #expect(outputs.description == "test.yaml:5:7: phases[0].outputs: expected a list, found a mapping")
    }

    @Test func listWhereMappingExpected() throws {
        let error = try failure("workflow:\n  monitoring: [a, b]\n")
        #expect(error.description == "test.yaml:2:15: workflow.monitoring: expected a mapping, found a list")
    }

    @Test func badEnumValueWithSuggestion() throws {
        let yaml = """
            workflow:
              error_handling:
                phase_error_policies:
                  parameter_optimization:
                    on_failure: "retyr"

            """
        let error = try failure(yaml)
        #expect(error.line == 5)
        #expect(error.column == 21)
        #expect(error.path == "workflow.error_handling.phase_error_policies.parameter_optimization.on_failure")
        #expect(error.message == "on_failure must be one of retry, continue_with_warning, abort_workflow; found 'retyr'")
        #expect(error.hint == "did you mean 'retry'?")
        #expect(error.description
            == "test.yaml:5:21: workflow.error_handling.phase_error_policies.parameter_optimization.on_failure: on_failure must be one of retry, continue_with_warning, abort_workflow; found 'retyr' — did you mean 'retry'?")
    }

    @Test func badEnumValueWithoutSuggestion() throws {
        let error = try failure("workflow:\n  checkpointing:\n    checkpoint_frequency: weekly\n")
        #expect(error.description
            == "test.yaml:3:27: workflow.checkpointing.checkpoint_frequency: checkpoint_frequency must be one of per_phase, hourly, daily; found 'weekly'")
        let priority = try failure("infrastructure:\n  phase_resources:\n    p:\n      priority: hihg\n")
        #expect(priority.description
            == "test.yaml:4:17: infrastructure.phase_resources.p.priority: priority must be one of low, medium, high; found 'hihg' — did you mean 'high'?")
    }

    @Test func yamlSyntaxErrorBadIndentation() throws {
        let error = try failure("workflow:\n  type: x\n   name: y\n")
        #expect(error.line == 3)
        #expect(error.column == 8)
        #expect(error.path == "")
        #expect(error.description
            == "test.yaml:3:8: YAML syntax error: mapping values are not allowed in this context — check this line's indentation, or quote a value that contains ': '")
    }

    @Test func yamlSyntaxErrorUnclosedBracket() throws {
        let error = try failure("phases: [\n  {name: a, type: b}\n")
        #expect(error.description
            == "test.yaml:3:1: YAML syntax error: did not find expected ',' or ']' — while parsing a flow sequence at 1:9")
    }

    @Test func yamlSyntaxErrorTab() throws {
        let error = try failure("workflow:\n\ttype: x\n")
        #expect(error.line == 2)
        #expect(error.column == 1)
        #expect(error.description.hasSuffix("indent with spaces, not tabs"))
    }

    @Test func duplicateYAMLKeyPointsAtTheRepeat() throws {
        let error = try failure("workflow:\n  type: a\n  name: b\n  type: c\n")
        #expect(error.description
            == "test.yaml:4:3: duplicate key 'type' in one mapping (first at 2:3) — each key may appear only once; remove or rename the repeat")
    }

    @Test func duplicatePhaseName() throws {
        let error = try failure("phases:\n  - name: a\n    type: b\n  - name: a\n    type: c\n")
        #expect(error.description
            == "test.yaml:4:11: phases[1].name: duplicate phase name 'a' (first declared at phases[0], line 2) — phase names must be unique across phases, parallel branches and the convergence phase")
    }

    @Test func duplicatePhaseNameAcrossBranchAndPhases() throws {
        let yaml = """
            workflow:
              parallel_phases:
                left:
                  phases:
                    - name: "shared"
                      type: "optimization"
            phases:
              - name: "shared"
                type: "analysis"

            """
        let error = try failure(yaml)
        #expect(error.line == 8)
        #expect(error.column == 11)
        #expect(error.path == "phases[0].name")
        #expect(error.message == "duplicate phase name 'shared' (first declared at workflow.parallel_phases.left.phases[0], line 5)")
    }

    @Test func inputWithoutDot() throws {
        let error = try failure("phases:\n  - name: a\n    type: b\n    inputs: [\"nodot\"]\n")
        #expect(error.description
            == "test.yaml:4:14: phases[0].inputs[0]: input 'nodot' must name a phase and one of its outputs — write 'phase.output', or 'branch.phase.output' for a phase of a parallel branch")
    }

    @Test func inputWithTooManyOrEmptyParts() throws {
        let many = try failure("phases:\n  - name: a\n    type: b\n    inputs:\n      - a.b.c.d\n")
        #expect(many.line == 5)
        #expect(many.column == 9)
        #expect(many.message == "input 'a.b.c.d' has 4 parts; expected 2 or 3")
        let empty = try failure("phases:\n  - name: a\n    type: b\n    inputs: [\"a.\"]\n")
        #expect(empty.message == "input 'a.' has an empty part or spaces")
    }

    @Test func emptyFile() throws {
        for text in ["", "\n\n", "# only a comment\n"] {
            let error = try failure(text, file: "empty.yaml")
            #expect(error.description
                == "empty.yaml:1:1: the file is empty — a workflow file is a mapping with some of: workflow, data, phases, infrastructure, reporting")
        }
    }

    @Test func missingPhaseType() throws {
        let error = try failure("phases:\n  - name: a\n    config: {}\n")
        #expect(error.description == "test.yaml:2:5: phases[0]: missing required key 'type'")
        let null = try failure("phases:\n  - name: a\n    type:\n")
        #expect(null.description == "test.yaml:3:5: phases[0].type: 'type' has no value")
    }

    @Test func missingPhaseName() throws {
        let error = try failure("phases:\n  - type: optimization\n")
        #expect(error.description == "test.yaml:2:5: phases[0]: missing required key 'name'")
    }

    @Test func phaseNameWithDot() throws {
        let error = try failure("phases:\n  - name: a.b\n    type: c\n")
        #expect(error.line == 2)
        #expect(error.column == 11)
        #expect(error.message == "phase name 'a.b' must not contain '.'")
    }

    @Test func topLevelNotAMapping() throws {
        let error = try failure("- a\n- b\n")
        #expect(error.description.hasPrefix("test.yaml:1:1: expected a mapping at the top level, found a list"))
    }

    @Test func moreThanOneDocument() throws {
        let error = try failure("---\nphases: []\n---\ndata: {}\n")
        #expect(error.line == 3)
        #expect(error.message == "YAML syntax error: the file holds more than one YAML document")
    }

    @Test func missingFile() throws {
        let path = "/nonexistent/admf/workflow.yaml"
        let error = try #require(ConfigTestSupport.error { _ = try WorkflowLoader.load(path: path) })
        #expect(error.description == "/nonexistent/admf/workflow.yaml: no such file")
        #expect(error.line == nil)
    }

    @Test func directoryInsteadOfFile() throws {
        let folder = ConfigTestSupport.seedPath("")
        let error = try #require(ConfigTestSupport.error { _ = try WorkflowLoader.load(path: folder) })
        #expect(error.message == "is a directory, not a workflow file")
    }

    @Test func fileErrorsNameTheGivenPath() throws {
        let folder = try RepositoryPaths.temporaryDirectory("admf-config-test")
        let path = folder.appendingPathComponent("bad.yaml").path
        try "phases:\n  - name: a\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(ConfigTestSupport.error { _ = try WorkflowLoader.load(path: path) })
        #expect(error.description == "\(path):2:5: phases[0]: missing required key 'type'")
        try? FileManager.default.removeItem(at: folder)
    }

    @Test func dataValidation() throws {
        let date = try failure("data:\n  start_date: \"2022-13-01\"\n")
        #expect(date.description.hasPrefix(
            "test.yaml:2:15: data.start_date: expected a date YYYY-MM-DD or an ISO date-time, found the string \"2022-13-01\""))
        let order = try failure("data:\n  start_date: 2023-01-01\n  end_date: 2022-01-01\n")
        #expect(order.description == "test.yaml:3:13: data.end_date: end_date 2022-01-01 is before start_date 2023-01-01 — end_date must come after start_date")
        let ratio = try failure("data:\n  split:\n    train_ratio: 1.5\n")
        #expect(ratio.description == "test.yaml:3:18: data.split.train_ratio: train_ratio must be between 0 and 1 (exclusive), found 1.5")
        let both = try failure("data:\n  split: {train_ratio: 0.5, test_start: 2023-01-01}\n")
        #expect(both.message == "give either train_ratio or test_start, not both")
        #expect(both.column == 29)
        let files = try failure("data:\n  files: {SPY: spy.csv}\n")
        #expect(files.description == "test.yaml:2:10: data.files: files is only used with source: csv — add 'source: csv' to data, or remove files")
        let source = try failure("data:\n  source: sythetic\n")
        #expect(source.hint == "did you mean 'synthetic'?")
        let twice = try failure("data:\n  symbols: [SPY, QQQ, SPY]\n")
        #expect(twice.description == "test.yaml:2:23: data.symbols[2]: symbol 'SPY' is listed twice")
    }

    @Test func boundsAreChecked() throws {
        let workers = try failure("infrastructure:\n  phase_resources:\n    p: {max_workers: 0}\n")
        #expect(workers.message == "max_workers must be at least 1, found 0")
        let timeout = try failure("phases:\n  - {name: a, type: b, timeout_hours: -1}\n")
        #expect(timeout.message == "timeout_hours must be greater than 0, found -1")
        let memory = try failure("workflow:\n  resource_management:\n    phase_resources:\n      p: {memory_per_container: 2XB}\n")
        #expect(memory.line == 4)
        #expect(memory.column == 33)
        #expect(memory.message == "expected a memory size such as \"512MB\", \"2GB\" or \"1.5GiB\", found the string '2XB'")
    }

    @Test func descriptionIsOneLine() {
        let error = ConfigError(file: "f.yaml", line: 1, column: 2, path: "a", message: "two\nlines", hint: "h")
        #expect(error.description == "f.yaml:1:2: a: two lines — h")
        #expect(ConfigError(file: "f.yaml", line: 4, message: "m").description == "f.yaml:4: m")
    }
}
