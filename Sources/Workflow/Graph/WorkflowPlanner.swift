import Foundation
import Market

/// Checks a loaded workflow document and turns it into a ``WorkflowPlan``.
///
/// The checks, in order (the first failure is reported, located in the file):
/// 1. every phase type is known and supported; conditional phases have a parseable
///    condition and two supported branches;
/// 2. every output a phase lists is one its type can produce;
/// 3. every input names an existing phase (`phase.output`, or `branch.phase.output`
///    across parallel branches) and an output that phase produces; the inputs form no
///    cycle, and no phase depends on one that runs in a later stage;
/// 4. each phase type accepts its `config:` (keys, types, ranges, strategies and their
///    parameter ranges) — see the phase type's documentation;
/// 5. the settings under `workflow:` are ones ADMF honours;
/// 6. the data exist: a file for every symbol (or the synthetic generator).
public enum WorkflowPlanner {
    public struct Options: Sendable {
        /// Upper bound on worker threads for every phase (`--workers`).
        public var workers: Int?
        public init(workers: Int? = nil) { self.workers = workers }
    }

    public static func plan(_ document: WorkflowDocument, options: Options = .init()) throws -> WorkflowPlan {
        let specs = document.allPhases
        let root = document.root
        // 1. Types.
        var types: [String: any WorkflowPhase.Type] = [:]
        var branchTypes: [String: (any WorkflowPhase.Type, any WorkflowPhase.Type)] = [:]
        var conditions: [String: Condition] = [:]
        for spec in specs {
            let typeNode = spec.node.child("type") ?? spec.node
            let type = try PhaseRegistry.type(named: spec.type, at: typeNode)
            types[spec.name] = type
            if type == ConditionalPhase.self {
                let conditionNode = spec.node.child("condition") ?? spec.node
                guard let text = spec.condition else {
                    throw spec.node.error("a conditional phase needs a condition, e.g. \"${assess.market_conditions.volatility} > 0.25\"")
                }
                do {
                    conditions[spec.name] = try Condition.parse(text)
                } catch {
                    throw conditionNode.error("\(error)")
                }
                guard let ifTrue = spec.ifTrue, let ifFalse = spec.ifFalse else {
                    throw spec.node.error("a conditional phase needs both if_true and if_false")
                }
                let t = try PhaseRegistry.type(named: ifTrue.type, at: ifTrue.node.child("type") ?? ifTrue.node)
                let f = try PhaseRegistry.type(named: ifFalse.type, at: ifFalse.node.child("type") ?? ifFalse.node)
                for (branchType, branch) in [(t, ifTrue), (f, ifFalse)] where branchType == ConditionalPhase.self {
                    throw branch.node.error("a conditional branch cannot itself be conditional")
                }
                branchTypes[spec.name] = (t, f)
            } else {
                for key in ["condition", "if_true", "if_false"] {
                    if let node = spec.node.keyNode(key) {
                        throw node.error("'\(key)' belongs to phases of type conditional; this phase is \(spec.type)")
                    }
                }
            }
        }
        // 2. Outputs. A name the type does not define (and that is no near-miss of one) is an
        // alias of the type's primary output (e.g. `strategy_a_results` of an optimisation).
        var aliasOf: [String: String] = [:]
        func alias(_ phase: String, _ output: String) -> String? {
            guard branchTypes[phase] == nil, let type = types[phase], type.outputKind(output) == nil,
                  Suggestions.closest(to: output, among: type.outputNames) == nil,
                  output.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else { return nil }
            let spec = specs.first { $0.name == phase }
            let kinds = spec?.inputs.compactMap { reference in
                outputKind(producer: reference.phase, output: reference.output, types: types, branchTypes: branchTypes)
            } ?? []
            return type.primaryOutput(inputKinds: kinds, config: spec?.config)
        }
        func canProduce(_ phase: String, _ output: String) -> Bool {
            if aliasOf["\(phase).\(output)"] != nil { return true }
            guard let type = types[phase] else { return false }
            if let (t, f) = branchTypes[phase] {
                return output == "condition_result" || (t.outputKind(output) != nil && f.outputKind(output) != nil)
            }
            return type.outputKind(output) != nil
        }
        func producible(_ phase: String) -> [String] {
            guard let type = types[phase] else { return [] }
            if let (t, f) = branchTypes[phase] {
                return ["condition_result"] + t.outputNames.filter { f.outputNames.contains($0) }
            }
            return type.outputNames
        }
        var outputs: [String: [String]] = [:]
        for spec in specs {
            let listed = spec.outputs
            for (index, output) in listed.enumerated() where !canProduce(spec.name, output) {
                if let primary = alias(spec.name, output) {
                    aliasOf["\(spec.name).\(output)"] = primary
                    continue
                }
                let node = spec.node.child("outputs").flatMap { try? $0.sequence() }.flatMap { index < $0.count ? $0[index] : nil } ?? spec.node
                let candidates = producible(spec.name)
                let hint = Suggestions.closest(to: output, among: candidates).map { "did you mean '\($0)'? " } ?? ""
                throw node.error("a phase of type \(spec.type) cannot produce '\(output)'",
                                 hint: "\(hint)it produces: \(candidates.joined(separator: ", "))")
            }
            if listed.isEmpty {
                if let (t, _) = branchTypes[spec.name] { outputs[spec.name] = t.defaultOutputs.filter { canProduce(spec.name, $0) } + ["condition_result"] }
                else {
                    let kinds = spec.inputs.compactMap { reference in
                        outputKind(producer: reference.phase, output: aliasOf["\(reference.phase).\(reference.output)"] ?? reference.output,
                                   types: types, branchTypes: branchTypes)
                    }
                    outputs[spec.name] = types[spec.name]?.defaultOutputs(inputKinds: kinds, method: spec.method, config: spec.config) ?? []
                }
            } else {
                outputs[spec.name] = listed
            }
        }
        // 3. Inputs and the graph.
        let stageOf: [String: Int] = Dictionary(uniqueKeysWithValues: specs.map { spec in
            (spec.name, spec.isConvergence ? 2 : (spec.branch == nil ? 0 : 1))
        })
        let branchOf: [String: String] = Dictionary(uniqueKeysWithValues: specs.compactMap { s in s.branch.map { (s.name, $0) } })
        var resolvedInputs: [String: [(InputReference, String, String)]] = [:]
        for spec in specs {
            var references = spec.inputs
            for reference in conditions[spec.name]?.references ?? [] where !references.contains(where: {
                $0.phase == reference.phase && $0.output == reference.output
            }) {
                let node = spec.node.child("condition") ?? spec.node
                references.append(InputReference(
                    text: "\(reference.phase).\(reference.output)", components: [reference.phase, reference.output],
                    line: node.line, column: node.column, path: node.path))
            }
            var list: [(InputReference, String, String)] = []
            for reference in references {
                let node = spec.node.child("inputs") ?? spec.node
                let located = { (message: String, hint: String?) -> ConfigError in
                    ConfigError(file: node.file, line: reference.line ?? node.line, column: reference.column ?? node.column,
                                path: reference.path, message: message, hint: hint)
                }
                let producer = reference.phase
                guard types[producer] != nil else {
                    let hint = Suggestions.closest(to: producer, among: specs.map(\.name)).map { "did you mean '\($0)'?" }
                    throw located("input '\(reference.text)' names phase '\(producer)', which the workflow does not have", hint)
                }
                if let branch = reference.branch, branchOf[producer] != branch {
                    throw located("input '\(reference.text)': phase '\(producer)' is not in parallel branch '\(branch)'", nil)
                }
                guard producer != spec.name else { throw located("phase '\(spec.name)' cannot use its own output as input (a cycle)", nil) }
                let (own, theirs) = (stageOf[spec.name] ?? 0, stageOf[producer] ?? 0)
                if theirs > own || (own == 1 && theirs == 1 && branchOf[producer] != branchOf[spec.name]) {
                    throw located("input '\(reference.text)': phase '\(producer)' runs in a later stage or another parallel branch",
                                  "parallel branches run after the top-level phases; only the convergence phase may combine branches")
                }
                let output = reference.output
                if !(outputs[producer] ?? []).contains(output) {
                    let listedExplicitly = !(specs.first { $0.name == producer }?.outputs.isEmpty ?? true)
                    if !listedExplicitly, canProduce(producer, output) {
                        outputs[producer, default: []].append(output)
                    } else if !listedExplicitly, let primary = alias(producer, output) {
                        aliasOf["\(producer).\(output)"] = primary
                        outputs[producer, default: []].append(output)
                    } else {
                        let available = listedExplicitly ? (outputs[producer] ?? []) : producible(producer)
                        let hint = Suggestions.closest(to: output, among: available).map { "did you mean '\($0)'? " } ?? ""
                        throw located("input '\(reference.text)': phase '\(producer)' does not produce '\(output)'",
                                      "\(hint)its outputs: \(available.joined(separator: ", "))")
                    }
                }
                list.append((reference, producer, output))
            }
            resolvedInputs[spec.name] = list
        }
        try checkCycles(specs: specs, inputs: resolvedInputs)
        // Conditions read fields their outputs have.
        for spec in specs {
            for reference in conditions[spec.name]?.references ?? [] {
                guard let field = reference.path.first, branchTypes[reference.phase] == nil,
                      let fields = types[reference.phase]?.outputFields(reference.output), !fields.contains(field) else { continue }
                let hint = Suggestions.closest(to: field, among: fields).map { "did you mean '\($0)'? " } ?? ""
                throw (spec.node.child("condition") ?? spec.node).error(
                    "the condition reads ${\(reference)}, but \(reference.phase).\(reference.output) has no field '\(field)'",
                    hint: "\(hint)its fields: \(fields.joined(separator: ", "))")
            }
        }
        // 4. Data, seed and phase configurations.
        let seed = document.workflow.effectiveSeed
        let data = try document.data.map { try dataPlan($0) }
        let symbols = data?.symbols ?? []
        var planned: [String: PlannedPhase] = [:]
        for spec in specs {
            let inputs = resolvedInputs[spec.name] ?? []
            var planning = PlanningContext(
                symbols: symbols,
                inputKinds: inputs.compactMap { reference, producer, output in
                    outputKind(producer: producer, output: aliasOf["\(producer).\(output)"] ?? output, types: types,
                               branchTypes: branchTypes).map { (reference, $0) }
                },
                seed: seed)
            planning.dataStart = document.data?.startDate
            planning.dataEnd = document.data?.endDate
            let declaration = PhaseDeclaration(
                name: spec.name, type: spec.type, config: spec.config, method: spec.method,
                inputs: inputs.map(\.0), outputs: outputs[spec.name] ?? [], containerCount: spec.containerCount,
                timeoutHours: spec.timeoutHours, node: spec.node)
            let phase: any WorkflowPhase
            if let (t, f) = branchTypes[spec.name], let condition = conditions[spec.name],
               let ifTrue = spec.ifTrue, let ifFalse = spec.ifFalse {
                var branchOutputs = declaration
                branchOutputs.outputs = declaration.outputs.filter { $0 != "condition_result" }
                var trueDeclaration = branchOutputs
                trueDeclaration.type = ifTrue.type
                trueDeclaration.config = ifTrue.config
                trueDeclaration.method = ifTrue.method
                trueDeclaration.node = ifTrue.node
                var falseDeclaration = branchOutputs
                falseDeclaration.type = ifFalse.type
                falseDeclaration.config = ifFalse.config
                falseDeclaration.method = ifFalse.method
                falseDeclaration.node = ifFalse.node
                phase = ConditionalPhase(name: spec.name, text: spec.condition ?? "", condition: condition,
                                         ifTrue: try t.init(trueDeclaration, planning: planning),
                                         ifFalse: try f.init(falseDeclaration, planning: planning))
            } else if let type = types[spec.name] {
                phase = try type.init(declaration, planning: planning)
            } else {
                throw spec.node.error("internal: phase type lost")
            }
            let resources = try Resources.resolve(spec: spec, document: document, cap: options.workers)
            planned[spec.name] = PlannedPhase(
                name: spec.name, type: spec.type, branch: spec.branch, phase: phase,
                inputs: inputs.map { (reference: $0.0, producer: $0.1, output: $0.2) },
                outputs: outputs[spec.name] ?? [],
                aliases: (outputs[spec.name] ?? []).compactMap { output in aliasOf["\(spec.name).\(output)"].map { (output, $0) } },
                workers: resources.workers,
                memoryLimitBytes: resources.memoryLimitBytes, priority: resources.priority,
                timeoutHours: spec.timeoutHours, policy: document.workflow.errorHandling?.policy(for: spec.name),
                node: spec.node, memoryPerWorkerBytes: resources.memoryPerWorkerBytes, containerCount: spec.containerCount)
        }
        // The lineage rule, where the graph shows it.
        try StaticLineage.check(phases: planned, order: specs.compactMap { planned[$0.name] }, split: data?.split,
                                data: { data.flatMap { try? WorkflowData.load($0) } })
        // 5. Workflow settings.
        var warnings = try Settings.check(document)
        for name in policyAndResourceNames(document) where !specs.contains(where: { $0.name == name.name }) {
            warnings.append("\(name.section) names phase '\(name.name)', which this workflow does not have")
        }
        // 6. Data availability.
        if !specs.isEmpty && data == nil {
            throw root.error("the workflow has phases but no data section",
                             hint: "add data: {symbols: [\"AAPL\"], path: data, start_date: …, end_date: …}")
        }
        if let data, let section = document.data {
            try checkAvailability(data, section: section)
        }
        // Stages.
        let topLevel = specs.filter { stageOf[$0.name] == 0 }.compactMap { planned[$0.name] }
        let sequential = stableOrder(topLevel, inputs: resolvedInputs)
        let branches = document.workflow.parallelPhases.values.map { branch in
            (name: branch.name, phases: stableOrder(branch.phases.compactMap { planned[$0.name] }, inputs: resolvedInputs))
        }
        let convergence = document.workflow.convergencePhase.flatMap { planned[$0.name] }
        let identifier = workflowIdentifier(document)
        let location = (document.workflow.checkpointing?.checkpointLocation ?? "checkpoints/\(identifier)/")
            .replacingOccurrences(of: "workflow_id", with: identifier)
        return WorkflowPlan(
            document: document, identifier: identifier, name: document.workflow.name ?? identifier, seed: seed,
            data: data, sequential: sequential, branches: branches, convergence: convergence, warnings: warnings,
            global: document.workflow.errorHandling?.globalErrorPolicy, checkpointLocation: location,
            reportPath: document.reporting?.effectiveOutputPath ?? "reports/",
            includePhaseReports: document.reporting?.shouldIncludePhaseReports ?? true,
            generateSummaryReport: document.reporting?.shouldGenerateSummaryReport ?? true)
    }

