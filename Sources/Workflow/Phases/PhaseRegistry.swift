/// The phase types ADMF runs, and the ones the specification names that it does not run yet.
public enum PhaseRegistry {
    /// Every supported phase type, by `type:` name.
    public static let types: [any WorkflowPhase.Type] = [
        OptimizationPhase.self, AnalysisPhase.self, BacktestPhase.self, TransformationPhase.self,
        DataProcessingPhase.self, SignalGenerationPhase.self, ConditionalPhase.self, WalkForwardPhase.self,
        EnsemblePhase.self, ComprehensiveValidationPhase.self, DataIntegrationPhase.self, FeatureEngineeringPhase.self, LiveSimulationPhase.self, LiveTradingPhase.self,
    ]

    /// Phase types the specification names that ADMF refuses for now, with what to use meanwhile.
    public static let notYetSupported: [(type: String, note: String)] = []

    public static var names: [String] { types.map { $0.typeName } }

    /// The phase type called `name`, or an error naming it (and what exists).
    public static func type(named name: String, at node: ConfigNode) throws -> any WorkflowPhase.Type {
        if let found = types.first(where: { $0.typeName == name }) { return found }
        let supported = names.joined(separator: ", ")
        if let pending = notYetSupported.first(where: { $0.type == name }) {
            throw node.error("phase type '\(name)' is not supported yet", hint: "\(pending.note); supported types: \(supported)")
        }
        let suggestion = Suggestions.closest(to: name, among: names + notYetSupported.map(\.type))
        throw node.error("unknown phase type '\(name)'" + (suggestion.map { " — did you mean '\($0)'?" } ?? ""),
                         hint: "supported types: \(supported)")
    }
}
