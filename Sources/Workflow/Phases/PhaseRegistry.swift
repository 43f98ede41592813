/// The phase types ADMF runs, and the ones the specification names that it does not run yet.
public enum PhaseRegistry {
    /// Every supported phase type, by `type:` name.
    public static let types: [any WorkflowPhase.Type] = [
        OptimizationPhase.self, AnalysisPhase.self, BacktestPhase.self, TransformationPhase.self,
        DataProcessingPhase.self, SignalGenerationPhase.self, ConditionalPhase.self, WalkForwardPhase.self,
    ]

    /// Phase types of the specification that are planned but not implemented, with what to expect.
    public static let notYetSupported: [(type: String, note: String)] = [
        ("ensemble_optimization", "ensemble construction is not implemented yet"),
        ("feature_engineering", "use type data_processing for features; ML feature pipelines are not implemented"),
        ("data_integration", "alternative-data integration is not implemented"),
        ("comprehensive_validation", "acceptance-criteria validation is not implemented yet"),
        ("live_simulation", "paper and shadow trading are not implemented yet"),
        ("live_trading", "live trading is not implemented"),
    ]

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