    /// The workflow's identifier: the config file's name without extension, made path-safe.
    static func workflowIdentifier(_ document: WorkflowDocument) -> String {
        let stem = URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent
        let safe = String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        return safe.isEmpty ? "workflow" : safe
    }

    static func outputKind(producer: String, output: String, types: [String: any WorkflowPhase.Type],
                           branchTypes: [String: (any WorkflowPhase.Type, any WorkflowPhase.Type)]) -> ArtifactKind? {
        if let (t, _) = branchTypes[producer] {
            return output == "condition_result" ? .metrics : t.outputKind(output)
        }
        return types[producer]?.outputKind(output)
    }

    static func policyAndResourceNames(_ document: WorkflowDocument) -> [(section: String, name: String)] {
        var names: [(String, String)] = []
        for name in document.workflow.errorHandling?.phaseErrorPolicies.keys ?? [] {
            names.append(("workflow.error_handling.phase_error_policies", name))
        }
        for name in document.workflow.resourceManagement?.phaseResources.keys ?? [] {
            names.append(("workflow.resource_management.phase_resources", name))
        }
        for name in document.infrastructure?.phaseResources.keys ?? [] {
            names.append(("infrastructure.phase_resources", name))
        }
        return names
    }

    /// Reports the first cycle among the inputs, naming its phases.
    static func checkCycles(specs: [PhaseSpec], inputs: [String: [(InputReference, String, String)]]) throws {
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ name: String) throws {
            if state[name] == 2 { return }
            if state[name] == 1 {
                let cycle = (stack.drop { $0 != name } + [name]).joined(separator: " → ")
                let node = specs.first { $0.name == name }?.node
                throw node?.error("the inputs form a cycle: \(cycle)") ?? WorkflowError("the inputs form a cycle: \(cycle)")
            }
            state[name] = 1
            stack.append(name)
            for (_, producer, _) in inputs[name] ?? [] { try visit(producer) }
            stack.removeLast()
            state[name] = 2
        }
        for spec in specs { try visit(spec.name) }
    }

    /// Dependency order that keeps the listing order where dependencies allow, preferring higher priority.
    static func stableOrder(_ phases: [PlannedPhase], inputs: [String: [(InputReference, String, String)]]) -> [PlannedPhase] {
        var remaining = phases
        var done: Set<String> = []
        let names = Set(phases.map(\.name))
        var ordered: [PlannedPhase] = []
        while !remaining.isEmpty {
            let ready = remaining.enumerated().filter { _, phase in
                (inputs[phase.name] ?? []).allSatisfy { !names.contains($0.1) || done.contains($0.1) }
            }
            guard let pick = ready.max(by: { a, b in
                a.element.priority != b.element.priority ? a.element.priority < b.element.priority : a.offset > b.offset
            }) else {
                ordered += remaining
                break
            }
            ordered.append(pick.element)
            done.insert(pick.element.name)
            remaining.remove(at: pick.offset)
        }
        return ordered
    }
}
