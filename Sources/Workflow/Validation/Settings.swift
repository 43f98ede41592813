/// Checks the `workflow:` and `reporting:` settings against what ADMF honours.
///
/// Settings that ADMF cannot honour yet are refused with the key's location, never
/// silently ignored. What each honoured setting does is documented in the README
/// ("Workflow settings").
enum Settings {
    /// Analytics ADMF writes into `analytics.html` / `analytics.json`.
    static let supportedAnalytics: [String: [String]] = [
        "execution_analysis": ["phase_timing_analysis", "resource_efficiency_analysis", "bottleneck_identification",
                               "cost_benefit_analysis"],
        "results_analysis": ["cross_phase_performance_tracking", "validation_consistency_analysis",
                             "data_flow_impact_analysis", "ensemble_contribution_analysis"],
        "optimization_recommendations": ["resource_allocation_optimization", "parallel_execution_opportunities",
                                         "phase_ordering_optimization", "workflow_structure_optimization"],
    ]

    /// Returns warnings; throws for settings that cannot be honoured.
    static func check(_ document: WorkflowDocument) throws -> [String] {
        let warnings: [String] = []
        if let checkpointing = document.workflow.checkpointing, let autoSave = checkpointing.autoSave {
            for (key, value) in [("phase_completion", autoSave.phaseCompletion), ("significant_results", autoSave.significantResults),
                                 ("error_conditions", autoSave.errorConditions)] where value == false {
                let node = checkpointing.node.child("auto_save")?.keyNode(key) ?? checkpointing.node
                throw node.error("auto_save.\(key): false is not supported",
                                 hint: "ADMF always saves phase results, every trial batch and the state at errors; remove the key")
            }
        }
        if let analytics = document.reporting?.workflowAnalytics {
            let node = document.reporting?.node.child("workflow_analytics")
            for (section, values) in [("execution_analysis", analytics.executionAnalysis),
                                      ("results_analysis", analytics.resultsAnalysis),
                                      ("optimization_recommendations", analytics.optimizationRecommendations)] {
                let supported = supportedAnalytics[section] ?? []
                for (index, value) in (values ?? []).enumerated() where !supported.contains(value) {
                    let item = node?.child(section).flatMap { try? $0.sequence() }.flatMap { index < $0.count ? $0[index] : nil }
                    let error = (item ?? node ?? document.root).error(
                        "\(section) item '\(value)' is not supported yet",
                        hint: "supported: \(supported.joined(separator: ", "))")
                    throw error
                }
            }
        }
        return warnings
    }
}
