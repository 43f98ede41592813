import Reports

/// `type: conditional` — choose between two phase definitions from earlier results.
///
/// ```yaml
/// - name: strategy_selection
///   type: conditional
///   condition: "${initial_assessment.market_conditions.volatility} > 0.25"
///   if_true:
///     type: optimization
///     config: {…}
///   if_false:
///     type: optimization
///     config: {…}
///   outputs: [selected_strategies, optimization_results]
/// ```
///
/// The condition is parsed (see ``Condition``), never evaluated as code; every
/// `${phase.output.field}` it references makes that phase an input. Both branches
/// are checked when the workflow is validated; when the phase runs, the condition
/// is evaluated on the stored outputs and the chosen branch runs under the
/// conditional's name, inputs and outputs. `condition_result` records the value and
/// the branch taken.
public struct ConditionalPhase: WorkflowPhase {
    public static let typeName = "conditional"
    public static let defaultOutputs: [String] = ["condition_result"]
    public static let outputNames = ["condition_result"]

    public static func outputKind(_ name: String) -> ArtifactKind? {
        name == "condition_result" ? .metrics : nil
    }

    let name: String
    let text: String
    let condition: Condition
    let ifTrue: any WorkflowPhase
    let ifFalse: any WorkflowPhase

    public func segmentSeen(by output: String) -> DataSegment? {
        let segments = [ifTrue.segmentSeen(by: output), ifFalse.segmentSeen(by: output)].compactMap { $0 }
        guard let first = segments.first else { return nil }
        return segments.dropFirst().reduce(first, Lineage.union)
    }

    public var outOfSampleSegment: DataSegment? { ifTrue.outOfSampleSegment ?? ifFalse.outOfSampleSegment }
    public var allowsInSampleInputs: Bool { ifTrue.allowsInSampleInputs && ifFalse.allowsInSampleInputs }

    /// Built by the planner, which resolves the branches through the registry.
    init(name: String, text: String, condition: Condition, ifTrue: any WorkflowPhase, ifFalse: any WorkflowPhase) {
        self.name = name
        self.text = text
        self.condition = condition
        self.ifTrue = ifTrue
        self.ifFalse = ifFalse
    }

    public init(_ declaration: PhaseDeclaration, planning: PlanningContext) throws {
        throw declaration.node.error("a conditional phase is planned from its if_true / if_false branches")
    }

    public func run(_ context: PhaseContext) throws -> PhaseResult {
        let value: Bool
        do {
            value = try condition.evaluate { reference in
                guard let input = context.inputs.first(where: {
                    $0.reference.phase == reference.phase && $0.reference.output == reference.output
                }) else {
                    throw ConditionError(position: nil, message: "\(reference) was not produced")
                }
                var current = input.artifact.value
                for key in reference.path {
                    if let index = Int(key), let array = current.arrayValue, index >= 0, index < array.count {
                        current = array[index]
                    } else if let next = current[key] {
                        current = next
                    } else {
                        throw ConditionError(position: nil, message: "\(reference): '\(key)' is not in \(reference.phase).\(reference.output)")
                    }
                }
                return current
            }
        } catch {
            throw WorkflowError(phase: name, "\(error)")
        }
        var branchContext = context
        branchContext.requestedOutputs = context.requestedOutputs.filter { $0 != "condition_result" }
        var result = try (value ? ifTrue : ifFalse).run(branchContext)
        if context.requestedOutputs.contains("condition_result") {
            result.artifacts.append(Artifact(name: "condition_result", kind: .metrics, value: .object([
                ("condition", .string(text)), ("value", .bool(value)), ("branch", .string(value ? "if_true" : "if_false")),
                ("phase_type", .string(type(of: value ? ifTrue : ifFalse).typeName)),
            ])))
        }
        return result
    }
}
