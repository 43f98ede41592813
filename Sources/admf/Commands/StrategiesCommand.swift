import ArgumentParser
import Strategies

/// `admf strategies`: every strategy with its parameters, defaults and ranges.
struct StrategiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies", abstract: "List the strategies and their parameters.")

    func run() throws {
        for strategy in StrategyRegistry.all {
            let symbols = strategy.symbolCount == 1 ? "" : " [\(strategy.symbolCount) symbols]"
            emit("\(strategy.name)\(symbols): \(strategy.summary)")
            for spec in strategy.parameters {
                let range = "[\(ParameterSet.format(spec.range.lowerBound)), \(ParameterSet.format(spec.range.upperBound))]"
                emit("    \(spec.name) (\(spec.kind.rawValue), default \(ParameterSet.format(spec.defaultValue)), range \(range)): \(spec.summary)")
            }
            if !strategy.constraints.isEmpty {
                emit("    constraints: " + strategy.constraints.map(\.description).joined(separator: ", "))
            }
        }
    }
}
