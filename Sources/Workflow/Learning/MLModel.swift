import Learning
import Market
import Strategies

/// The machine-learning models an `optimization` phase can train on a `features` input, each
/// with its hyperparameters declared like a strategy's parameters (so `optimization.parameters`
/// searches them with the same syntax and samplers).
///
/// | name | model | hyperparameters (default, default search range) |
/// |---|---|---|
/// | `logistic_regression` | L2 logistic regression on standardised features (sklearn `LogisticRegression`) | `c` (1, [0.01, 10]) |
/// | `gradient_boosting` | gradient-boosted trees (sklearn `GradientBoostingClassifier`) | `estimators` (50, [10, 200]), `learning_rate` (0.1, [0.01, 0.3]), `max_depth` (3, [1, 5]) |
/// | `mlp` | one ReLU hidden layer, logistic output, L-BFGS, standardised features (sklearn `MLPClassifier(solver="lbfgs")`) | `hidden_units` (32, [4, 64]), `alpha` (0.0001, [0.0001, 1]) |
///
/// The specification's names map onto these defaults: `sklearn_model` → `logistic_regression`
/// (scikit-learn's default classifier for this task) and `tensorflow_model` → `mlp` (a small
/// dense network, as a default Keras `Sequential([Dense(32, relu), Dense(1, sigmoid)])` is).
enum MLModel: String, CaseIterable, Sendable {
    case logisticRegression = "logistic_regression"
    case gradientBoosting = "gradient_boosting"
    case mlp

    /// The specification's model names and the model each stands for.
    static let aliases: [(alias: String, model: MLModel)] = [("sklearn_model", .logisticRegression), ("tensorflow_model", .mlp)]

    /// A model by its name or an alias.
    static func named(_ name: String) -> MLModel? {
        MLModel(rawValue: name) ?? aliases.first { $0.alias == name }?.model
    }

    /// Whether `name` names a model (or an alias), not a strategy.
    static func isModelName(_ name: String) -> Bool { named(name) != nil }

    var summary: String {
        switch self {
        case .logisticRegression: return "L2 logistic regression on standardised features (sklearn LogisticRegression)"
        case .gradientBoosting: return "gradient-boosted regression trees, log-loss (sklearn GradientBoostingClassifier)"
        case .mlp: return "dense network, one ReLU hidden layer, logistic output, L-BFGS, standardised features (sklearn MLPClassifier, solver lbfgs)"
        }
    }

    /// The hyperparameters with their defaults and default search ranges.
    var hyperparameters: [ParameterSpec] {
        switch self {
        case .logisticRegression:
            return [ParameterSpec("c", .real, default: 1, range: 0.01...10, "C, the inverse L2 penalty strength")]
        case .gradientBoosting:
            return [ParameterSpec("estimators", .integer, default: 50, range: 10...200, "boosting stages (trees)"),
                    ParameterSpec("learning_rate", .real, default: 0.1, range: 0.01...0.3, "shrinkage of each tree"),
                    ParameterSpec("max_depth", .integer, default: 3, range: 1...5, "depth limit of each tree")]
        case .mlp:
            return [ParameterSpec("hidden_units", .integer, default: 32, range: 4...64, "units of the hidden ReLU layer"),
                    ParameterSpec("alpha", .real, default: 0.0001, range: 0.0001...1, "L2 penalty on the weights")]
        }
    }

    /// The declaration the samplers draw from (never in the strategy registry).
    var definition: StrategyDefinition {
        StrategyDefinition(declaring: rawValue, summary: summary, parameters: hyperparameters)
    }

    /// Fits the model on `x` and `labels`; `values` are resolved hyperparameters and `seed`
    /// seeds what is random in the fit (the network's initial weights).
    func fit(_ x: FeatureMatrix, labels: [Int], values: [String: Double], seed: UInt64) throws -> FittedModel {
        func value(_ name: String) -> Double {
            values[name] ?? hyperparameters.first { $0.name == name }?.defaultValue ?? .nan
        }
        switch self {
        case .logisticRegression:
            let model = try StandardizedClassifier(LogisticClassifier(.init(c: value("c")))).fit(x, labels: labels)
            return FittedModel(coefficients: model.model.model.coefficients) { try model.probabilities($0) }
        case .gradientBoosting:
            let config = GradientBoostedTreesConfig(estimators: Int(value("estimators")), learningRate: value("learning_rate"),
                                                    maxDepth: Int(value("max_depth")), seed: seed)
            let model = try GradientBoostedTrees(config).fit(x, labels: labels)
            return FittedModel(coefficients: nil) { try model.probabilities($0) }
        case .mlp:
            let config = MultilayerPerceptronConfig(hiddenLayerSizes: [Int(value("hidden_units"))], alpha: value("alpha"), seed: seed)
            let model = try StandardizedClassifier(MultilayerPerceptron(config)).fit(x, labels: labels)
            return FittedModel(coefficients: nil) { try model.probabilities($0) }
        }
    }
}

/// A fitted model behind one interface: P(y = 1 | x) per row, and for logistic regression its
/// coefficients on the standardised features (the standardised coefficients).
struct FittedModel: Sendable {
    let coefficients: [Double]?
    let predict: @Sendable (FeatureMatrix) throws -> [Double]

    init(coefficients: [Double]?, predict: @escaping @Sendable (FeatureMatrix) throws -> [Double]) {
        self.coefficients = coefficients
        self.predict = predict
    }
}

/// The model catalogue as `admf strategies` lists it.
public enum MLModelCatalogue {
    /// Each model: its name, what it is, the specification's names that map to it, and its
    /// hyperparameters (defaults and default search ranges).
    public static var entries: [(name: String, summary: String, aliases: [String], hyperparameters: [ParameterSpec])] {
        MLModel.allCases.map { model in
            (model.rawValue, model.summary, MLModel.aliases.filter { $0.model == model }.map(\.alias), model.hyperparameters)
        }
    }

    /// Trials of a model search without an `optimization` block.
    public static var defaultTrials: Int { MLSearchConfig.defaultTrials }
}
