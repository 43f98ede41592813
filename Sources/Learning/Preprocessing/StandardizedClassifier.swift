/// A classifier that standardises its training features first (scikit-learn
/// `make_pipeline(StandardScaler(), classifier)`): ``fit(_:labels:sampleWeights:)`` fits a
/// ``Standardizer`` on the training rows it is given, trains `base` on the scaled rows, and
/// the fitted model scales every later input with those training means and scales.
///
/// Because the scaler lives inside the fit, each fold of a cross-validation scales with its
/// own training rows only. The scaler is unweighted (as sklearn's pipeline, which passes
/// `sample_weight` to the final step only).
///
/// ```swift
/// let mlp = StandardizedClassifier(MultilayerPerceptron(.init(hiddenLayerSizes: [16])))
/// let model = try mlp.fit(train, labels: y)
/// model.standardizer.means    // the training means
/// ```
public struct StandardizedClassifier<Base: Classifier>: Classifier {
    public var base: Base

    public init(_ base: Base) {
        self.base = base
    }

    public func fit(_ x: FeatureMatrix, labels: [Int], sampleWeights: [Double]?) throws(LearningError)
        -> StandardizedModel<Base.Model>
    {
        let scaler = try Standardizer.fit(x)
        let model = try base.fit(scaler.transform(x), labels: labels, sampleWeights: sampleWeights)
        return StandardizedModel(standardizer: scaler, model: model)
    }
}

/// A fitted model behind its training ``Standardizer``.
public struct StandardizedModel<Model: FittedClassifier>: FittedClassifier {
    public let standardizer: Standardizer
    public let model: Model

    public init(standardizer: Standardizer, model: Model) {
        self.standardizer = standardizer
        self.model = model
    }

    public var featureCount: Int { model.featureCount }

    public func probabilities(_ x: FeatureMatrix) throws(LearningError) -> [Double] {
        try model.probabilities(standardizer.transform(x))
    }
}

extension StandardizedModel: Equatable where Model: Equatable {}
