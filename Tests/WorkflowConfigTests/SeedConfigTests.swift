import Foundation
import Testing
@testable import Workflow

/// The 12 seed configs from the specification load, and their values read back as written.
@Suite struct SeedConfigTests {
    @Test(arguments: ConfigTestSupport.seedNames)
    func seedLoads(name: String) throws {
        let document = try ConfigTestSupport.seed(name)
        #expect(document.file == ConfigTestSupport.seedPath(name))
        #expect(document.root.isMapping)
    }

    @Test func allTwelveSeedsArePresent() throws {
        let folder = URL(fileURLWithPath: ConfigTestSupport.seedPath(""))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names == ConfigTestSupport.seedNames)
    }

    @Test func basicMultiPhase() throws {
        let document = try ConfigTestSupport.seed("basic_multi_phase.yaml")
        #expect(document.workflow.type == "multi_phase")
        #expect(document.workflow.name == "Basic Research Pipeline")
        #expect(document.workflow.description == "Optimize → Analyze → Validate workflow")
        #expect(document.workflow.seed == nil)
        #expect(document.workflow.effectiveSeed == 0)

        let data = try #require(document.data)
        #expect(data.symbols == ["SPY"])
        #expect(data.startDate?.text == "2022-01-01")
        #expect(data.startDate?.epochSeconds == 1_640_995_200)
        #expect(data.endDate?.epochSeconds == 1_703_980_800)
        #expect(data.effectiveSource == .directory)
        #expect(data.effectivePath == "data")
        #expect(data.effectiveSplit == .trainRatio(0.7))

        #expect(document.phases.map(\.name) == ["parameter_optimization", "performance_analysis", "validation"])
        #expect(document.phases.map(\.type) == ["optimization", "analysis", "backtest"])
        let optimization = document.phases[0]
        #expect(optimization.line == 15)
        #expect(optimization.column == 5)
        #expect(optimization.path == "phases[0]")
        #expect(optimization.outputs == ["best_parameters", "top_10_parameter_sets", "optimization_history"])
        #expect(optimization.inputs.isEmpty)
        let config = try #require(optimization.config)
        #expect(config.keys == ["strategies", "optimization"])
        let method = try config.require("optimization").require("method")
        #expect(try method.string() == "grid")
        #expect(method.path == "phases[0].config.optimization.method")
        #expect(method.line == 23)
        #expect(method.column == 17)
        let parameters = try config.require("optimization").require("parameters")
        #expect(parameters.keys == ["fast_period", "slow_period", "signal_threshold"])
        #expect(try parameters.require("fast_period").doubleList() == [5, 10, 15, 20])
        #expect(try parameters.require("slow_period").intList() == [20, 30, 40, 50])
        #expect(try parameters.require("signal_threshold").doubleList() == [0.01, 0.02, 0.05])
        let strategy = try config.require("strategies").sequence()[0]
        #expect(try strategy.require("optimization_target").bool() == true)

        let analysis = document.phases[1]
        #expect(analysis.inputs.map(\.text) == ["parameter_optimization.best_parameters"])
        #expect(analysis.inputs[0].phase == "parameter_optimization")
        #expect(analysis.inputs[0].output == "best_parameters")
        #expect(analysis.inputs[0].branch == nil)
        #expect(try analysis.config?.require("analyzers").stringList().count == 4)
        #expect(try document.phases[2].config?.require("data_split").string() == "test")

        let infrastructure = try #require(document.infrastructure)
        #expect(Array(infrastructure.phaseResources.keys) == ["parameter_optimization", "performance_analysis", "validation"])
        #expect(infrastructure.phaseResources["parameter_optimization"]?.maxWorkers == 16)
        #expect(infrastructure.phaseResources["parameter_optimization"]?.memoryLimitGB == 32)
        #expect(infrastructure.phaseResources["validation"]?.maxWorkers == 1)
        #expect(infrastructure.phaseResources["validation"]?.memoryLimitGB == 4)

        let reporting = try #require(document.reporting)
        #expect(reporting.outputPath == "reports/multi_phase_research/")
        #expect(reporting.includePhaseReports == true)
        #expect(reporting.generateSummaryReport == true)
        #expect(reporting.workflowAnalytics == nil)
    }

    @Test func institutionalResearch() throws {
        let document = try ConfigTestSupport.seed("institutional_research.yaml")
        #expect(document.phases.count == 8)
        #expect(document.data?.symbols == ["SPY", "QQQ", "IWM", "TLT", "GLD", "VXX"])
        let search = document.phases[0]
        #expect(search.containerCount == 1000)
        #expect(search.timeoutHours == 6)
        let optimization = try #require(try search.config?.require("optimization"))
        #expect(try optimization.require("n_trials").int() == 10000)
        #expect(try optimization.require("parameters").require("signal_threshold").doubleList() == [0.001, 0.1])
        let ensemble = try #require(document.phase(named: "ensemble_optimization"))
        #expect(ensemble.method == "signal_replay")
        #expect(ensemble.containerCount == 100)
        #expect(try ensemble.config?.require("constraints").require("sum_weights").double() == 1.0)
        let regimeSpecific = document.phases[2]
        #expect(regimeSpecific.inputs.map(\.phase) == ["broad_parameter_search", "regime_analysis"])
        #expect(regimeSpecific.inputs[1].line == 66)
        #expect(regimeSpecific.inputs[1].column == 7)
        let risk = try #require(document.phase(named: "risk_analysis"))
        let scenarios = try #require(try risk.config?.require("stress_scenarios").sequence())
        #expect(scenarios.count == 3)
        let range = try scenarios[0].require("date_range").sequence().map { try $0.date() }
        #expect(range.map(\.text) == ["2020-02-01", "2020-04-01"])
        #expect(document.phases.last?.outputs.count == 4)
    }

    @Test func adaptiveResearchConditionalBranches() throws {
        let document = try ConfigTestSupport.seed("adaptive_research.yaml")
        #expect(document.workflow.type == "adaptive_multi_phase")
        let selection = try #require(document.phase(named: "strategy_selection"))
        #expect(selection.type == "conditional")
        #expect(selection.condition == "${initial_assessment.market_conditions.volatility} > 0.25")
        #expect(selection.ifTrue?.type == "optimization")
        #expect(try selection.ifTrue?.config?.require("optimization").require("risk_penalty").double() == 0.5)
        #expect(try selection.ifFalse?.config?.require("optimization").require("method").string() == "return_maximization")
        #expect(selection.outputs == ["selected_strategies", "optimization_results"])
        #expect(try document.phases[0].config?.require("market_condition_analysis").stringList()
            == ["volatility_regime", "trend_strength", "correlation_structure"])
    }

    @Test func parallelResearchBranchesAndConvergence() throws {
        let document = try ConfigTestSupport.seed("parallel_research.yaml")
        #expect(document.phases.isEmpty)
        let branches = document.workflow.parallelPhases
        #expect(Array(branches.keys) == ["technical_branch", "ml_branch", "alternative_data_branch"])
        #expect(branches["technical_branch"]?.phases.map(\.name) == ["technical_optimization", "technical_validation"])
        #expect(branches["ml_branch"]?.phases.count == 3)
        #expect(branches["ml_branch"]?.phases.allSatisfy { $0.branch == "ml_branch" } == true)
        #expect(branches["ml_branch"]?.phases[0].path == "workflow.parallel_phases.ml_branch.phases[0]")
        #expect(branches["alternative_data_branch"]?.phases[1].config == nil)

        let convergence = try #require(document.workflow.convergencePhase)
        #expect(convergence.name == "multi_branch_ensemble")
        #expect(convergence.isConvergence)
        #expect(convergence.inputs.count == 3)
        #expect(convergence.inputs.allSatisfy { $0.components.count == 3 })
        #expect(convergence.inputs[0].components == ["technical_branch", "technical_validation", "results"])
        #expect(convergence.inputs[1].branch == "ml_branch")
        #expect(convergence.inputs[2].phase == "alt_data_optimization")
        #expect(convergence.inputs[2].output == "results")
        #expect(convergence.inputs[2].line == 55)
        #expect(try convergence.config?.require("cross_validation").bool() == true)
        #expect(document.allPhases.count == 8)
        #expect(document.allPhases.last?.name == "multi_branch_ensemble")
    }

    @Test func errorHandlingPoliciesInDocumentOrder() throws {
        let document = try ConfigTestSupport.seed("error_handling.yaml")
        let handling = try #require(document.workflow.errorHandling)
        #expect(Array(handling.phaseErrorPolicies.keys) == ["parameter_optimization", "walk_forward_validation", "final_validation"])
        let retry = try #require(handling.policy(for: "parameter_optimization"))
        #expect(retry.onFailure == .retry)
        #expect(retry.maxRetries == 2)
        #expect(retry.fallbackMethod == .reducedParameterSpace)
        #expect(retry.critical == nil)
        let walk = try #require(handling.phaseErrorPolicies["walk_forward_validation"])
        #expect(walk.onFailure == .continueWithWarning)
        #expect(walk.partialResults == .acceptable)
        #expect(walk.effectiveMaxRetries == 0)
        let final = try #require(handling.phaseErrorPolicies["final_validation"])
        #expect(final.onFailure == .abortWorkflow)
        #expect(final.isCritical)
        #expect(final.effectivePartialResults == .discard)
        let global = try #require(handling.globalErrorPolicy)
        #expect(global.timeoutAction == .savePartialResults)
        #expect(global.resourceExhaustion == .gracefulDegradation)
        #expect(global.unexpectedError == .checkpointAndAbort)
        #expect(document.phases.isEmpty)
        #expect(document.data == nil)
    }

    @Test func checkpointing() throws {
        let document = try ConfigTestSupport.seed("checkpointing.yaml")
        let checkpointing = try #require(document.workflow.checkpointing)
        #expect(checkpointing.enabled == true)
        #expect(checkpointing.checkpointFrequency == .perPhase)
        #expect(checkpointing.checkpointLocation == "checkpoints/workflow_id/")
        #expect(checkpointing.autoSave?.phaseCompletion == true)
        #expect(checkpointing.autoSave?.significantResults == true)
        #expect(checkpointing.autoSave?.errorConditions == true)
        #expect(checkpointing.resumePolicy?.autoResumeOnFailure == true)
        #expect(checkpointing.resumePolicy?.maxResumeAttempts == 3)
        #expect(checkpointing.resumePolicy?.resumeFromLastCheckpoint == true)
        #expect(document.workflow.type == nil)
    }

    @Test func resourceManagement() throws {
        let document = try ConfigTestSupport.seed("resource_management.yaml")
        let resources = try #require(document.workflow.resourceManagement)
        #expect(resources.dynamicAllocation == true)
        #expect(Array(resources.phaseResources.keys) == ["broad_search", "ensemble_optimization", "final_validation"])
        let broad = try #require(resources.phaseResources["broad_search"])
        #expect(broad.priority == .low)
        #expect(broad.maxContainers == 1000)
        #expect(broad.memoryPerContainer == 512_000_000)
        #expect(broad.cpuPerContainer == 0.1)
        #expect(resources.phaseResources["ensemble_optimization"]?.memoryPerContainer == 2_000_000_000)
        #expect(resources.phaseResources["final_validation"]?.memoryPerContainer == 8_000_000_000)
        #expect(resources.phaseResources["final_validation"]?.priority == .high)
        #expect(resources.phaseResources["final_validation"]?.cpuPerContainer == 4.0)
        #expect(resources.globalLimits?.maxTotalMemoryGB == 128)
        #expect(resources.globalLimits?.maxTotalCPUCores == 32)
        #expect(resources.globalLimits?.maxConcurrentContainers == 1000)
    }

    @Test func monitoring() throws {
        let document = try ConfigTestSupport.seed("monitoring.yaml")
        let monitoring = try #require(document.workflow.monitoring)
        #expect(monitoring.enabled == true)
        #expect(monitoring.progressTracking?.phaseProgress == true)
        #expect(monitoring.progressTracking?.containerProgress == true)
        #expect(monitoring.progressTracking?.estimatedCompletion == true)
        #expect(monitoring.performanceMonitoring?.resourceUtilization == true)
        #expect(monitoring.performanceMonitoring?.bottleneckDetection == true)
        #expect(monitoring.performanceMonitoring?.costTracking == true)
        #expect(monitoring.alerts?.phaseCompletion == true)
        #expect(monitoring.alerts?.performanceDegradation == true)
        #expect(monitoring.alerts?.resourceExhaustion == true)
        #expect(monitoring.alerts?.estimatedDelay == true)
        #expect(monitoring.realTimeDashboard == true)
        #expect(monitoring.progressCharts == true)
        #expect(monitoring.resourceUsageCharts == true)
    }

    @Test func workflowAnalytics() throws {
        let document = try ConfigTestSupport.seed("workflow_analytics.yaml")
        let analytics = try #require(document.reporting?.workflowAnalytics)
        #expect(analytics.executionAnalysis == [
            "phase_timing_analysis", "resource_efficiency_analysis", "bottleneck_identification", "cost_benefit_analysis",
        ])
        #expect(analytics.resultsAnalysis?.count == 4)
        #expect(analytics.optimizationRecommendations?.last == "parallel_execution_opportunities")
        #expect(document.reporting?.outputPath == nil)
        #expect(document.reporting?.effectiveOutputPath == "reports/")
        #expect(document.workflow.node == nil)
    }

    @Test func dataFlowAndTransformation() throws {
        let flow = try ConfigTestSupport.seed("data_flow_patterns.yaml")
        #expect(flow.phases.map(\.name) == [
            "data_preprocessing", "strategy_optimization_a", "strategy_optimization_b", "ensemble_optimization",
        ])
        #expect(flow.phases[3].inputs.map(\.text) == [
            "strategy_optimization_a.strategy_a_results",
            "strategy_optimization_b.strategy_b_results",
            "data_preprocessing.regime_labels",
        ])
        #expect(try flow.phases[3].config?.require("input_processing").require("strategy_a_weight").double() == 0.4)

        let signals = try ConfigTestSupport.seed("signal_transformation.yaml")
        #expect(signals.phases.count == 3)
        let transformations = try #require(try signals.phases[1].config?.require("transformations").sequence())
        #expect(try transformations.map { try $0.require("type").string() } == [
            "signal_smoothing", "signal_filtering", "signal_aggregation",
        ])
        #expect(try transformations[2].require("window").int() == 5)
        #expect(signals.phases[2].config == nil)
        #expect(signals.phases[2].outputs.isEmpty)
    }

    @Test func productionDeployment() throws {
        let document = try ConfigTestSupport.seed("production_deployment.yaml")
        #expect(document.phases.map(\.type) == ["comprehensive_validation", "live_simulation", "live_simulation", "live_trading"])
        let criteria = try #require(try document.phases[0].config?.require("acceptance_criteria"))
        #expect(try criteria.require("min_sharpe_ratio").double() == 1.0)
        #expect(try criteria.require("max_drawdown").double() == 0.15)
        let schedule = try #require(try document.phases[3].config?.require("rollout_schedule"))
        #expect(schedule.keys == ["week_1", "week_2", "week_4", "week_8"])
        #expect(try schedule.mapping().map { try $0.value.double() } == [0.1, 0.25, 0.5, 1.0])
        #expect(try document.phases[2].config?.require("duration_days").int() == 60)
    }
}
