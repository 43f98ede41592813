/// Every strategy ADMF knows, by name.
public enum StrategyRegistry {
    /// All strategies, sorted by name.
    public static let all: [StrategyDefinition] = [
        Momentum.definition, MeanReversion.definition, Breakout.definition, PairsTrading.definition,
        SMACrossover.definition, EMACrossover.definition, MACDCrossover.definition, RSIBands.definition,
        BollingerBandsStrategy.definition, KeltnerBandsStrategy.definition, Defensive.definition,
        VolatilityTrading.definition,
    ].sorted { $0.name < $1.name }

    /// The names of all strategies, sorted.
    public static var names: [String] { all.map(\.name) }

    /// The strategy called `name`, or an error that lists the known ones and suggests the closest.
    public static func strategy(named name: String) throws -> StrategyDefinition {
        if let found = all.first(where: { $0.name == name }) { return found }
        let hint = didYouMean(name, in: names).map { " — did you mean '\($0)'?" } ?? ""
        throw StrategyError("unknown strategy '\(name)'\(hint) (known: \(names.joined(separator: ", ")))")
    }
}
