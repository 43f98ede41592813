/// The top-level `reporting:` section: where reports go and which analyses they include.
///
/// ```yaml
/// reporting:
///   output_path: "reports/multi_phase_research/"
///   include_phase_reports: true
///   generate_summary_report: true
///   workflow_analytics:
///     execution_analysis: ["phase_timing_analysis", "bottleneck_identification"]
///     results_analysis: ["cross_phase_performance_tracking"]
///     optimization_recommendations: ["parallel_execution_opportunities"]
/// ```
public struct ReportingSection: Sendable {
    public static let keys = ["output_path", "include_phase_reports", "generate_summary_report", "workflow_analytics"]
    /// The report folder used when `output_path` is not given.
    public static let defaultOutputPath = "reports/"

    public var outputPath: String?
    public var includePhaseReports: Bool?
    public var generateSummaryReport: Bool?
    public var workflowAnalytics: WorkflowAnalyticsConfig?
    public var node: ConfigNode

    /// `output_path`, defaulting to `"reports/"`.
    public var effectiveOutputPath: String { outputPath ?? Self.defaultOutputPath }
    /// `include_phase_reports`, defaulting to `true`.
    public var shouldIncludePhaseReports: Bool { includePhaseReports ?? true }
    /// `generate_summary_report`, defaulting to `true`.
    public var shouldGenerateSummaryReport: Bool { generateSummaryReport ?? true }

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        outputPath = try node.optString("output_path")
        if let path = outputPath, path.trimmingCharacters(in: .whitespaces).isEmpty, let key = node.child("output_path") {
            throw key.error("output_path is empty: reports would be written into the current directory",
                            hint: "give a folder, e.g. \"reports/my_workflow/\", or remove the key for the default reports/")
        }
        includePhaseReports = try node.optBool("include_phase_reports")
        generateSummaryReport = try node.optBool("generate_summary_report")
        workflowAnalytics = try node.optional("workflow_analytics") { try WorkflowAnalyticsConfig($0) }
    }
}

/// `reporting.workflow_analytics`: named analyses, each list in document order.
///
/// ```yaml
/// workflow_analytics:
///   execution_analysis: ["phase_timing_analysis", "resource_efficiency_analysis"]
///   results_analysis: ["data_flow_impact_analysis"]
///   optimization_recommendations: ["phase_ordering_optimization"]
/// ```
public struct WorkflowAnalyticsConfig: Sendable {
    public static let keys = ["execution_analysis", "results_analysis", "optimization_recommendations"]

    public var executionAnalysis: [String]?
    public var resultsAnalysis: [String]?
    public var optimizationRecommendations: [String]?
    public var node: ConfigNode

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        executionAnalysis = try node.optStringList("execution_analysis")
        resultsAnalysis = try node.optStringList("results_analysis")
        optimizationRecommendations = try node.optStringList("optimization_recommendations")
    }
}
