import Collections

/// What to do when a phase fails (`on_failure`).
public enum FailureAction: String, Sendable, CaseIterable, Hashable {
    case retry
    case continueWithWarning = "continue_with_warning"
    case abortWorkflow = "abort_workflow"
}

/// How a retried phase is simplified (`fallback_method`).
public enum FallbackMethod: String, Sendable, CaseIterable, Hashable {
    /// Retry with a smaller parameter space (the phase type decides how to shrink it).
    case reducedParameterSpace = "reduced_parameter_space"
}

/// Whether a failed phase's partial outputs may be used downstream (`partial_results`).
public enum PartialResultsPolicy: String, Sendable, CaseIterable, Hashable {
    /// Keep what the phase produced before failing; later phases may consume it.
    case acceptable
    /// Throw partial outputs away (the default).
    case discard
}

/// What to do when a phase times out (`global_error_policy.timeout_action`).
public enum TimeoutAction: String, Sendable, CaseIterable, Hashable {
    case savePartialResults = "save_partial_results"
    case abort
}

/// What to do when resources run out (`global_error_policy.resource_exhaustion`).
public enum ResourceExhaustionAction: String, Sendable, CaseIterable, Hashable {
    case gracefulDegradation = "graceful_degradation"
    case abort
}

/// What to do on an unexpected error (`global_error_policy.unexpected_error`).
public enum UnexpectedErrorAction: String, Sendable, CaseIterable, Hashable {
    case checkpointAndAbort = "checkpoint_and_abort"
    case abort
}

/// `workflow.error_handling`: per-phase failure policies and the global policy.
///
/// ```yaml
/// error_handling:
///   phase_error_policies:
///     parameter_optimization: {on_failure: "retry", max_retries: 2, fallback_method: "reduced_parameter_space"}
///     walk_forward_validation: {on_failure: "continue_with_warning", partial_results: "acceptable"}
///     final_validation: {on_failure: "abort_workflow", critical: true}
///   global_error_policy:
///     timeout_action: "save_partial_results"
///     resource_exhaustion: "graceful_degradation"
///     unexpected_error: "checkpoint_and_abort"
/// ```
///
/// Policy phase names are not checked against the document's phases here (a fragment may name
/// phases defined elsewhere); the planner does that.
public struct ErrorHandlingConfig: Sendable {
    public static let keys = ["phase_error_policies", "global_error_policy"]

    /// Policies by phase name, in document order.
    public var phaseErrorPolicies: OrderedDictionary<String, PhaseErrorPolicy>
    public var globalErrorPolicy: GlobalErrorPolicy?
    public var node: ConfigNode

    /// The policy for `phase`, if one is given.
    public func policy(for phase: String) -> PhaseErrorPolicy? { phaseErrorPolicies[phase] }

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        phaseErrorPolicies = [:]
        if let policies = node.child("phase_error_policies") {
            for entry in try policies.entries() {
                phaseErrorPolicies[entry.key] = try PhaseErrorPolicy(phase: entry.key, entry.value)
            }
        }
        globalErrorPolicy = try node.optional("global_error_policy") { try GlobalErrorPolicy($0) }
    }
}

/// One entry of `phase_error_policies`.
///
/// ```yaml
/// parameter_optimization:
///   on_failure: "retry"
///   max_retries: 2
///   fallback_method: "reduced_parameter_space"
///   partial_results: "acceptable"   # or "discard"
///   critical: true
/// ```
public struct PhaseErrorPolicy: Sendable {
    public static let keys = ["on_failure", "max_retries", "fallback_method", "partial_results", "critical"]

    /// The phase the policy is for (the mapping key).
    public var phase: String
    public var onFailure: FailureAction?
    /// At least 0.
    public var maxRetries: Int?
    public var fallbackMethod: FallbackMethod?
    public var partialResults: PartialResultsPolicy?
    public var critical: Bool?
    public var node: ConfigNode

    /// `on_failure`, defaulting to `abort_workflow`.
    public var effectiveOnFailure: FailureAction { onFailure ?? .abortWorkflow }
    /// `max_retries`, defaulting to 1 when `on_failure` is `retry` and 0 otherwise.
    public var effectiveMaxRetries: Int { maxRetries ?? (effectiveOnFailure == .retry ? 1 : 0) }
    /// `partial_results`, defaulting to `discard`.
    public var effectivePartialResults: PartialResultsPolicy { partialResults ?? .discard }
    /// `critical`, defaulting to `false`.
    public var isCritical: Bool { critical ?? false }

    init(phase: String, _ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.phase = phase
        self.node = node
        onFailure = try node.optEnum("on_failure")
        maxRetries = try node.optInt("max_retries", atLeast: 0)
        fallbackMethod = try node.optEnum("fallback_method")
        partialResults = try node.optEnum("partial_results")
        critical = try node.optBool("critical")
    }
}

/// `error_handling.global_error_policy`.
///
/// ```yaml
/// global_error_policy:
///   timeout_action: "save_partial_results"     # or "abort"
///   resource_exhaustion: "graceful_degradation" # or "abort"
///   unexpected_error: "checkpoint_and_abort"    # or "abort"
/// ```
public struct GlobalErrorPolicy: Sendable {
    public static let keys = ["timeout_action", "resource_exhaustion", "unexpected_error"]

    public var timeoutAction: TimeoutAction?
    public var resourceExhaustion: ResourceExhaustionAction?
    public var unexpectedError: UnexpectedErrorAction?

    /// `timeout_action`, defaulting to `save_partial_results`.
    public var effectiveTimeoutAction: TimeoutAction { timeoutAction ?? .savePartialResults }
    /// `resource_exhaustion`, defaulting to `abort`.
    public var effectiveResourceExhaustion: ResourceExhaustionAction { resourceExhaustion ?? .abort }
    /// `unexpected_error`, defaulting to `checkpoint_and_abort`.
    public var effectiveUnexpectedError: UnexpectedErrorAction { unexpectedError ?? .checkpointAndAbort }

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        timeoutAction = try node.optEnum("timeout_action")
        resourceExhaustion = try node.optEnum("resource_exhaustion")
        unexpectedError = try node.optEnum("unexpected_error")
    }
}
