import Reports

/// `type: transformation` — smooth, filter and aggregate signals from an earlier phase.
///
/// ```yaml
/// - name: signal_processing
///   type: transformation
///   inputs: ["signal_generation.raw_signals"]
///   config:
///     transformations:                 # applied in order
///       - {type: signal_smoothing, method: exponential_smoothing, alpha: 0.3}
///       - {type: signal_filtering, method: strength_threshold, threshold: 0.5}
///       - {type: signal_aggregation, method: time_weighted_average, window: 5}
///   outputs: [processed_signals]
/// ```
///
/// - `exponential_smoothing`: `s'_t = α s_t + (1 − α) s'_{t−1}`, `s'_0 = s_0`, α ∈ (0, 1].
/// - `strength_threshold`: `s'_t = s_t` if `|s_t| ≥ threshold`, else 0.
/// - `time_weighted_average`: linearly weighted mean of the last `window` values, weight
///   `window − k` for the value `k` bars back (the newest counts most); shorter at the start.
///
/// Each step uses only the current and earlier bars, so a transformed signal never looks
/// ahead. NaN values count as 0. `processed_signals` is a signal set like its input;
/// `transformation_summary` compares exposure and signal changes before and after.
public struct TransformationPhase: WorkflowPhase {
    public static let typeName = "transformation"
    public static let defaultOutputs = ["processed_signals"]
    public static let outputNames = ["processed_signals", "transformation_summary"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        switch name {
        case "processed_signals": return .signalSet
        case "transformation_summary": return .metrics
        default: return nil
        }
    }

    enum Step: Equatable {
        case smoothing(alpha: Double)
        case filtering(threshold: Double)
        case aggregation(window: Int)

        var label: String {
            switch self {
            case .smoothing(let alpha): "exponential_smoothing(alpha=\(JSONValue.format(alpha)))"
            case .filtering(let threshold): "strength_threshold(threshold=\(JSONValue.format(threshold)))"
            case .aggregation(let window): "time_weighted_average(window=\(window))"
            }
        }
    }

    let name: String
    let steps: [Step]

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        name = declaration.name
        guard let config = declaration.config else {
            throw declaration.node.error("a transformation phase needs config.transformations")
        }
        try config.checkKeys(allowed: ["transformations"])
        var steps: [Step] = []
        for item in try config.require("transformations").sequence() {
            let type = try item.require("type").oneOf(["signal_smoothing", "signal_filtering", "signal_aggregation"])
            switch type {
            case "signal_smoothing":
                try item.checkKeys(allowed: ["type", "method", "alpha"])
                _ = try item.optional("method") { try $0.oneOf(["exponential_smoothing"]) }
                let node = try item.require("alpha")
                let alpha = try node.double()
                guard alpha > 0, alpha <= 1 else { throw node.error("alpha must be in (0, 1], got \(JSONValue.format(alpha))") }
                steps.append(.smoothing(alpha: alpha))
            case "signal_filtering":
                try item.checkKeys(allowed: ["type", "method", "threshold"])
                _ = try item.optional("method") { try $0.oneOf(["strength_threshold"]) }
                let node = try item.require("threshold")
                let threshold = try node.double()
                guard threshold >= 0, threshold <= 1 else { throw node.error("threshold must be in [0, 1], got \(JSONValue.format(threshold))") }
                steps.append(.filtering(threshold: threshold))
            default:
                try item.checkKeys(allowed: ["type", "method", "window"])
                _ = try item.optional("method") { try $0.oneOf(["time_weighted_average"]) }
                let node = try item.require("window")
                let window = try node.int()
                guard window >= 1 else { throw node.error("window must be at least 1, got \(window)") }
                steps.append(.aggregation(window: window))
            }
        }
        guard !steps.isEmpty else { throw config.error("transformations is empty") }
        self.steps = steps
        guard !planning.inputs(of: .signalSet).isEmpty else {
            throw declaration.node.error("a transformation phase needs a signal-set input, e.g. inputs: [\"signal_generation.raw_signals\"]")
        }
    }

    /// Applies every step to one series.
    static func apply(_ steps: [Step], to input: [Double]) -> [Double] {
        var values = input.map { $0.isFinite ? $0 : 0 }
        for step in steps {
            switch step {
            case .smoothing(let alpha):
                var previous = values.first ?? 0
                for t in values.indices {
                    let smoothed = t == 0 ? values[0] : alpha * values[t] + (1 - alpha) * previous
                    values[t] = smoothed
                    previous = smoothed
                }
            case .filtering(let threshold):
                for t in values.indices where abs(values[t]) < threshold { values[t] = 0 }
            case .aggregation(let window):
                let source = values
                for t in source.indices {
                    var sum = 0.0, weights = 0.0
                    for k in 0..<min(window, t + 1) {
                        let weight = Double(window - k)
                        sum += weight * source[t - k]
                        weights += weight
                    }
                    values[t] = sum / weights
                }
            }
        }
        return values
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        var before: [SignalSetCodec.Entry] = []
        var dates: [String] = []
        for input in context.inputs(of: .signalSet) {
            let decoded = try SignalSetCodec.decode(input.artifact.value)
            if dates.isEmpty { dates = decoded.dates }
            guard decoded.dates == dates else {
                throw WorkflowError(phase: name, "the signal inputs cover different dates")
            }
            before += decoded.series
        }
        let after = before.map { entry in
            var transformed = entry
            transformed.values = Self.apply(steps, to: entry.values)
            return transformed
        }
        var artifacts: [Artifact] = []
        for output in context.requestedOutputs {
            switch output {
            case "processed_signals":
                artifacts.append(Artifact(name: output, kind: .signalSet, value: SignalSetCodec.encode(dates: dates, after)))
            case "transformation_summary":
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object([
                    ("steps", .array(steps.map { .string($0.label) })),
                    ("before", SignalSetCodec.metadata(before)),
                    ("after", SignalSetCodec.metadata(after)),
                ])))
            default:
                continue
            }
        }
        return PhaseResult(artifacts: artifacts)
    }
}
