import Testing
@testable import Workflow

/// Our extensions to the seed schema (seed, data source, split, synthetic data) and the
/// documented defaults.
@Suite struct ModelExtensionTests {
    @Test func fullDataSection() throws {
        let yaml = """
            workflow:
              seed: 42
            data:
              symbols: [SPY, QQQ]
              start_date: 2020-01-01
              end_date: "2020-12-31T21:00:00Z"
              source: csv
              path: market
              timeframe: 1d
              files:
                SPY: data/spy.csv
                QQQ: data/qqq.csv
              split:
                test_start: "2020-10-01"
              drop_invalid_rows: true

            """
        let document = try WorkflowLoader.load(yaml: yaml, file: "ext.yaml")
        #expect(document.workflow.seed == 42)
        #expect(document.workflow.effectiveSeed == 42)
        let data = try #require(document.data)
        #expect(data.symbols == ["SPY", "QQQ"])
        #expect(data.startDate?.epochSeconds == 1_577_836_800)
        #expect(data.endDate?.hasTime == true)
        #expect(data.effectiveSource == .csv)
        #expect(data.effectivePath == "market")
        #expect(data.timeframe == "1d")
        #expect(Array(data.files?.keys ?? []) == ["SPY", "QQQ"])
        #expect(data.files?["QQQ"] == "data/qqq.csv")
        #expect(data.effectiveSplit == .testStart(try #require(ConfigDate.parse("2020-10-01"))))
        #expect(data.shouldDropInvalidRows)
    }

    @Test func syntheticData() throws {
        let yaml = """
            data:
              source: synthetic
              symbols: [SYN]
              split: {train_ratio: 0.6}
              synthetic: {bars: 500, seed: 7, regimes: 3, correlation: -0.2, bar_seconds: 3600}

            """
        let data = try #require(try WorkflowLoader.load(yaml: yaml, file: "syn.yaml").data)
        #expect(data.effectiveSplit == .trainRatio(0.6))
        let synthetic = try #require(data.synthetic)
        #expect(synthetic.bars == 500)
        #expect(synthetic.seed == 7)
        #expect(synthetic.regimes == 3)
        #expect(synthetic.correlation == -0.2)
        #expect(synthetic.barSeconds == 3600)
        let misplaced = try #require(ConfigTestSupport.loadError("data:\n  synthetic: {bars: 10}\n"))
        #expect(misplaced.message == "synthetic is only used with source: synthetic")
        let correlation = try #require(ConfigTestSupport.loadError(
            "data:\n  source: synthetic\n  synthetic: {correlation: 2}\n"))
        #expect(correlation.message == "correlation must be between -1 and 1, found 2")
    }

    @Test func defaults() throws {
        let yaml = """
            workflow:
              checkpointing: {checkpoint_location: "cp/"}
              monitoring: {real_time_dashboard: false}
              error_handling:
                phase_error_policies:
                  a: {on_failure: retry}
                  b: {}
              resource_management:
                phase_resources:
                  a: {max_containers: 2}
            reporting: {}

            """
        let document = try WorkflowLoader.load(yaml: yaml, file: "defaults.yaml")
        let workflow = document.workflow
        #expect(workflow.checkpointing?.isEnabled == true)
        #expect(workflow.checkpointing?.effectiveFrequency == .perPhase)
        #expect(workflow.monitoring?.isEnabled == true)
        #expect(workflow.errorHandling?.policy(for: "a")?.effectiveMaxRetries == 1)
        #expect(workflow.errorHandling?.policy(for: "b")?.effectiveOnFailure == .abortWorkflow)
        #expect(workflow.resourceManagement?.phaseResources["a"]?.effectivePriority == .medium)
        #expect(workflow.resourceManagement?.isDynamicAllocation == false)
        // `reporting: {}` is an empty mapping: present, with every value defaulted.
        #expect(document.reporting?.shouldIncludePhaseReports == true)
        #expect(document.reporting?.effectiveOutputPath == "reports/")
        #expect(document.data == nil)
        #expect(document.phases.isEmpty)
    }

    @Test func unknownKeysInBranchesAndConditionalSides() throws {
        let branch = try #require(ConfigTestSupport.loadError("""
            workflow:
              parallel_phases:
                left:
                  phase:
                    - {name: a, type: b}

            """))
        #expect(branch.description
            == "test.yaml:4:7: workflow.parallel_phases.left: unknown key 'phase' — did you mean 'phases'? (allowed: phases)")
        let side = try #require(ConfigTestSupport.loadError("""
            phases:
              - name: pick
                type: conditional
                condition: "x > 1"
                if_true: {type: optimization, confg: {}}

            """))
        #expect(side.line == 5)
        #expect(side.column == 35)
        #expect(side.path == "phases[0].if_true")
        #expect(side.hint == "did you mean 'config'? (allowed: config, method, type)")
        let convergence = try #require(ConfigTestSupport.loadError("""
            workflow:
              convergence_phase:
                name: merge
                inputs: ["nodot"]

            """))
        #expect(convergence.description == "test.yaml:3:5: workflow.convergence_phase: missing required key 'type'")
    }

    @Test func singleInputAndOutputScalars() throws {
        let document = try WorkflowLoader.load(
            yaml: "phases:\n  - {name: a, type: b, outputs: x}\n  - {name: c, type: d, inputs: a.x}\n", file: "one.yaml")
        #expect(document.phases[0].outputs == ["x"])
        #expect(document.phases[1].inputs.map(\.components) == [["a", "x"]])
        let twice = try #require(ConfigTestSupport.loadError("phases:\n  - {name: a, type: b, outputs: [x, x]}\n"))
        #expect(twice.message == "output 'x' is listed twice")
    }
}
