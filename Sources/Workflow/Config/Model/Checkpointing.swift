/// How often checkpoints are written (`workflow.checkpointing.checkpoint_frequency`).
public enum CheckpointFrequency: String, Sendable, CaseIterable, Hashable {
    case perPhase = "per_phase"
    case hourly
    case daily
}

/// `workflow.checkpointing`: whether and where the workflow saves resumable state.
///
/// ```yaml
/// checkpointing:
///   enabled: true
///   checkpoint_frequency: "per_phase"   # or "hourly", "daily"
///   checkpoint_location: "checkpoints/workflow_id/"
///   auto_save: {phase_completion: true, significant_results: true, error_conditions: true}
///   resume_policy: {auto_resume_on_failure: true, max_resume_attempts: 3, resume_from_last_checkpoint: true}
/// ```
public struct CheckpointingConfig: Sendable {
    public static let keys = ["enabled", "checkpoint_frequency", "checkpoint_location", "auto_save", "resume_policy"]

    public var enabled: Bool?
    public var checkpointFrequency: CheckpointFrequency?
    public var checkpointLocation: String?
    public var autoSave: AutoSavePolicy?
    public var resumePolicy: ResumePolicy?
    /// The `checkpointing:` mapping itself.
    public var node: ConfigNode

    /// `enabled`, defaulting to `true`: writing a `checkpointing:` section asks for checkpoints.
    public var isEnabled: Bool { enabled ?? true }
    /// `checkpoint_frequency`, defaulting to `per_phase`.
    public var effectiveFrequency: CheckpointFrequency { checkpointFrequency ?? .perPhase }

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        self.node = node
        enabled = try node.optBool("enabled")
        checkpointFrequency = try node.optEnum("checkpoint_frequency")
        checkpointLocation = try node.optString("checkpoint_location")
        if let location = checkpointLocation, location.trimmingCharacters(in: .whitespaces).isEmpty, let key = node.child("checkpoint_location") {
            throw key.error("checkpoint_location is empty: the run store would be written into the current directory",
                            hint: "give a folder, e.g. \"checkpoints/my_workflow/\", or remove the key for the default")
        }
        autoSave = try node.optional("auto_save") { try AutoSavePolicy($0) }
        resumePolicy = try node.optional("resume_policy") { try ResumePolicy($0) }
    }
}

/// `workflow.checkpointing.auto_save`: which events force a checkpoint.
///
/// ```yaml
/// auto_save:
///   phase_completion: true
///   significant_results: true
///   error_conditions: true
/// ```
public struct AutoSavePolicy: Sendable {
    public static let keys = ["phase_completion", "significant_results", "error_conditions"]

    public var phaseCompletion: Bool?
    public var significantResults: Bool?
    public var errorConditions: Bool?

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        phaseCompletion = try node.optBool("phase_completion")
        significantResults = try node.optBool("significant_results")
        errorConditions = try node.optBool("error_conditions")
    }
}

/// `workflow.checkpointing.resume_policy`: how a failed run is resumed.
///
/// ```yaml
/// resume_policy:
///   auto_resume_on_failure: true
///   max_resume_attempts: 3
///   resume_from_last_checkpoint: true
/// ```
public struct ResumePolicy: Sendable {
    public static let keys = ["auto_resume_on_failure", "max_resume_attempts", "resume_from_last_checkpoint"]

    public var autoResumeOnFailure: Bool?
    /// At least 0.
    public var maxResumeAttempts: Int?
    public var resumeFromLastCheckpoint: Bool?

    init(_ node: ConfigNode) throws {
        try node.checkKeys(allowed: Self.keys)
        autoResumeOnFailure = try node.optBool("auto_resume_on_failure")
        maxResumeAttempts = try node.optInt("max_resume_attempts", atLeast: 0)
        resumeFromLastCheckpoint = try node.optBool("resume_from_last_checkpoint")
    }
}
