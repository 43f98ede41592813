import ArgumentParser
import Strategies
import Workflow

/// `admf strategies`: every strategy with its parameters, defaults and ranges, then the
/// machine-learning models an optimization over features trains, with the specification's
/// names each stands for and their searchable hyperparameters.
struct StrategiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies", abstract: "List the strategies and their parameters.")

    func run() throws {
        for strategy in StrategyRegistry.all {
            let symbols = strategy.symbolCount == 1 ? "" : " [\(strategy.symbolCount) symbols]"
            emit("\(strategy.name)\(symbols): \(strategy.summary)")
            for spec in strategy.parameters { emit(Self.line(spec)) }
            if !strategy.constraints.isEmpty {
                emit("    constraints: " + strategy.constraints.map(\.description).joined(separator: ", "))
            }
        }
        emit("")
        emit("machine-learning models (an optimization phase with a features or processed_data input; without an optimization block: random search, "
             + "\(MLModelCatalogue.defaultTrials) trials over the default ranges; cv_folds 5, embargo_bars 5):")
        for model in MLModelCatalogue.entries {
            let aliases = model.aliases.isEmpty ? "" : " — the default for \(model.aliases.joined(separator: ", "))"
            emit("\(model.name): \(model.summary)\(aliases)")
            for spec in model.hyperparameters { emit(Self.line(spec)) }
        }
    }

    /// `    name (kind, default d, range [low, high]): summary`
    static func line(_ spec: ParameterSpec) -> String {
        let range = "[\(ParameterSet.format(spec.range.lowerBound)), \(ParameterSet.format(spec.range.upperBound))]"
        return "    \(spec.name) (\(spec.kind.rawValue), default \(ParameterSet.format(spec.defaultValue)), range \(range)): \(spec.summary)"
    }
}
