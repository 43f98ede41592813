/// `workflow.monitoring`: progress tracking, performance monitoring, alerts and charts.
///
/// ```yaml
/// monitoring:
///   enabled: true
///   progress_tracking: {phase_progress: true, container_progress: true, estimated_completion: true}
///   performance_monitoring: {resource_utilization: true, bottleneck_detection: true, cost_tracking: true}
///   alerts: {phase_completion: true, performance_degradation: true, resource_exhaustion: true, estimated_delay: true}
///   real_time_dashboard: true
///   progress_charts: true
///   resource_usage_charts: true
/// ```
public struct MonitoringConfig: Sendable {
    public static let keys = [
        "enabled", "progress_tracking", "performance_monitoring", "alerts",
        "real_time_dashboard", "progress_charts", "resource_usage_charts",
    ]

    public var enabled: Bool?
    public var progressTracking: ProgressTrackingConfig?
    public var performanceMonitoring: PerformanceMonitoringConfig?
    public var alerts: AlertsConfig?
    public var realTimeDashboard: Bool?
    public var progressCharts: Bool?
    public var resourceUsageCharts: Bool?
    public var node: ConfigNode

    /// `enabled`, defaulting to `true`: writing a `monitoring:` section asks for monitoring.
    public var isEnabled: Bool { enabled ?? true }

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        enabled = try node.optBool("enabled")
        progressTracking = try node.optional("progress_tracking") { try ProgressTrackingConfig($0) }
        performanceMonitoring = try node.optional("performance_monitoring") { try PerformanceMonitoringConfig($0) }
        alerts = try node.optional("alerts") { try AlertsConfig($0) }
        realTimeDashboard = try node.optBool("real_time_dashboard")
        progressCharts = try node.optBool("progress_charts")
        resourceUsageCharts = try node.optBool("resource_usage_charts")
    }
}

/// `monitoring.progress_tracking`.
///
/// ```yaml
/// progress_tracking: {phase_progress: true, container_progress: true, estimated_completion: true}
/// ```
public struct ProgressTrackingConfig: Sendable {
    public static let keys = ["phase_progress", "container_progress", "estimated_completion"]

    public var phaseProgress: Bool?
    public var containerProgress: Bool?
    public var estimatedCompletion: Bool?

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        phaseProgress = try node.optBool("phase_progress")
        containerProgress = try node.optBool("container_progress")
        estimatedCompletion = try node.optBool("estimated_completion")
    }
}

/// `monitoring.performance_monitoring`.
///
/// ```yaml
/// performance_monitoring: {resource_utilization: true, bottleneck_detection: true, cost_tracking: true}
/// ```
public struct PerformanceMonitoringConfig: Sendable {
    public static let keys = ["resource_utilization", "bottleneck_detection", "cost_tracking"]

    public var resourceUtilization: Bool?
    public var bottleneckDetection: Bool?
    public var costTracking: Bool?

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        resourceUtilization = try node.optBool("resource_utilization")
        bottleneckDetection = try node.optBool("bottleneck_detection")
        costTracking = try node.optBool("cost_tracking")
    }
}

/// `monitoring.alerts`.
///
/// ```yaml
/// alerts: {phase_completion: true, performance_degradation: true, resource_exhaustion: true, estimated_delay: true}
/// ```
public struct AlertsConfig: Sendable {
    public static let keys = ["phase_completion", "performance_degradation", "resource_exhaustion", "estimated_delay"]

    public var phaseCompletion: Bool?
    public var performanceDegradation: Bool?
    public var resourceExhaustion: Bool?
    public var estimatedDelay: Bool?

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        phaseCompletion = try node.optBool("phase_completion")
        performanceDegradation = try node.optBool("performance_degradation")
        resourceExhaustion = try node.optBool("resource_exhaustion")
        estimatedDelay = try node.optBool("estimated_delay")
    }
}
